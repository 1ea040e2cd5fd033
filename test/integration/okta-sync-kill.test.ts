// A lane killed with SIGKILL in the middle of a sync: the previous evidence and data stay intact, the run is
// recorded as abandoned, and the job is retried by a new lane once the lease runs out.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { Engine } from '../../src-main/engine/engine.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { ChildProcessHost } from '../../src-main/engine/jobs/child-process-host.ts';
import { openStore } from '../../src-main/engine/store/db.ts';

let sim: OktaSimulator;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-kill-'));
  sim = await startOktaSimulator({ users: 1200, seed: 5, timeScale: 60 });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

it('retries a sync whose lane was SIGKILLed, without losing the previous snapshot', async () => {
  // Long enough that a busy machine (tests run side by side) renews in time; the retry waits it out.
  const env = { ...process.env, VOUCH_LEASE_MS: '5000' };
  const engine = Engine.open(dir, env);
  try {
    engine.sources.add({
      name: 'okta',
      kind: 'okta',
      config: { domain: sim.host, caPem: sim.caPem },
      secrets: { apiToken: sim.token },
    });
    const [first] = await engine.sync({ names: ['okta'], host: new ChildProcessHost() });
    expect(first?.status).toBe('complete');
    const firstUsers = first!.datasets.find((d) => d.dataset === 'okta.users')!;

    sim.setFaults({ slowPagesMs: 40 });
    let lanes = 0;
    let killed = false;
    const [second] = await engine.sync({
      names: ['okta'],
      host: new ChildProcessHost(),
      onLaneStarted: (lane) => {
        lanes++;
        if (lanes === 1) {
          // Kill it as soon as it has written something.
          lane.onMessage(() => {
            if (!killed) {
              killed = true;
              setTimeout(() => lane.kill('SIGKILL'), 300);
            }
          });
        }
      },
    });
    sim.setFaults({});
    expect(killed).toBe(true);
    expect(lanes).toBeGreaterThanOrEqual(2);
    expect(second?.status).toBe('complete');
    expect(second!.datasets.find((d) => d.dataset === 'okta.users')!.rows).toBe(firstUsers.rows);

    const store = openStore(dir);
    try {
      const runs = store.sqlite.prepare('SELECT status FROM sync_runs ORDER BY id').all() as {
        status: string;
      }[];
      expect(runs.map((r) => r.status)).toEqual(['complete', 'abandoned', 'complete']);
      const job = store.sqlite.prepare('SELECT attempts, status FROM jobs ORDER BY id DESC LIMIT 1').get();
      expect(job).toEqual({ attempts: 2, status: 'succeeded' });
      const expired = store.sqlite
        .prepare('SELECT count(*) AS n FROM accounts WHERE expired_at IS NOT NULL')
        .get();
      expect(expired).toEqual({ n: 0 });
      // The first snapshot still reads back whole and verified.
      const artifact = getArtifact(store, firstUsers.artifactId!);
      let rows = 0;
      for await (const _row of readArtifactRows(artifact)) rows++;
      expect(rows).toBe(firstUsers.rows);
    } finally {
      store.close();
    }
  } finally {
    engine.close();
  }
});
