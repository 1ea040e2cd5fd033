// Google Workspace full sync under the Directory API's per-user quota: wall time of the connector vs the
// least time the quota allows for the requests it makes (the floor), and the connector's CPU per row.
//
//   npx tsx bench/google-sync.ts            50k-user domain, minute windows shrunk to 1 s (timeScale 60)
//   npx tsx bench/google-sync.ts --quick    5k users
//
// The quota is 2,400 queries per minute per user per Cloud project (one impersonated admin = one user),
// so the floor is requests / 2,400 windows. OAuth tokens cost one request per user: at Google's real pace a
// 50k-user domain needs ~21 minutes for that dataset alone; the benchmark scales minutes down 60 times.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { syncGoogle } from '../src-main/engine/connectors/google-workspace/google-sync.ts';
import { syncPolicy } from '../src-main/engine/connectors/google-workspace/google-session.ts';
import type { DatasetEnd, SyncEvent } from '../src-main/engine/connectors/types.ts';
import type { GoogleSimStats } from '../sim/google/index.ts';
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
const users = quick ? 5_000 : 50_000;
const timeScale = 60;
const perWindow = 2_400;
const windowMs = 60_000 / timeScale;

interface Ready {
  type: 'ready';
  url: string;
  caPem: string;
  keyFileJson: string;
  adminEmail: string;
  users: number;
  liveUsers: number;
  groups: number;
  memberships: number;
  tokens: number;
}

const child = fork(
  fileURLToPath(new URL('./lib/google-sim-host.ts', import.meta.url)),
  [JSON.stringify({ users, seed: 1, timeScale })],
  {
    execArgv: ['--import', tsxLoader],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  },
);
const messages: Array<(m: { type: string }) => void> = [];
child.on('message', (m: { type: string }) => messages.shift()?.(m));
const next = <T>() => new Promise<T>((resolve) => messages.push(resolve as (m: { type: string }) => void));
const generationStarted = performance.now();
const ready = await next<Ready>();
const generationMs = performance.now() - generationStarted;
const stats = async () => {
  const answer = next<{ stats: GoogleSimStats; cpuMs: number }>();
  child.send({ type: 'stats' });
  return answer;
};

const before = await stats();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const rows = new Map<string, number>();
const ends: DatasetEnd[] = [];
// Faster backoff than production: windows are 60 times shorter here.
const policy = { ...syncPolicy, retryBaseMs: (1000 / timeScale) * 10, fanOut: 16 };
for await (const event of syncGoogle(
  {
    config: { adminEmail: ready.adminEmail, apiUrl: ready.url },
    secrets: { serviceAccountKey: ready.keyFileJson },
    caPem: ready.caPem,
    proxyUrl: null,
    signal: AbortSignal.timeout(30 * 60_000),
  },
  policy,
) as AsyncIterable<SyncEvent>) {
  if (event.type === 'batch') rows.set(event.dataset, (rows.get(event.dataset) ?? 0) + event.records.length);
  if (event.type === 'dataset_end') ends.push(event);
}
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const after = await stats();
child.send({ type: 'close' });

const requests = after.stats.directoryRequests - before.stats.directoryRequests;
const floorMs = Math.ceil(requests / perWindow) * windowMs;
const totalRows = [...rows.values()].reduce((a, b) => a + b, 0);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  `Google Workspace sync, ${fmtInt(ready.liveUsers)} users (+${fmtInt(ready.users - ready.liveUsers)} deleted), ${fmtInt(ready.groups)} groups, ${fmtInt(ready.memberships)} memberships, ${fmtInt(ready.tokens)} OAuth grants`,
);
console.log(`domain generated and served in ${fmtSeconds(generationMs)}; ${loadLine()}`);
console.log(
  table(
    ['dataset', 'rows', 'pages', 'complete'],
    ends.map((e) => [
      e.dataset,
      fmtInt(rows.get(e.dataset) ?? 0),
      fmtInt(e.pages),
      e.complete ? 'yes' : `no: ${e.reason ?? ''}`,
    ]),
  ),
);
console.log(
  table(
    [
      'directory requests',
      'throttled',
      'wall',
      'quota floor',
      'wall / floor',
      'client CPU',
      'CPU µs / row',
      'sim CPU',
    ],
    [
      [
        fmtInt(requests),
        fmtInt(after.stats.throttled - before.stats.throttled),
        fmtSeconds(wallMs),
        fmtSeconds(floorMs),
        fmtRatio(wallMs / floorMs),
        fmtSeconds(cpuMs),
        ((cpuMs * 1000) / totalRows).toFixed(1),
        fmtSeconds(after.cpuMs - before.cpuMs),
      ],
    ],
  ),
);
console.log(`at Google's real pace (minute windows) the floor is ${fmtSeconds(floorMs * timeScale)}`);
writeResult(quick ? 'google-sync-quick' : 'google-sync', {
  machine: machine(),
  users: ready.liveUsers,
  requests,
  wallMs,
  floorMs,
  ratio: wallMs / floorMs,
  cpuMs,
  cpuUsPerRow: (cpuMs * 1000) / totalRows,
  rows: Object.fromEntries(rows),
  complete: ends.every((e) => e.complete),
});
