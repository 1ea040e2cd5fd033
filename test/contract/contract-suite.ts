// The connector contract: every registered connector, through the real `vouch` CLI and its lane processes,
// against its real simulator over TLS with the kit's test CA. What a user sees: how `vouch source test`
// classifies each failure, partial evidence that says why (and which permission would fix it), rate limits
// waited out, secrets nowhere, and the last good snapshot surviving a SIGKILL. Fixtures: ./fixtures/.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor } from '../../src-main/engine/connectors/registry.ts';
import type { SyncOutcome } from '../../src-main/engine/sync/sync-progress.ts';
import { runVouch, type CliResult } from '../helpers/cli.ts';
import type { ConnectorFixture, FailureScenario, RunningSimulator } from './fixture.ts';

const launcher = fileURLToPath(new URL('../../bin/vouch.js', import.meta.url));

interface Listing {
  id: string;
  kind: string;
  source: string;
  rowCount: number;
  complete: boolean;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * The contract for the given connectors (`describe.each`). The fixtures are split over a few test files only
 * so vitest can run them side by side: each connector's run is mostly waiting on its simulator.
 */
export function runContract(fixtures: ConnectorFixture[]): void {
  describe.each(fixtures)('connector contract: $kind', (fixture) => {
    const { kind } = fixture;
    const declared = connectorFor(kind).describe().datasets;
    const permissionOf = (dataset: string) => {
      const found = declared.find((d) => d.kind === dataset);
      if (!found) throw new Error(`${kind} declares no dataset ${dataset}`);
      return found.permission;
    };
    let sim: RunningSimulator;
    let dir: string;
    const outputs: CliResult[] = [];
    /** Every dataset of the last complete sync, with its artifact. */
    let lastGood: SyncOutcome | undefined;

    const dataDir = () => path.join(dir, 'data');
    const env = (extra: Record<string, string> = {}) => ({
      VOUCH_DATA_DIR: dataDir(),
      // Short enough that a retry after the SIGKILL comes soon, long enough that a busy machine renews in time.
      VOUCH_LEASE_MS: '5000',
      ...extra,
    });
    async function vouch(...args: string[]): Promise<CliResult> {
      const result = await runVouch(args, { env: env(), timeoutMs: 110_000 });
      outputs.push(result);
      return result;
    }

    /** `vouch source add` with the good source's fields, some replaced; secrets only ever through files. */
    async function addSource(
      name: string,
      change: { config?: Record<string, string>; secrets?: Record<string, string> } = {},
    ) {
      const config = { ...sim.config, ...change.config };
      const secrets = { ...sim.secrets, ...change.secrets };
      const args = [
        'source',
        'add',
        kind,
        '--name',
        name,
        '--ca-file',
        path.join(dir, 'ca.pem'),
        '--no-test',
      ];
      for (const [field, value] of Object.entries(config)) args.push('--field', `${field}=${value}`);
      for (const [field, value] of Object.entries(secrets)) {
        const file = path.join(dir, `${name}.${field}.secret`);
        writeFileSync(file, value);
        args.push('--field-file', `${field}=${file}`);
      }
      const added = await vouch(...args);
      expect(added.code, added.stdout + added.stderr).toBe(0);
    }

    async function sync(name: string): Promise<{ result: CliResult; outcome: SyncOutcome }> {
      const result = await vouch('sync', name, '--json');
      expect(result.stdout, result.stderr).not.toBe('');
      const [outcome] = JSON.parse(result.stdout) as SyncOutcome[];
      return { result, outcome: outcome as SyncOutcome };
    }

    async function artifacts(): Promise<Listing[]> {
      const listed = await vouch('artifacts', 'list', '--json');
      expect(listed.code, listed.stderr).toBe(0);
      return JSON.parse(listed.stdout) as Listing[];
    }

    /** The artifact as a user exports it: its provenance (complete, partial reason) and rows. */
    async function exported(id: string) {
      const out = path.join(dir, 'exports', `${id}.json`);
      const result = await vouch('export', id, '--format', 'json', '--out', out);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8')) as {
        provenance: { complete: boolean; partialReason: string | null };
      };
    }

    const dataset = (outcome: SyncOutcome, name: string) => {
      const found = outcome.datasets.find((d) => d.dataset === name);
      if (!found) throw new Error(`no ${name} in ${outcome.datasets.map((d) => d.dataset).join(', ')}`);
      return found;
    };

    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), `vouch-contract-${kind}-`));
      mkdirSync(path.join(dir, 'exports'));
      sim = await fixture.start();
      writeFileSync(path.join(dir, 'ca.pem'), sim.caPem);
    });
    afterAll(async () => {
      await sim?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('connects with the good credential and syncs every declared dataset completely', async () => {
      await addSource('good');
      const tested = await vouch('source', 'test', 'good', '--json');
      expect(tested.code, tested.stdout + tested.stderr).toBe(0);
      expect(JSON.parse(tested.stdout)).toMatchObject({ status: 'connected', errorClass: null });

      const { result, outcome } = await sync('good');
      expect(result.code, result.stderr).toBe(0);
      expect(outcome.status).toBe('complete');
      expect(outcome.datasets.map((d) => d.dataset).sort()).toEqual(declared.map((d) => d.kind).sort());
      for (const d of outcome.datasets) {
        expect(d.complete, `${d.dataset}: ${d.reason}`).toBe(true);
        expect(d.artifactId, d.dataset).toBeTruthy();
      }
      lastGood = outcome;
    });

    it('classifies each failure from real simulated responses, naming the missing permission', async () => {
      const scenarios: FailureScenario[] = fixture.failures(sim);
      // The classes every connector must show; a connector may add more scenarios.
      const covered = new Set(scenarios.map((s) => s.errorClass));
      for (const required of [
        'failed_authentication',
        'missing_configuration',
        'missing_permissions',
        'unreachable',
      ])
        expect(covered, `a ${required} scenario`).toContain(required);
      expect(
        scenarios.some((s) => JSON.stringify(s.faults ?? {}).includes('serverErrors')),
        'a persistent 5xx scenario',
      ).toBe(true);

      for (const [i, scenario] of scenarios.entries()) {
        const name = `failure-${i}`;
        await addSource(name, scenario);
        sim.setFaults(scenario.faults ?? {});
        let result: CliResult;
        try {
          result = await vouch('source', 'test', name, '--json');
        } finally {
          sim.setFaults({});
        }
        const status = JSON.parse(result.stdout) as { status: string; errorClass: string; message: string };
        expect(result.code, `${scenario.name}: exit code`).toBe(3);
        expect(status.status, scenario.name).toBe('failed');
        expect(status.errorClass, `${scenario.name}: ${status.message}`).toBe(scenario.errorClass);
        if (scenario.errorClass === 'missing_permissions') {
          expect(scenario.permissionOf, `${scenario.name} names a dataset`).toBeTruthy();
          expect(status.message, scenario.name).toContain(permissionOf(scenario.permissionOf as string));
        }
        for (const text of scenario.messageIncludes ?? [])
          expect(status.message, scenario.name).toContain(text);
      }
      // The list a user looks at says the same, for every one of them.
      const listed = JSON.parse((await vouch('source', 'list', '--json')).stdout) as {
        name: string;
        status: string;
        errorClass: string | null;
      }[];
      for (const [i, scenario] of scenarios.entries()) {
        expect(
          listed.find((s) => s.name === `failure-${i}`),
          scenario.name,
        ).toMatchObject({
          status: 'failed',
          errorClass: scenario.errorClass,
        });
      }
    });

    it('a 403 on one dataset gives it a partial artifact naming the permission; the others are complete', async () => {
      const { dataset: forbidden, forbiddenPaths } = fixture.forbiddenDataset;
      sim.setFaults({ forbiddenPaths });
      let run: Awaited<ReturnType<typeof sync>>;
      try {
        run = await sync('good');
      } finally {
        sim.setFaults({});
      }
      const { outcome } = run;
      expect(outcome.status, JSON.stringify(outcome)).toBe('partial');
      const cut = dataset(outcome, forbidden);
      expect(cut.complete).toBe(false);
      expect(cut.reason).toContain(permissionOf(forbidden));
      expect(cut.artifactId).toBeTruthy();
      for (const d of outcome.datasets.filter((d) => d.dataset !== forbidden)) {
        expect(d.complete, `${d.dataset}: ${d.reason}`).toBe(true);
      }
      const listed = await artifacts();
      expect(listed.find((a) => a.id === cut.artifactId)).toMatchObject({ kind: forbidden, complete: false });
      const { provenance } = await exported(cut.artifactId as string);
      expect(provenance.complete).toBe(false);
      expect(provenance.partialReason).toContain(permissionOf(forbidden));
    });

    const countMismatch = fixture.countMismatch;
    it.skipIf('dataset' in countMismatch)('a provider without totals never claims one', async () => {
      const run = await sync('good');
      expect(run.outcome.status).toBe('complete');
      for (const d of run.outcome.datasets) expect(d.reportedCount ?? null).toBeNull();
    });

    it.skipIf('noTotals' in countMismatch)(
      'a count that disagrees with the rows makes the dataset partial',
      async () => {
        if (!('dataset' in countMismatch)) return;
        const { dataset: skewed, faults } = countMismatch;
        sim.setFaults(faults);
        let run: Awaited<ReturnType<typeof sync>>;
        try {
          run = await sync('good');
        } finally {
          sim.setFaults({});
        }
        const d = dataset(run.outcome, skewed);
        expect(run.outcome.status).toBe('partial');
        expect(d.complete).toBe(false);
        expect(d.reportedCount).not.toBe(d.rows);
        expect(d.reason).toContain(String(d.reportedCount));
        const listed = await artifacts();
        expect(listed.find((a) => a.id === d.artifactId)).toMatchObject({ kind: skewed, complete: false });
        const { provenance } = await exported(d.artifactId as string);
        expect(provenance.complete).toBe(false);
      },
    );

    it('waits out a burst of rate-limit refusals and completes', async () => {
      const storm = fixture.rateLimitStorm ?? { faults: { rateLimitStorm: true }, refusals: 3 };
      const before = sim.rateLimited();
      sim.setFaults(storm.faults);
      const running = sync('good');
      try {
        await waitFor('the simulator to refuse requests', () => sim.rateLimited() - before >= storm.refusals);
      } finally {
        sim.setFaults({});
      }
      const { result, outcome } = await running;
      expect(result.code, result.stderr).toBe(0);
      expect(sim.rateLimited() - before).toBeGreaterThanOrEqual(storm.refusals);
      expect(outcome.status).toBe('complete');
      for (const d of outcome.datasets) expect(d.complete, `${d.dataset}: ${d.reason}`).toBe(true);
      lastGood = outcome;
    });

    it('keeps the last good snapshot when the sync is SIGKILLed, and the next sync completes', async () => {
      expect(lastGood).toBeDefined();
      const before = await artifacts();
      const markers = path.join(dir, 'markers');
      mkdirSync(markers, { recursive: true });
      const child = spawn(process.execPath, [launcher, 'sync', 'good', '--json'], {
        env: {
          ...process.env,
          ...env({ VOUCH_TEST_STOP_AT: 'writing_rows', VOUCH_TEST_MARKER_DIR: markers }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
      const marker = path.join(markers, 'writing_rows');
      const lane = await waitFor('the lane to be writing rows', () => {
        if (!existsSync(marker)) return undefined;
        const pid = Number(readFileSync(marker, 'utf8'));
        return Number.isInteger(pid) && pid > 0 ? pid : undefined;
      });
      // A lane's command line and environment are visible to other local users: no secret there either.
      const laneArgv = readFileSync(`/proc/${lane}/cmdline`, 'utf8');
      const laneEnv = readFileSync(`/proc/${lane}/environ`, 'utf8');
      for (const secret of sim.secretValues) {
        expect(laneArgv.includes(secret), 'secret in a lane argv').toBe(false);
        expect(laneEnv.includes(secret), 'secret in a lane environment').toBe(false);
      }
      // Everything dies at once: the lane mid-write and the `vouch sync` that started it.
      process.kill(lane, 'SIGKILL');
      child.kill('SIGKILL');
      await exited;
      outputs.push({ code: null, stdout, stderr });

      const after = await artifacts();
      expect(after.map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort());
      // The newest artifact of every dataset is still the last complete sync's, complete.
      for (const d of lastGood!.datasets) {
        const newest = after.find((a) => a.kind === d.dataset);
        expect(newest?.id, d.dataset).toBe(d.artifactId);
        expect(newest?.complete, d.dataset).toBe(true);
      }

      const { result, outcome } = await sync('good');
      expect(result.code, result.stderr).toBe(0);
      expect(outcome.status).toBe('complete');
      const listed = await artifacts();
      for (const d of outcome.datasets) {
        expect(listed.find((a) => a.id === d.artifactId)).toMatchObject({ kind: d.dataset, complete: true });
      }
    });

    it('never shows a secret: output, data directory, logs, exports, error messages', () => {
      expect(sim.secretValues.length).toBeGreaterThan(0);
      const leaks: string[] = [];
      const walk = (p: string) => {
        for (const name of readdirSync(p)) {
          const file = path.join(p, name);
          if (statSync(file).isDirectory()) {
            walk(file);
            continue;
          }
          // Secret files the test wrote for --field-file are the only place secrets may be.
          if (file.endsWith('.secret')) continue;
          let bytes = readFileSync(file);
          if (name.endsWith('.gz')) bytes = gunzipSync(bytes);
          for (const secret of sim.secretValues) {
            if (bytes.includes(secret) || bytes.includes(Buffer.from(secret, 'utf16le'))) leaks.push(file);
          }
        }
      };
      walk(dir);
      for (const output of outputs) {
        for (const secret of sim.secretValues) {
          if (output.stdout.includes(secret) || output.stderr.includes(secret)) leaks.push('CLI output');
        }
      }
      expect(leaks).toEqual([]);
      // The walk saw real evidence and exports, so it could have found something.
      expect(outputs.length).toBeGreaterThan(10);
      expect(readdirSync(path.join(dir, 'exports')).length).toBeGreaterThan(0);
    });
  });
}
