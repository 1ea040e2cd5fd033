// GitLab full sync under GitLab's authenticated API rate limit: wall time of the connector vs the least
// time the limit allows for the requests it made (the floor), and the connector's CPU per row.
//
//   npx tsx bench/gitlab-sync.ts            20k-user instance, 1 s windows of 300 requests
//   npx tsx bench/gitlab-sync.ts --quick    5k users
//
// The simulator runs in its own process (bench/lib/gitlab-sim-host.ts). The floor is
// ceil(requests / limit) windows: no client can finish sooner without being refused.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { syncGitLab } from '../src-main/engine/connectors/gitlab/gitlab-sync.ts';
import { tsxLoader } from './lib/okta-sim-process.ts';
import {
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
const users = quick ? 5_000 : 20_000;
const limit = 300;
const timeScale = 60; // a minute becomes one second
const windowMs = 60_000 / timeScale;

interface Ready {
  type: 'ready';
  url: string;
  caPem: string;
  token: string;
  group: string;
  rows: number;
}

const child = fork(
  fileURLToPath(new URL('./lib/gitlab-sim-host.ts', import.meta.url)),
  [JSON.stringify({ users, seed: 1, timeScale, requestsPerMinute: limit })],
  {
    execArgv: ['--import', tsxLoader],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  },
);
const next = <T>(type: string) =>
  new Promise<T>((resolve) =>
    child.on('message', (m: { type: string }) => m.type === type && resolve(m as T)),
  );
const ready = await next<Ready>('ready');

const cpu = process.cpuUsage();
const started = performance.now();
const rows: Record<string, number> = {};
const complete: Record<string, boolean> = {};
for await (const event of syncGitLab({
  config: { group: ready.group, baseUrl: ready.url },
  secrets: { token: ready.token },
  caPem: ready.caPem,
  proxyUrl: null,
  signal: AbortSignal.timeout(30 * 60_000),
})) {
  if (event.type === 'batch') rows[event.dataset] = (rows[event.dataset] ?? 0) + event.records.length;
  if (event.type === 'dataset_end') complete[event.dataset] = event.complete;
}
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
child.send({ type: 'stats' });
const { stats } = await next<{ stats: { requests: number; rateLimited: number } }>('stats');
child.send({ type: 'close' });

const served = stats.requests - stats.rateLimited;
const floorMs = Math.ceil(served / limit) * windowMs;
const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
const cpuUsPerRow = (used.user + used.system) / totalRows;
console.log(loadLine());
console.log(
  table(
    ['users', 'rows', 'requests', '429s', 'wall', 'floor', 'wall / floor', 'CPU µs / row'],
    [
      [
        fmtInt(users),
        fmtInt(totalRows),
        fmtInt(served),
        fmtInt(stats.rateLimited),
        fmtSeconds(wallMs),
        fmtSeconds(floorMs),
        fmtRatio(wallMs / floorMs),
        cpuUsPerRow.toFixed(1),
      ],
    ],
  ),
);
console.log(
  Object.entries(complete)
    .map(([d, c]) => `${d}: ${fmtInt(rows[d] ?? 0)} rows, ${c ? 'complete' : 'PARTIAL'}`)
    .join('\n'),
);
if (totalRows !== ready.rows) console.log(`rows ${totalRows} differ from the simulated ${ready.rows}`);
writeResult(quick ? 'gitlab-sync-quick' : 'gitlab-sync', {
  machine: machine(),
  users,
  limit,
  windowMs,
  rows,
  served,
  rateLimited: stats.rateLimited,
  wallMs,
  floorMs,
  cpuUsPerRow,
});
