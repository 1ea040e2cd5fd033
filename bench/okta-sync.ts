// Okta full sync under rate limits: wall time of our connector vs the least time the org's rate limits allow
// for the requests it needs (the floor), and the same ratio for the official SDK used naively (sequential
// for-await loops, the SDK's own 429 handling).
//
//   npm run bench:okta-sync               100k-user org, 12 s windows (timeScale 5), naive capped at 80 s
//   npm run bench:okta-sync -- --quick    10k-user org, 2 s windows (timeScale 30), naive capped at 15 s
//   npm run bench:okta-sync -- --high-rate [--quick]   100 requests per 1 s window in every bucket (100k users,
//                                          10k with --quick): the client's CPU per row sets the pace; also runs
//                                          `vouch sync` (CLI + lane: store, artifacts, relink) and reports its
//                                          wall time / floor, CPU µs per row, peak RSS and naive / ours
//
// For trying connector changes: --skip-naive, --max-in-flight=N, --reset-margin-ms=N (OktaTuning), and
// --connector=<path to a module exporting syncOkta> (e.g. a patched copy of the connector). Variant runs write
// bench/results/okta-sync[-quick]-variant.json instead of the main result file.
//
// Target: ours within 1.15x of the floor.
//
// The simulator runs in its own process (bench/lib/okta-sim-host.ts), so serving the org does not share a
// core or an event loop with the client under test; the naive client runs in a third process because it
// needs NODE_EXTRA_CA_CERTS at startup. Requests are counted per rate-limit bucket on the client side with
// node:diagnostics_channel (bench/lib/request-tap.ts) and on the server side by the simulator's stats.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultOktaTuning, type OktaTuning } from '../src-main/engine/connectors/okta/okta-session.ts';
import { syncOkta } from '../src-main/engine/connectors/okta/okta-sync.ts';
import type { SyncEvent } from '../src-main/engine/connectors/types.ts';
import { OKTA_DEFAULT_RATE_LIMITS, type OktaSimStats } from '../sim/okta/index.ts';
import type { NaiveInput, NaiveMessage, NaivePhase, NaivePhaseResult } from './lib/okta-naive-sdk.ts';
import { runFullSync, type FullSyncRun } from './lib/okta-full-sync.ts';
import { forkOktaSimulator, tsxLoader, type SimProcess } from './lib/okta-sim-process.ts';
import { RequestTap, type BucketTally, type TappedRequest } from './lib/request-tap.ts';
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
/** `--high-rate`: 100 requests per 1 s window in every bucket, where the client's CPU per row shows. */
const highRate = hasFlag('high-rate');
const TARGET = 1.15;
/** High-rate targets (issue 9): CPU per row of the whole sync, peak RSS, and naive / ours. */
const CPU_US_PER_ROW_TARGET = 25;
const PEAK_RSS_TARGET_MB = 400;
const NAIVE_SPEEDUP_TARGET = 2;

interface BenchConfig {
  users: number;
  timeScale: number;
  /** Overrides of Okta's default per-minute limits (which now apply per window). */
  rateLimits: Record<string, number>;
  concurrencyLimit: number;
  latencyMs: number;
  naiveBudgetMs: number;
}

// Why these settings: the client's own processing of a 100k-user org is ~30 s of CPU (the SDK builds a model
// object for each of ~1.4M rows). In production, with minute windows, the limits dwarf that; here windows
// must stay long enough that the limits, not the client's CPU, set the pace, or the bench measures CPU. At
// timeScale 5 (12 s windows) with Okta's per-minute limits per window, the three heavy buckets each need five
// windows: users list (lowered to 120), group members/roles (lowered to 500) and app users/groups (500).
// Latency is scaled down like time (20 ms ≈ 100 ms at Okta's pace).
// High rate: Okta orgs with DynamicScale or high rate-limit tiers, and re-syncs, where the limits no longer
// hide the client's CPU. Every bucket allows 100 requests per 1 s window (timeScale 60), 5 ms added latency.
const highRateLimits = {
  'GET /api/v1/users': 100,
  '/api/v1/users/{id}': 100,
  'GET /api/v1/groups': 100,
  '/api/v1/groups/{id}': 100,
  'GET /api/v1/apps': 100,
  '/api/v1/apps/{id}': 100,
  '/api/v1': 100,
};
const config: BenchConfig = highRate
  ? {
      users: quick ? 10_000 : 100_000,
      timeScale: 60,
      rateLimits: highRateLimits,
      concurrencyLimit: 15,
      latencyMs: 5,
      naiveBudgetMs: quick ? 30_000 : 60_000,
    }
  : quick
    ? {
        users: 10_000,
        timeScale: 30,
        rateLimits: { 'GET /api/v1/users': 12, '/api/v1/groups/{id}': 50, '/api/v1/apps/{id}': 16 },
        concurrencyLimit: 15,
        latencyMs: 10,
        naiveBudgetMs: 15_000,
      }
    : {
        users: 100_000,
        timeScale: 5,
        rateLimits: { 'GET /api/v1/users': 120, '/api/v1/groups/{id}': 500, '/api/v1/apps/{id}': 500 },
        concurrencyLimit: 15,
        latencyMs: 20,
        naiveBudgetMs: 80_000,
      };
const WINDOW_MS = 60_000 / config.timeScale;
/** `--skip-naive`: only our connector (for trying connector changes quickly). */
const skipNaive = hasFlag('skip-naive');
/** `--skip-full`: no `vouch sync` run (the whole product path), only the connector in this process. */
const skipFull = hasFlag('skip-full');
/** `--max-in-flight=N` / `--reset-margin-ms=N`: try other connector tunings (the default is the connector's). */
const tuning: OktaTuning = {
  maxInFlight: Number(flagValue('max-in-flight') ?? defaultOktaTuning.maxInFlight),
  resetMarginMs: Number(flagValue('reset-margin-ms') ?? defaultOktaTuning.resetMarginMs),
};
const limits: Record<string, number> = { ...OKTA_DEFAULT_RATE_LIMITS, ...config.rateLimits };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// --------------------------------------------------------------------------------------- calibration

interface HttpResult {
  status: number;
  body: string;
  ms: number;
}

function get(sim: SimProcess, agent: https.Agent, pathAndQuery: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = https.get(
      `${sim.url}${pathAndQuery}`,
      { agent, headers: { authorization: `SSWS ${sim.token}`, accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

/**
 * "One request's latency" per bucket: the median of three uncontended, sequential requests of the bucket's
 * typical kind (a full page where it pages), over a warm keep-alive connection as a sync uses.
 */
async function calibrateLatency(sim: SimProcess): Promise<Record<string, number>> {
  const agent = new https.Agent({ ca: sim.caPem, keepAlive: true, maxSockets: 1 });
  try {
    const first = async (p: string) => {
      const r = await get(sim, agent, p);
      if (r.status !== 200)
        throw new Error(`calibration GET ${p} answered ${r.status}: ${r.body.slice(0, 200)}`);
      return JSON.parse(r.body) as { id: string }[];
    };
    const [user] = await first('/api/v1/users?limit=1');
    const groups = await first('/api/v1/groups?limit=10000');
    const [app] = await first('/api/v1/apps?limit=1');
    if (!user || !app || groups.length === 0) throw new Error('calibration: the simulated org is empty');
    const group = groups[groups.length - 1] as { id: string };
    const probes: Record<string, string> = {
      'GET /api/v1/users': '/api/v1/users?limit=200',
      'GET /api/v1/groups': '/api/v1/groups?expand=stats&limit=10000',
      '/api/v1/groups/{id}': `/api/v1/groups/${group.id}/users?limit=1000`,
      'GET /api/v1/apps': '/api/v1/apps?limit=200',
      '/api/v1/apps/{id}': `/api/v1/apps/${app.id}/users?limit=500`,
      '/api/v1/users/{id}': `/api/v1/users/${user.id}/roles`,
      '/api/v1': '/api/v1/iam/assignees/users?limit=100',
    };
    const out: Record<string, number> = {};
    for (const [bucket, probe] of Object.entries(probes)) {
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) samples.push((await get(sim, agent, probe)).ms);
      samples.sort((a, b) => a - b);
      out[bucket] = samples[1] as number;
    }
    return out;
  } finally {
    agent.destroy();
  }
}

/** Sleeps until just after the simulator's next window boundary (its windows are aligned to the epoch). */
async function alignToWindow(): Promise<void> {
  const now = Date.now();
  await sleep(WINDOW_MS - (now % WINDOW_MS) + 5);
}

// ------------------------------------------------------------------------------------------- our run

interface DatasetResult {
  rows: number;
  pages: number;
  complete: boolean;
  reason: string | null;
}

interface OurRun {
  wallMs: number;
  startMs: number;
  cpuMs: number;
  datasets: Record<string, DatasetResult>;
  requests: TappedRequest[];
  byBucket: Record<string, BucketTally>;
  sim: OktaSimStats;
  /** performance.now() and cumulative CPU ms of our process and of the simulator's, sampled every 200 ms. */
  cpuSamples: { atMs: number; cpuMs: number }[];
  simCpuSamples: { atMs: number; cpuMs: number }[];
  simCpuMs: number;
}

/**
 * `--connector=<module>` runs the syncOkta exported by another module (e.g. a patched copy of the connector)
 * so a proposed change can be measured with everything else equal. Default: the repository's connector.
 */
async function loadSyncOkta(): Promise<typeof syncOkta> {
  const alternative = flagValue('connector');
  if (!alternative) return syncOkta;
  const module = (await import(pathToFileURL(path.resolve(alternative)).href)) as {
    syncOkta: typeof syncOkta;
  };
  return module.syncOkta;
}

async function runOurs(sim: SimProcess): Promise<OurRun> {
  const sync = await loadSyncOkta();
  await sim.resetStats();
  await alignToWindow();
  const tap = new RequestTap().start();
  const controller = new AbortController();
  const datasets: Record<string, DatasetResult> = {};
  const cpuAt = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const cpu0 = cpuAt();
  const cpuSamples: { atMs: number; cpuMs: number }[] = [];
  const simCpuSamples: { atMs: number; cpuMs: number }[] = [];
  const simCpu0 = await sim.cpuMs();
  const startMs = performance.now();
  const sampler = setInterval(() => {
    const atMs = performance.now();
    cpuSamples.push({ atMs, cpuMs: cpuAt() - cpu0 });
    void sim.cpuMs().then((ms) => simCpuSamples.push({ atMs, cpuMs: ms - simCpu0 }));
  }, 200);
  const events: AsyncIterable<SyncEvent> = sync(
    {
      config: { domain: sim.host },
      secrets: { apiToken: sim.token },
      caPem: sim.caPem,
      proxyUrl: null,
      signal: controller.signal,
    },
    tuning,
  );
  for await (const event of events) {
    const d = (datasets[event.dataset] ??= { rows: 0, pages: 0, complete: false, reason: null });
    if (event.type === 'batch') d.rows += event.records.length;
    else if (event.type === 'dataset_end') {
      d.pages = event.pages;
      d.complete = event.complete;
      d.reason = event.reason;
    }
  }
  const endMs = performance.now();
  const wallMs = endMs - startMs;
  clearInterval(sampler);
  const cpuMs = cpuAt() - cpu0;
  cpuSamples.push({ atMs: endMs, cpuMs });
  const simCpuMs = (await sim.cpuMs()) - simCpu0;
  simCpuSamples.push({ atMs: endMs, cpuMs: simCpuMs });
  tap.stop();
  return {
    wallMs,
    startMs,
    cpuMs,
    datasets,
    requests: tap.done,
    byBucket: tap.tally(),
    sim: await sim.stats(),
    cpuSamples,
    simCpuSamples,
    simCpuMs,
  };
}

// ------------------------------------------------------------------------------------------ the floor

interface BucketFloor {
  bucket: string;
  limit: number;
  requests: number;
  windows: number;
  latencyMs: number;
  floorMs: number;
}

/**
 * Per bucket with limit L per window W and N requests needed: the first L go out at once, every further L
 * waits for the next window, so the last request cannot start before (ceil(N/L) - 1) windows have passed, and
 * it then takes one request's latency. Buckets are independent, so the org floor is the largest of them.
 */
function floorOf(needed: Record<string, number>, latency: Record<string, number>): BucketFloor[] {
  return Object.entries(needed)
    .filter(([, n]) => n > 0)
    .map(([bucket, n]) => {
      const limit = limits[bucket] ?? Number.POSITIVE_INFINITY;
      const windows = Math.ceil(n / limit);
      const latencyMs = latency[bucket] ?? Math.max(...Object.values(latency));
      return {
        bucket,
        limit,
        requests: n,
        windows,
        latencyMs,
        floorMs: (windows - 1) * WINDOW_MS + latencyMs,
      };
    })
    .sort((a, b) => b.floorMs - a.floorMs);
}

// ------------------------------------------------------------------------------------------ naive run

/** Which of our datasets a naive phase corresponds to (same queries, so the same pages). */
const phaseDataset: Record<NaivePhase, string> = {
  users: 'okta.users',
  groups: 'okta.groups',
  group_members: 'okta.group_members',
  apps: 'okta.apps',
  app_assignments: 'okta.app_assignments',
  admin_roles: 'okta.admin_roles',
};

interface NaiveRun {
  phases: (NaivePhaseResult & { neededPages: number; estimatedMs: number; extrapolated: boolean })[];
  measuredMs: number;
  estimatedMs: number;
  extrapolated: boolean;
  byBucket: Record<string, BucketTally>;
  sim: OktaSimStats;
}

async function runNaive(sim: SimProcess, ours: OurRun): Promise<NaiveRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-okta-'));
  try {
    const caFile = path.join(dir, 'sim-ca.pem');
    writeFileSync(caFile, sim.caPem);
    const weights = Object.fromEntries(
      Object.entries(phaseDataset).map(([phase, dataset]) => [phase, ours.datasets[dataset]?.pages ?? 1]),
    ) as Record<NaivePhase, number>;
    const input: NaiveInput = { orgUrl: sim.url, token: sim.token, budgetMs: config.naiveBudgetMs, weights };
    await sim.resetStats();
    const child = fork(
      fileURLToPath(new URL('./lib/okta-naive-sdk.ts', import.meta.url)),
      [JSON.stringify(input)],
      {
        execArgv: ['--import', tsxLoader],
        env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const message = await new Promise<NaiveMessage>((resolve, reject) => {
      child.once('message', (m: NaiveMessage) => resolve(m));
      child.once('exit', (code) =>
        reject(new Error(`naive SDK client exited (code ${code}) without a result`)),
      );
    });
    if (message.type === 'error') throw new Error(`naive SDK client failed: ${message.message}`);
    const phases = message.phases.map((p) => {
      // Pages the phase needs: what our connector fetched for the same queries, except where the naive
      // client itself knows better (admin roles: it asks every group whose stats do not rule roles out).
      const neededPages = p.plannedPages ?? ours.datasets[phaseDataset[p.phase]]?.pages ?? p.pages;
      const extrapolated = !p.complete;
      const estimatedMs = extrapolated ? (p.elapsedMs * neededPages) / Math.max(1, p.pages) : p.elapsedMs;
      return { ...p, neededPages, estimatedMs, extrapolated };
    });
    return {
      phases,
      measuredMs: message.totalMs,
      estimatedMs: phases.reduce((sum, p) => sum + p.estimatedMs, 0),
      extrapolated: phases.some((p) => p.extrapolated),
      byBucket: message.byBucket,
      sim: await sim.stats(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------ reporting

/** Requests started per window (relative to the aligned start) for the given buckets, plus CPU use. */
function windowTimeline(ours: OurRun, buckets: string[]) {
  const windows = Math.ceil(ours.wallMs / WINDOW_MS);
  const rows = Array.from({ length: windows }, (_, i) => ({
    window: i,
    counts: Object.fromEntries(buckets.map((b) => [b, 0])) as Record<string, number>,
    cpuMs: 0,
    simCpuMs: 0,
  }));
  for (const r of ours.requests) {
    const i = Math.floor((r.startMs - ours.startMs) / WINDOW_MS);
    const row = rows[Math.min(i, windows - 1)];
    if (row && r.bucket in row.counts && r.status >= 200 && r.status < 300) row.counts[r.bucket]!++;
  }
  const cpuAtTime = (samples: { atMs: number; cpuMs: number }[], t: number) => {
    let last = 0;
    for (const s of samples) {
      if (s.atMs > ours.startMs + t + 1) break;
      last = s.cpuMs;
    }
    return last;
  };
  for (const row of rows) {
    const from = row.window * WINDOW_MS;
    const to = Math.min(ours.wallMs, (row.window + 1) * WINDOW_MS);
    row.cpuMs = cpuAtTime(ours.cpuSamples, to) - cpuAtTime(ours.cpuSamples, from);
    row.simCpuMs = cpuAtTime(ours.simCpuSamples, to) - cpuAtTime(ours.simCpuSamples, from);
  }
  return rows;
}

function quantile(sorted: number[], q: number): number {
  return sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number)
    : Number.NaN;
}

function durationStats(ours: OurRun) {
  const byBucket = new Map<string, number[]>();
  for (const r of ours.requests) {
    const list = byBucket.get(r.bucket) ?? [];
    list.push(r.endMs - r.startMs);
    byBucket.set(r.bucket, list);
  }
  const rows = [...byBucket.entries()].map(([bucket, ms]) => {
    ms.sort((a, b) => a - b);
    return {
      bucket,
      requests: ms.length,
      p50: quantile(ms, 0.5),
      p90: quantile(ms, 0.9),
      max: ms[ms.length - 1] ?? Number.NaN,
      meanInFlight: ms.reduce((sum, v) => sum + v, 0) / ours.wallMs,
    };
  });
  rows.sort((a, b) => b.requests - a.requests);
  return rows;
}

function sumRows(datasets: Record<string, DatasetResult>): number {
  return Object.values(datasets).reduce((sum, d) => sum + d.rows, 0);
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  console.log(
    `okta-sync bench${quick ? ' (--quick)' : ''}: starting a ${fmtInt(config.users)}-user simulated org ...`,
  );
  const sim = await forkOktaSimulator({
    seed: 1,
    users: config.users,
    timeScale: config.timeScale,
    rateLimits: config.rateLimits,
    concurrencyLimit: config.concurrencyLimit,
    latencyMs: config.latencyMs,
  });
  try {
    console.log(
      `org: ${fmtInt(sim.org.users)} users (${fmtInt(sim.org.deprovisionedUsers)} deprovisioned), ` +
        `${fmtInt(sim.org.groups)} groups, ${fmtInt(sim.org.apps)} apps, ${fmtInt(sim.org.memberships)} memberships`,
    );
    console.log(
      `limits: window ${WINDOW_MS / 1000} s (timeScale ${config.timeScale}); per window: ` +
        Object.entries(limits)
          .map(([b, l]) => `${b} ${l}${b in config.rateLimits ? '*' : ''}`)
          .join(', ') +
        ` (* lowered from Okta's default); concurrency limit ${config.concurrencyLimit}; ` +
        `added latency ${config.latencyMs} ms`,
    );
    console.log(
      'why: the three heavy buckets (users list, group members/roles, app users/groups) each need five windows, ' +
        "and windows are long enough that the limits, not the client's own CPU (~30 s for the 100k org), set " +
        'the pace, as minute windows do in production.',
    );
    console.log(
      `connector tuning: maxInFlight ${tuning.maxInFlight}, resetMarginMs ${tuning.resetMarginMs}` +
        (tuning.maxInFlight === defaultOktaTuning.maxInFlight &&
        tuning.resetMarginMs === defaultOktaTuning.resetMarginMs
          ? ' (defaults)'
          : ' (NOT the defaults)'),
    );
    console.log(loadLine());
    const latency = await calibrateLatency(sim);

    console.log('\nrunning our connector (syncOkta) ...');
    const ours = await runOurs(sim);
    const needed = Object.fromEntries(Object.entries(ours.byBucket).map(([b, t]) => [b, t.ok]));
    const floors = floorOf(needed, latency);
    const floorMs = floors[0]?.floorMs ?? Number.NaN;
    const oursRatio = ours.wallMs / floorMs;
    console.log(`  done in ${fmtSeconds(ours.wallMs)}: ${fmtRatio(oursRatio)} of the floor`);

    let full: FullSyncRun | null = null;
    if (!skipFull) {
      console.log('\nrunning `vouch sync` (compiled CLI + full lane: store, artifacts, relink) ...');
      await sim.resetStats();
      await alignToWindow();
      full = await runFullSync(sim);
      console.log(
        `  ${full.status} in ${fmtSeconds(full.wallMs)}: ${fmtRatio(full.wallMs / floorMs)} of the floor`,
      );
    }

    console.log(
      `\nrunning the naive SDK loop (budget ${fmtSeconds(config.naiveBudgetMs)}, extrapolated past it) ...`,
    );
    const naive = skipNaive ? null : await runNaive(sim, ours);
    const naiveRatio = naive ? naive.estimatedMs / floorMs : Number.NaN;
    console.log(
      naive
        ? `  ${naive.extrapolated ? 'stopped' : 'done'} after ${fmtSeconds(naive.measuredMs)}` +
            (naive.extrapolated ? `; extrapolated total ${fmtSeconds(naive.estimatedMs)}` : '')
        : '  skipped (--skip-naive)',
    );

    // ---- the floor
    console.log(
      '\nThe floor: for a bucket allowing L requests per window W, N requests need ceil(N/L) windows; the\n' +
        "last one cannot start before (ceil(N/L) - 1) x W has passed, and then takes one request's latency\n" +
        '(median of 3 uncontended requests of that bucket, measured before the run). Buckets are counted\n' +
        'separately by Okta and can be used in parallel, so the org floor is the largest bucket floor.\n' +
        'N = the successful requests our connector needed (client-side count). Both runs start right after\n' +
        'a window boundary.\n',
    );
    console.log(
      table(
        ['bucket', 'limit/window', 'requests N', 'windows', 'latency', 'floor'],
        floors.map((f) => [
          f.bucket,
          fmtInt(f.limit),
          fmtInt(f.requests),
          String(f.windows),
          `${f.latencyMs.toFixed(1)} ms`,
          fmtSeconds(f.floorMs),
        ]),
      ),
    );

    // ---- how our run used the windows
    const binding = floors
      .filter((f) => f.windows > 1)
      .map((f) => f.bucket)
      .sort();
    if (binding.length) {
      const timeline = windowTimeline(ours, binding);
      console.log(
        `\nOur run, per ${WINDOW_MS / 1000} s window: successful requests started (of the limit), our CPU\n`,
      );
      console.log(
        table(
          ['window', ...binding, 'client CPU', 'simulator CPU'],
          timeline.map((row) => [
            `${row.window} (${((row.window * WINDOW_MS) / 1000).toFixed(0)} s)`,
            ...binding.map((b) => `${fmtInt(row.counts[b] ?? 0)}/${fmtInt(limits[b] ?? 0)}`),
            `${(row.cpuMs / 1000).toFixed(1)} s (${((row.cpuMs / WINDOW_MS) * 100).toFixed(0)}%)`,
            `${(row.simCpuMs / 1000).toFixed(1)} s (${((row.simCpuMs / WINDOW_MS) * 100).toFixed(0)}%)`,
          ]),
        ),
      );
      const lastWindowStart = ((floors[0]?.windows ?? 1) - 1) * WINDOW_MS;
      console.log(
        `\nAfter the last window the floor needs opened (${fmtSeconds(lastWindowStart)}), our run took ` +
          `${fmtSeconds(ours.wallMs - lastWindowStart)} more (the floor allows one latency, ` +
          `${(floors[0]?.latencyMs ?? 0).toFixed(0)} ms). Client CPU over the whole run: ${fmtSeconds(ours.cpuMs)} ` +
          `(${((ours.cpuMs / ours.wallMs) * 100).toFixed(0)}% of one core); simulator CPU ${fmtSeconds(ours.simCpuMs)} ` +
          `(${((ours.simCpuMs / ours.wallMs) * 100).toFixed(0)}%).`,
      );
    }

    // ---- how long requests held their slot
    const durations = durationStats(ours);
    console.log(
      `\nOur requests per bucket: client-observed duration (request created -> body received) vs uncontended;\n` +
        `mean in flight = sum of durations / wall time (the connector caps requests in flight at ` +
        `${tuning.maxInFlight}, counted until response headers)\n`,
    );
    console.log(
      table(
        ['bucket', 'requests', 'uncontended', 'p50', 'p90', 'max', 'mean in flight'],
        [
          ...durations.map((d) => [
            d.bucket,
            fmtInt(d.requests),
            `${(latency[d.bucket] ?? Number.NaN).toFixed(0)} ms`,
            `${d.p50.toFixed(0)} ms`,
            `${d.p90.toFixed(0)} ms`,
            `${d.max.toFixed(0)} ms`,
            d.meanInFlight.toFixed(2),
          ]),
          [
            'all',
            fmtInt(ours.requests.length),
            '',
            '',
            '',
            '',
            durations.reduce((s, d) => s + d.meanInFlight, 0).toFixed(2),
          ],
        ],
      ),
    );

    // ---- rows and pages per dataset
    const datasets = [...new Set([...Object.values(phaseDataset), ...Object.keys(ours.datasets)])];
    const phaseOf = (dataset: string) =>
      naive?.phases.find((p) => phaseDataset[p.phase] === dataset) as NaiveRun['phases'][number] | undefined;
    console.log('\nRows and pages per dataset\n');
    console.log(
      table(
        ['dataset', 'ours rows', 'ours pages', 'complete', 'naive rows', 'naive pages', 'naive'],
        datasets.map((d) => {
          const o = ours.datasets[d];
          const n = phaseOf(d);
          return [
            d,
            fmtInt(o?.rows ?? 0),
            fmtInt(o?.pages ?? 0),
            o ? (o.complete ? 'yes' : `NO: ${o.reason ?? ''}`) : '-',
            n ? fmtInt(n.rows) : '-',
            n ? `${fmtInt(n.pages)}/${fmtInt(n.neededPages)}` : '-',
            n
              ? n.extrapolated
                ? `cut at ${fmtSeconds(n.elapsedMs)}, est. ${fmtSeconds(n.estimatedMs)}`
                : `${fmtSeconds(n.elapsedMs)}`
              : '-',
          ];
        }),
      ),
    );

    // ---- summary
    const s429 = (s: OktaSimStats) =>
      `${fmtInt(s.tooManyRequests)} (${fmtInt(s.concurrencyRejections)} concurrency)`;
    console.log('\nSummary (wall time / rate-limit floor; target for ours <= ' + fmtRatio(TARGET) + ')\n');
    console.log(
      table(
        ['client', 'wall time', 'floor', 'ratio', 'requests', '429s', 'rows', 'max in flight'],
        [
          [
            'ours: syncOkta',
            fmtSeconds(ours.wallMs),
            fmtSeconds(floorMs),
            fmtRatio(oursRatio),
            fmtInt(ours.sim.requests),
            s429(ours.sim),
            fmtInt(sumRows(ours.datasets)),
            String(ours.sim.maxConcurrency),
          ],
          ...(naive
            ? [
                [
                  `naive SDK loop${naive.extrapolated ? ' (EXTRAPOLATED)' : ''}`,
                  fmtSeconds(naive.estimatedMs),
                  fmtSeconds(floorMs),
                  fmtRatio(naiveRatio),
                  `${fmtInt(naive.sim.requests)}${naive.extrapolated ? ' so far' : ''}`,
                  s429(naive.sim),
                  `${fmtInt(naive.phases.reduce((sum, p) => sum + p.rows, 0))}${naive.extrapolated ? ' so far' : ''}`,
                  String(naive.sim.maxConcurrency),
                ],
              ]
            : []),
        ],
      ),
    );
    const naiveRoles = naive?.phases.find((p) => p.phase === 'admin_roles');
    const ourRolePages = ours.datasets['okta.admin_roles']?.pages ?? 0;
    if (naiveRoles && naiveRoles.neededPages > ourRolePages) {
      console.log(
        `\nAdmin roles: the naive loop needs ${fmtInt(naiveRoles.neededPages)} pages to our ${fmtInt(ourRolePages)}: ` +
          "the SDK's GroupEmbeddedStats model drops `hasAdminPrivilege` (it expects the schema's spelling " +
          '`hasAdminPrivlege`), so it cannot tell which groups hold roles and asks every group.',
      );
    }
    if (naive?.extrapolated) {
      console.log(
        `\nThe naive loop ran ${fmtSeconds(naive.measuredMs)} of its sequential phases, each phase with a share of the ` +
          'budget; a phase cut short is extrapolated linearly from its pages: elapsed x (pages needed / pages ' +
          'done). Requests, 429s and rows of the naive row are what it did before the cut.',
      );
    }
    // ---- the cost per row: CPU, memory, and the whole product path
    const ourRows = sumRows(ours.datasets);
    const cpuPerRowUs = (cpuMs: number, rows: number) => (cpuMs * 1000) / Math.max(1, rows);
    const fullCpuPerRow = full ? cpuPerRowUs(full.cpuMs, full.rows) : Number.NaN;
    const fullRatio = full ? full.wallMs / floorMs : Number.NaN;
    const naiveSpeedup = naive && full ? naive.estimatedMs / full.wallMs : Number.NaN;
    const fullPeakMb = full?.peakRssBytes != null ? full.peakRssBytes / 2 ** 20 : Number.NaN;
    console.log(
      '\nCost per row. connector only: syncOkta in this process, events counted and dropped (CPU of this\n' +
        'process, the bench harness and request tap included; peak RSS of this process). vouch sync: the\n' +
        'compiled CLI and the full lane it forks, both start-ups, connector, store writes, artifacts and\n' +
        `relink (CPU of both processes and peak RSS of the larger, from ${full?.cpuSource === 'proc-children' ? "/proc/self/stat's reaped children (no RSS)" : 'GNU time'}).\n`,
    );
    console.log(
      table(
        ['client', 'wall time', 'x floor', 'CPU', 'CPU per row', 'peak RSS', 'rows'],
        [
          [
            'connector only',
            fmtSeconds(ours.wallMs),
            fmtRatio(oursRatio),
            fmtSeconds(ours.cpuMs),
            `${cpuPerRowUs(ours.cpuMs, ourRows).toFixed(1)} µs`,
            `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
            fmtInt(ourRows),
          ],
          ...(full
            ? [
                [
                  `vouch sync (${full.status})`,
                  fmtSeconds(full.wallMs),
                  fmtRatio(fullRatio),
                  fmtSeconds(full.cpuMs),
                  `${fullCpuPerRow.toFixed(1)} µs`,
                  Number.isNaN(fullPeakMb) ? '?' : `${fullPeakMb.toFixed(0)} MB`,
                  fmtInt(full.rows),
                ],
              ]
            : []),
        ],
      ),
    );
    if (full) {
      const verdict = (ok: boolean) => (ok ? 'meets' : 'misses');
      console.log(
        `\nvouch sync: ${fmtRatio(fullRatio)} of the floor (${verdict(fullRatio <= TARGET)} ${fmtRatio(TARGET)}); ` +
          `${fullCpuPerRow.toFixed(1)} µs CPU per row (${verdict(fullCpuPerRow <= CPU_US_PER_ROW_TARGET)} ${CPU_US_PER_ROW_TARGET} µs); ` +
          `peak RSS ${fullPeakMb.toFixed(0)} MB (${verdict(fullPeakMb <= PEAK_RSS_TARGET_MB)} ${PEAK_RSS_TARGET_MB} MB)` +
          (naive
            ? `; naive SDK loop / vouch sync ${naiveSpeedup.toFixed(2)}x (${verdict(naiveSpeedup >= NAIVE_SPEEDUP_TARGET)} ${NAIVE_SPEEDUP_TARGET}x${naive.extrapolated ? ', naive extrapolated' : ''})`
            : '') +
          '.',
      );
    }

    const incomplete = Object.entries(ours.datasets).filter(([, d]) => !d.complete);
    console.log(
      `\nours: ${fmtRatio(oursRatio)} of the floor (${oursRatio <= TARGET ? 'meets' : 'misses'} the ${fmtRatio(TARGET)} target)` +
        `${incomplete.length ? `; INCOMPLETE datasets: ${incomplete.map(([d]) => d).join(', ')}` : ''}; ` +
        (naive ? `naive: ${fmtRatio(naiveRatio)}${naive.extrapolated ? ' (extrapolated)' : ''}. ` : '') +
        `Bench took ${fmtSeconds(performance.now() - t0)}.`,
    );

    const variant = flagValue('connector') || flagValue('max-in-flight') || flagValue('reset-margin-ms');
    const file = writeResult(
      `okta-sync${highRate ? '-high-rate' : ''}${quick ? '-quick' : ''}${variant ? '-variant' : ''}`,
      {
        bench: 'okta-sync',
        quick,
        highRate,
        fullSync: full && {
          ...full,
          ratioToFloor: fullRatio,
          cpuUsPerRow: fullCpuPerRow,
          naiveOverFull: naiveSpeedup,
          targets: {
            ratioToFloor: TARGET,
            cpuUsPerRow: CPU_US_PER_ROW_TARGET,
            peakRssMb: PEAK_RSS_TARGET_MB,
            naiveOverFull: NAIVE_SPEEDUP_TARGET,
          },
        },
        startedAt,
        machine: machine(),
        sim: {
          org: sim.org,
          timeScale: config.timeScale,
          windowMs: WINDOW_MS,
          limitsPerWindow: limits,
          loweredLimits: config.rateLimits,
          concurrencyLimit: config.concurrencyLimit,
          latencyMs: config.latencyMs,
        },
        latencyMsByBucket: latency,
        floor: { ms: floorMs, byBucket: floors },
        ours: {
          wallMs: ours.wallMs,
          ratioToFloor: oursRatio,
          meetsTarget: oursRatio <= TARGET,
          tuning,
          connectorModule: flagValue('connector') ?? 'src-main/engine/connectors/okta/okta-sync.ts',
          cpuMs: ours.cpuMs,
          cpuUsPerRow: cpuPerRowUs(ours.cpuMs, ourRows),
          simulatorCpuMs: ours.simCpuMs,
          requestDurations: durationStats(ours),
          datasets: ours.datasets,
          requestsByBucket: ours.byBucket,
          simStats: ours.sim,
          windows: binding.length ? windowTimeline(ours, binding) : [],
        },
        naive: naive && {
          extrapolated: naive.extrapolated,
          budgetMs: config.naiveBudgetMs,
          measuredMs: naive.measuredMs,
          estimatedMs: naive.estimatedMs,
          ratioToFloor: naiveRatio,
          phases: naive.phases,
          requestsByBucket: naive.byBucket,
          simStats: naive.sim,
        },
        target: TARGET,
      },
    );
    console.log(`\nJSON summary: ${path.relative(process.cwd(), file)}`);
  } finally {
    await sim.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
