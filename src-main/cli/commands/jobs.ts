// vouch jobs list [--state STATE...] [--json] | retry ID | purge --dead: the job queue, its dead letters
// (jobs that failed their last attempt, with their redacted last error) and bringing one back.
import type { Command } from 'commander';
import type { JobStatus } from '../../engine/jobs/job-queue.ts';
import type { CliContext } from '../context.ts';
import { printJson, printLine, printTable } from '../output.ts';
import { UsageError } from '../usage-error.ts';

/** `dead` is what the CLI and the UI call the `failed` state: the dead-letter queue. */
const stateNames: Record<string, JobStatus> = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  dead: 'failed',
};

function parseStates(values: string[] | undefined): JobStatus[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return values.map((value) => {
    const state = stateNames[value];
    if (state === undefined) {
      throw new UsageError(
        `Unknown job state "${value}".`,
        `Use one of: ${Object.keys(stateNames).join(', ')}.`,
      );
    }
    return state;
  });
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerJobsCommands(program: Command, cli: CliContext): void {
  const jobs = program.command('jobs').description('the job queue: list, retry dead jobs, purge them');
  jobs
    .command('list')
    .description('jobs, newest first (dead = failed after its last attempt)')
    .option('--state <state>', 'queued, running, succeeded, failed or dead (repeatable)', collect)
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .action(async (opts: { state?: string[]; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError('--limit must be a positive integer.', 'For example `--limit 20`.');
      const list = (await cli.open()).jobs.list({ states: parseStates(opts.state), limit });
      if (opts.json) {
        printJson(list);
        return;
      }
      if (list.length === 0) {
        printLine('No jobs.');
        return;
      }
      printTable(
        ['ID', 'KIND', 'STATE', 'ATTEMPTS', 'UPDATED', 'LAST ERROR'],
        list.map((job) => [
          job.id,
          job.kind,
          job.status === 'failed' ? 'dead' : job.status,
          `${job.attempts}/${job.maxAttempts}`,
          new Date(job.updatedAt).toISOString(),
          job.lastError,
        ]),
      );
    });
  jobs
    .command('retry')
    .description('requeue a dead job with fresh attempts')
    .argument('<id>')
    .option('--json', 'print JSON')
    .action(async (rawId: string, opts: { json?: boolean }) => {
      const id = Number(rawId);
      if (!Number.isInteger(id) || id < 1)
        throw new UsageError(`"${rawId}" is not a job id.`, 'List jobs with `vouch jobs list`.');
      const retried = (await cli.open()).jobs.retry(id);
      if (opts.json) printJson(retried);
      else if (retried.requeued) printLine(`Job ${id} is queued again.`);
      else
        printLine(
          `Job ${id} stays dead: job ${retried.joinedId} of the same key is already queued or running and does its work.`,
        );
    });
  jobs
    .command('purge')
    .description('delete dead jobs (their runs and evidence stay)')
    .option('--dead', 'delete every dead job (required)')
    .option('--json', 'print JSON')
    .action(async (opts: { dead?: boolean; json?: boolean }) => {
      if (!opts.dead) throw new UsageError('Say what to purge.', 'Use `vouch jobs purge --dead`.');
      const purged = (await cli.open()).jobs.purgeDead();
      if (opts.json) printJson({ purged });
      else printLine(`Deleted ${purged} dead job${purged === 1 ? '' : 's'}.`);
    });
}
