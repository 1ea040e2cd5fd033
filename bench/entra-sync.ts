// Entra ID full sync of a large simulated tenant: wall time of the connector vs the least time Graph's
// throttling allows for the resource units its requests cost (the floor), and the client's CPU per row.
//
//   npm run bench:entra-sync               50k users; 300 resource units per 2 s window (timeScale 5)
//   npm run bench:entra-sync -- --quick    5k users; 40 units per 1 s window (timeScale 10)
//   --users=N --budget=N --time-scale=N    other shapes
//
// Graph budgets resource units per app and tenant in 10-second windows (8,000 above 500 users). A 50k-user
// sync costs ~3k units, which Graph's real budget serves in one window: the sync is then bound by latency
// and the client, not throttling. The bench lowers the budget so throttling sets the pace and the ratio
// shows how close the connector stays to it (it waits exactly Retry-After, never earlier).
// The simulator runs in its own process (sim/entra/cli.ts) so serving the tenant does not share the
// client's event loop or CPU time. Resource units are tallied on the client from Graph's
// x-ms-resource-unit response header (node:diagnostics_channel, undici:request:headers).
import { spawn } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncEntra } from '../src-main/engine/connectors/entra/entra-sync.ts';
import {
  flagValue,
  fmtInt,
  fmtRatio,
  fmtSeconds,
  hasFlag,
  loadLine,
  machine,
  table,
  writeResult,
} from './lib/report.ts';

const quick = hasFlag('quick');
const users = Number(flagValue('users') ?? (quick ? 5_000 : 50_000));
const timeScale = Number(flagValue('time-scale') ?? (quick ? 10 : 5));
const budget = Number(flagValue('budget') ?? (quick ? 40 : 300));
const windowMs = 10_000 / timeScale;
const root = fileURLToPath(new URL('..', import.meta.url));

interface SimHandle {
  url: string;
  tenantId: string;
  clientId: string;
  caPem: string;
  secret: string;
  stop(): void;
}

async function startSim(dir: string): Promise<SimHandle> {
  const caOut = path.join(dir, 'ca.pem');
  const tokenOut = path.join(dir, 'secret');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'sim/entra/cli.ts'),
      '--users',
      String(users),
      '--throttle-budget',
      String(budget),
      '--time-scale',
      String(timeScale),
      '--latency-ms',
      '5',
      '--ca-out',
      caOut,
      '--token-out',
      tokenOut,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/token: /.test(out)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`simulator exited (${code}): ${out}`)));
  });
  const field = (label: string) => new RegExp(`${label}: (\\S+)`).exec(out)?.[1] ?? '';
  return {
    url: field('authority URL and Graph URL'),
    tenantId: field('tenant id'),
    clientId: field('client id'),
    caPem: readFileSync(caOut, 'utf8'),
    secret: readFileSync(tokenOut, 'utf8').trim(),
    stop: () => child.kill('SIGTERM'),
  };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-entra-'));
const sim = await startSim(dir);
let units = 0;
let requests = 0;
let throttled = 0;
diagnostics.subscribe('undici:request:headers', (message) => {
  const { response } = message as { response: { statusCode: number; headers: Buffer[] } };
  requests++;
  if (response.statusCode === 429) throttled++;
  for (let i = 0; i < response.headers.length; i += 2) {
    if (response.headers[i]!.toString().toLowerCase() === 'x-ms-resource-unit')
      units += Number(response.headers[i + 1]!.toString());
  }
});

const rows: Record<string, number> = {};
const incomplete: string[] = [];
const cpuBefore = process.cpuUsage();
const started = performance.now();
for await (const event of syncEntra({
  config: { tenantId: sim.tenantId, clientId: sim.clientId, authorityUrl: sim.url, graphUrl: sim.url },
  secrets: { clientSecret: sim.secret },
  caPem: sim.caPem,
  proxyUrl: null,
  signal: AbortSignal.timeout(30 * 60_000),
})) {
  if (event.type === 'batch') rows[event.dataset] = (rows[event.dataset] ?? 0) + event.records.length;
  if (event.type === 'dataset_end' && !event.complete) incomplete.push(`${event.dataset}: ${event.reason}`);
}
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
sim.stop();
rmSync(dir, { recursive: true, force: true });

const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
// The first window's budget is there at once; every further `budget` units needs another window.
const floorMs = Math.max(0, Math.ceil(units / budget) - 1) * windowMs;
const cpuUsPerRow = (cpu.user + cpu.system) / totalRows;
console.log(
  `Entra ID sync: ${fmtInt(users)} users, ${budget} resource units per ${windowMs / 1000} s window. ${loadLine()}`,
);
console.log(
  table(
    ['rows', 'requests', '429s', 'resource units', 'floor', 'wall', 'wall / floor', 'CPU µs per row'],
    [
      [
        fmtInt(totalRows),
        fmtInt(requests),
        fmtInt(throttled),
        fmtInt(units),
        fmtSeconds(floorMs),
        fmtSeconds(wallMs),
        fmtRatio(wallMs / floorMs),
        cpuUsPerRow.toFixed(1),
      ],
    ],
  ),
);
for (const [dataset, n] of Object.entries(rows)) console.log(`  ${dataset}: ${fmtInt(n)}`);
if (incomplete.length) console.log(`INCOMPLETE: ${incomplete.join('; ')}`);
writeResult(`entra-sync${quick ? '-quick' : ''}`, {
  machine: machine(),
  users,
  budget,
  windowMs,
  rows,
  totalRows,
  requests,
  throttled,
  units,
  floorMs,
  wallMs,
  ratio: wallMs / floorMs,
  cpuUsPerRow,
  incomplete,
});
