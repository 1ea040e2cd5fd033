// Start-up time of the command line and of a lane, compiled (what `npm ci` builds into dist/node and
// bin/vouch.js runs) vs the tsx path (TypeScript transpiled at run time, how `npm run vouch` runs), each vs the
// floor of starting Node at all (`node -e 0`):
//   vouch --version       exits as soon as commander has parsed its argv
//   vouch source list     opens the store (an empty data directory) and the vault (VOUCH_MASTER_KEY)
//   lane ready            from fork to the lane's `ready` message: loaded, store open, about to claim a job
//                         (the data directory has no sources, so no connector is loaded: with an Okta source
//                         the lane loads the Okta SDK before it is ready, which a sync pays for once)
//
//   npm run bench:startup                 9 rounds after 1 warm-up round
//   npm run bench:startup -- --runs=N     N rounds
//
// The commands run in turn within each round (floor, compiled, tsx, ...), so a machine that slows down mid-run
// slows every column alike; figures are medians. Targets on the reference machine (issue 9): --version
// ≤ 0.3 s, source list ≤ 0.6 s, lane ready ≤ 0.5 s.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { buildNodeBundles } from '../src-main/build/build-node.ts';
import { ChildProcessHost } from '../src-main/engine/jobs/child-process-host.ts';
import { parseLaneMessage } from '../src-main/engine/jobs/lane-protocol.ts';
import {
  flagValue,
  fmtRatio,
  fmtSeconds,
  loadLine,
  machine,
  median,
  table,
  writeResult,
} from './lib/report.ts';

const root = path.resolve(import.meta.dirname, '..');
const rounds = Number(flagValue('runs') ?? 9);
const tsx = createRequire(import.meta.url).resolve('tsx');
const compiledCli = path.join(root, 'bin', 'vouch.js');
const sourceCli = path.join(root, 'src-main', 'cli', 'main.ts');
const compiledLane = path.join(root, 'dist', 'node', 'lane-main.mjs');
const sourceLane = path.join(root, 'src-main', 'engine', 'lanes', 'lane-main.ts');

const targetsMs = { version: 300, list: 600, lane: 500 } as const;

/** Wall milliseconds from spawn to exit; throws when the command fails, so a broken build is not timed. */
function timeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
}

/** Wall milliseconds from fork to the lane's `ready` message; waits for the lane to exit (it has no job). */
function timeLaneReady(modulePath: string, dataDir: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let readyMs: number | null = null;
    const lane = new ChildProcessHost().forkModule(modulePath, ['full', dataDir], { env });
    lane.onMessage((raw) => {
      if (readyMs === null && parseLaneMessage(raw)?.type === 'ready') readyMs = performance.now() - started;
    });
    lane.onExit((code) => {
      if (code === 0 && readyMs !== null) resolve(readyMs);
      else reject(new Error(`lane ${path.basename(modulePath)} exited with ${code} before it was ready`));
    });
  });
}

interface Row {
  name: string;
  key: keyof typeof targetsMs;
  compiled: () => Promise<number>;
  tsx: () => Promise<number>;
}

async function main(): Promise<void> {
  process.stdout.write('compiling dist/node from the current sources…\n');
  await buildNodeBundles({ root });

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-startup-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VOUCH_DATA_DIR: dataDir,
    VOUCH_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  try {
    // The data directory's store and vault are created once, here, so every timed run opens existing ones.
    await timeProcess([compiledCli, 'source', 'list'], env);

    const floor = () => timeProcess(['-e', '0'], env);
    const rows: Row[] = [
      {
        name: 'vouch --version',
        key: 'version',
        compiled: () => timeProcess([compiledCli, '--version'], env),
        tsx: () => timeProcess(['--import', tsx, sourceCli, '--version'], env),
      },
      {
        name: 'vouch source list',
        key: 'list',
        compiled: () => timeProcess([compiledCli, 'source', 'list'], env),
        tsx: () => timeProcess(['--import', tsx, sourceCli, 'source', 'list'], env),
      },
      {
        name: 'lane ready',
        key: 'lane',
        compiled: () => timeLaneReady(compiledLane, dataDir, env),
        tsx: () => timeLaneReady(sourceLane, dataDir, env),
      },
    ];

    const floorMs: number[] = [];
    const samples = rows.map(() => ({ compiled: [] as number[], tsx: [] as number[] }));
    for (let round = 0; round <= rounds; round++) {
      const counted = round > 0; // round 0 warms the file cache
      const f = await floor();
      if (counted) floorMs.push(f);
      for (const [i, row] of rows.entries()) {
        const compiled = await row.compiled();
        const viaTsx = await row.tsx();
        if (counted) {
          samples[i]!.compiled.push(compiled);
          samples[i]!.tsx.push(viaTsx);
        }
      }
      process.stdout.write(round === 0 ? 'warm-up done\n' : `round ${round}/${rounds}\n`);
    }

    const floorMedian = median(floorMs);
    const results = rows.map((row, i) => {
      const compiled = median(samples[i]!.compiled);
      const viaTsx = median(samples[i]!.tsx);
      return {
        name: row.name,
        compiledMs: Math.round(compiled),
        tsxMs: Math.round(viaTsx),
        compiledOverFloor: compiled / floorMedian,
        tsxOverFloor: viaTsx / floorMedian,
        compiledOverTsx: compiled / viaTsx,
        targetMs: targetsMs[row.key],
        meetsTarget: compiled <= targetsMs[row.key],
      };
    });

    process.stdout.write(`\n${loadLine()}\n`);
    process.stdout.write(`median of ${rounds} rounds; floor (node -e 0): ${fmtSeconds(floorMedian)}\n\n`);
    process.stdout.write(
      `${table(
        ['', 'compiled', 'tsx', 'compiled/floor', 'tsx/floor', 'compiled/tsx', 'target', 'compiled'],
        results.map((r) => [
          r.name,
          fmtSeconds(r.compiledMs),
          fmtSeconds(r.tsxMs),
          fmtRatio(r.compiledOverFloor),
          fmtRatio(r.tsxOverFloor),
          fmtRatio(r.compiledOverTsx),
          `≤ ${fmtSeconds(r.targetMs)}`,
          r.meetsTarget ? 'meets it' : 'MISSES it',
        ]),
      )}\n`,
    );
    const file = writeResult('startup', {
      machine: machine(),
      rounds,
      floorMs: Math.round(floorMedian),
      results,
    });
    process.stdout.write(`\nwritten to ${path.relative(root, file)}\n`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
