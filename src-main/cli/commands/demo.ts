// vouch demo: a simulated Okta org, a source for it, a sync, and what to try next — no account needed.
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { ChildProcessHost } from '../../engine/jobs/child-process-host.ts';
import { SyncProgressLine } from '../progress.ts';
import { printConnectionStatus } from './source.ts';
import { printOutcome } from './sync.ts';

const demoSourceName = 'okta-demo';

export function registerDemoCommand(program: Command, explicitDataDir: () => string | undefined): void {
  program
    .command('demo')
    .description('start a simulated Okta org, add it as a source, sync it and list the evidence')
    .option('--users <n>', 'users in the simulated org', '2000')
    .option('--keep-running', 'keep the simulator up after the sync (Ctrl-C to stop)')
    .action(async (opts) => {
      const dataDir = explicitDataDir() ?? path.join(os.tmpdir(), 'vouch-demo');
      const users = Number(opts.users);
      // Loaded on demand: the simulator (and its certificate generation) is not needed by other commands.
      const { startOktaSimulator } = await import('../../../sim/okta/index.ts');
      const { Engine } = await import('../../engine/engine.ts');
      process.stdout.write(`Starting a simulated Okta org with ${users} users…\n`);
      const sim = await startOktaSimulator({ users, seed: 42 });
      const engine = Engine.open(dataDir);
      try {
        if (engine.sources.list().some((s) => s.name === demoSourceName))
          engine.sources.remove(demoSourceName);
        engine.sources.add({
          name: demoSourceName,
          kind: 'okta',
          config: { domain: sim.host, caFile: '(simulator test CA)', caPem: sim.caPem },
          secrets: { apiToken: sim.token },
        });
        process.stdout.write(`Added source "${demoSourceName}" for ${sim.url} (data in ${dataDir}).\n`);
        printConnectionStatus(demoSourceName, await engine.testSource(demoSourceName));
        const progress = new SyncProgressLine();
        const [outcome] = await engine.sync({
          names: [demoSourceName],
          host: new ChildProcessHost(),
          onProgress: (p) => progress.update(p),
        });
        progress.done();
        if (outcome) printOutcome(outcome);
        const artifacts = engine.listArtifacts().filter((a) => a.source === demoSourceName);
        process.stdout.write(`\n${artifacts.length} artifacts collected:\n`);
        for (const a of artifacts.slice(0, 6)) {
          process.stdout.write(
            `  ${a.id}  ${a.kind.padEnd(22)} ${String(a.rowCount).padStart(7)} rows  ${a.complete ? 'complete' : 'PARTIAL'}  sha256 ${a.sha256.slice(0, 16)}…\n`,
          );
        }
        const first = artifacts.find((a) => a.kind === 'okta.users') ?? artifacts[0];
        const dd = `--data-dir ${JSON.stringify(dataDir)}`;
        process.stdout.write(
          `\nTry next:\n` +
            `  npx vouch ${dd} artifacts list\n` +
            (first ? `  npx vouch ${dd} export ${first.id} --format csv --out users.csv\n` : '') +
            `  npx vouch ${dd} source list\n`,
        );
        if (opts.keepRunning) {
          process.stdout.write(
            `\nThe simulator keeps running at ${sim.url}; try \`npx vouch ${dd} source test ${demoSourceName}\`. Ctrl-C stops it.\n`,
          );
          await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
        }
      } finally {
        engine.close();
        await sim.close();
      }
    });
}
