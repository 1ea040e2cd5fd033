// Datadog full sync of a large org: wall time of the connector vs the least time the simulated rate limit
// allows for the requests it needs (the floor), and the client's CPU per row. The simulator runs in its own
// process (sim/datadog/cli.ts), so serving the org shares neither a core nor an event loop with the client.
//
//   npx tsx bench/datadog-sync.ts [--users 50000] [--time-scale 10] [--users-rate-limit 100]
//
// Floor: the users listing needs ceil(users / 100) requests; with L per period P the last one cannot go out
// before floor((requests - 1) / L) periods have passed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { syncDatadog } from '../src-main/engine/connectors/datadog/datadog-sync.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '50000' },
    'time-scale': { type: 'string', default: '10' },
    'users-rate-limit': { type: 'string', default: '100' },
  },
});
const users = Number(values.users);
const timeScale = Number(values['time-scale']);
const limit = Number(values['users-rate-limit']);
const dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-datadog-'));
const files = { ca: path.join(dir, 'ca.pem'), api: path.join(dir, 'api'), app: path.join(dir, 'app') };

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    'sim/datadog/cli.ts',
    '--users',
    String(users),
    '--time-scale',
    String(timeScale),
    '--users-rate-limit',
    String(limit),
    '--ca-out',
    files.ca,
    '--token-out',
    files.api,
    '--app-key-out',
    files.app,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /listening on (\S+)/.exec(out);
    if (m && out.includes('application key:')) resolve(m[1] as string);
  });
  child.on('exit', (code) => reject(new Error(`simulator exited ${code}`)));
});

try {
  const ctx = {
    config: { baseUrl: url },
    secrets: {
      apiKey: readFileSync(files.api, 'utf8').trim(),
      appKey: readFileSync(files.app, 'utf8').trim(),
    },
    caPem: readFileSync(files.ca, 'utf8'),
    proxyUrl: null,
    signal: new AbortController().signal,
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rows = 0;
  const ends: Array<{ dataset: string; complete: boolean; pages: number }> = [];
  for await (const event of syncDatadog(ctx)) {
    if (event.type === 'batch') rows += event.records.length;
    if (event.type === 'dataset_end')
      ends.push({ dataset: event.dataset, complete: event.complete, pages: event.pages });
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const periodS = 60 / timeScale;
  const requests = Math.ceil((users + Math.max(1, Math.round(users * 0.02))) / 100);
  const floorS = Math.floor((requests - 1) / limit) * periodS;
  console.log(JSON.stringify({ users, timeScale, usersRateLimit: limit, periodS, ends }, null, 1));
  console.log(
    `rows ${rows}; wall ${wallS.toFixed(2)} s; floor ${floorS.toFixed(1)} s; wall/floor ${(wallS / floorS).toFixed(2)}`,
  );
  console.log(
    `client CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; ${((cpu.user + cpu.system) / rows).toFixed(1)} µs per row`,
  );
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
