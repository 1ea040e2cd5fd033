// The whole product path of an Okta sync, as a user runs it: `vouch sync` (the compiled CLI in dist/node, which
// forks a `full` lane) against the simulator, into a fresh data directory: connector, store writes, artifacts
// (canonical JSONL, SHA-256, gzip), the final commit and the relink, plus both process start-ups.
//
// CPU and peak memory come from GNU time (/usr/bin/time): wait4() reports the user + system time of the CLI
// and of every descendant it reaped (the lane), and the largest resident set of any of them. Without GNU time
// the CPU figure falls back to /proc/self/stat's reaped-children times and the peak RSS is unknown.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SimProcess } from './okta-sim-process.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'bin', 'vouch.js');
const gnuTime = '/usr/bin/time';

export interface FullSyncRun {
  wallMs: number;
  /** User + system CPU of the CLI and its lane (start-ups included), ms. */
  cpuMs: number;
  /** Largest resident set of the CLI or the lane, bytes; null when it could not be measured. */
  peakRssBytes: number | null;
  cpuSource: 'gnu-time' | 'proc-children';
  rows: number;
  status: string;
  datasets: { dataset: string; rows: number; pages: number; complete: boolean }[];
}

/** This process's reaped children's CPU (cutime + cstime), ms; Linux only. */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the command: state is field 3, cutime 16 and cstime 17 (1-based), i.e. indexes 13 and 14.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdin?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(args[0] as string, args.slice(1), { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

export async function runFullSync(sim: SimProcess): Promise<FullSyncRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-full-'));
  try {
    const env = {
      ...process.env,
      VOUCH_DATA_DIR: path.join(dir, 'data'),
      VOUCH_MASTER_KEY: randomBytes(32).toString('base64'),
    };
    const caFile = path.join(dir, 'ca.pem');
    writeFileSync(caFile, sim.caPem);
    const add = await run(
      [
        process.execPath,
        cli,
        'source',
        'add',
        'okta',
        '--name',
        'okta',
        '--domain',
        sim.host,
        '--token-stdin',
        '--ca-file',
        caFile,
        '--no-test',
      ],
      env,
      sim.token,
    );
    if (add.code !== 0) throw new Error(`vouch source add failed (${add.code}): ${add.stderr}`);
    const useTime = existsSync(gnuTime);
    const timeFile = path.join(dir, 'time.txt');
    const syncArgs = [process.execPath, cli, 'sync', 'okta', '--json'];
    const cpu0 = childrenCpuMs();
    const started = performance.now();
    const result = await run(
      useTime ? [gnuTime, '-o', timeFile, '-f', '%U %S %M', ...syncArgs] : syncArgs,
      env,
    );
    const wallMs = performance.now() - started;
    const procCpuMs = childrenCpuMs() - cpu0;
    if (result.code !== 0) throw new Error(`vouch sync exited ${result.code}: ${result.stderr.slice(-2000)}`);
    let cpuMs = procCpuMs;
    let peakRssBytes: number | null = null;
    if (useTime) {
      const [user, system, maxKb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ');
      cpuMs = (Number(user) + Number(system)) * 1000;
      peakRssBytes = Number(maxKb) * 1024;
    }
    const outcomes = JSON.parse(result.stdout) as {
      status: string;
      datasets: { dataset: string; rows: number; pages: number; complete: boolean }[];
    }[];
    const outcome = outcomes[0];
    if (!outcome) throw new Error('vouch sync printed no outcome');
    return {
      wallMs,
      cpuMs,
      peakRssBytes,
      cpuSource: useTime ? 'gnu-time' : 'proc-children',
      rows: outcome.datasets.reduce((sum, d) => sum + d.rows, 0),
      status: outcome.status,
      datasets: outcome.datasets.map(({ dataset, rows, pages, complete }) => ({
        dataset,
        rows,
        pages,
        complete,
      })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
