import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../src-shared/api.ts';
import { ApiEventBus } from '../../src-main/engine/api/event-bus.ts';
import { SyncCoordinator } from '../../src-main/engine/api/sync-coordinator.ts';
import type { Engine, SyncRequest } from '../../src-main/engine/engine.ts';
import { VouchError } from '../../src-main/engine/errors.ts';
import type { ProcessHost } from '../../src-main/engine/jobs/process-host.ts';
import type { ManagedLanes } from '../../src-main/engine/lanes/lane-manager.ts';
import { SourceNotFoundError } from '../../src-main/engine/sources/source-errors.ts';
import type { SourceSummary } from '../../src-main/engine/sources/source-repository.ts';
import type { SyncOutcome } from '../../src-main/engine/sync/sync-progress.ts';

interface PendingSync {
  request: SyncRequest;
  finish(outcomes?: SyncOutcome[]): void;
  fail(error: unknown): void;
}

function fakeEngine(names: string[]) {
  const existing = new Set(names);
  const syncs: PendingSync[] = [];
  const summary = (name: string) => ({ id: `src_${name}`, name }) as SourceSummary;
  const engine = {
    sources: {
      list: () => [...existing].map(summary),
      get: (name: string) => {
        if (!existing.has(name)) throw new SourceNotFoundError(name);
        return summary(name);
      },
    },
    sync: (request: SyncRequest) =>
      new Promise<SyncOutcome[]>((resolve, reject) => {
        syncs.push({
          request,
          finish: (outcomes) =>
            resolve(
              outcomes ??
                request.names.map((source) => ({
                  source,
                  runId: 1,
                  status: 'complete',
                  reason: null,
                  errorClass: null,
                  datasets: [],
                  expiredRows: 0,
                })),
            ),
          fail: reject,
        });
      }),
  } as unknown as Pick<Engine, 'sync' | 'sources'>;
  return { engine, syncs, existing };
}

const host: ProcessHost = {
  fork: () => {
    throw new Error('not used');
  },
};

function setup(names: string[], lanes?: ManagedLanes) {
  const fake = fakeEngine(names);
  const events = new ApiEventBus();
  const seen: ApiEvent[] = [];
  const logs: string[] = [];
  events.subscribe((event) => seen.push(event));
  const coordinator = new SyncCoordinator({
    engine: fake.engine,
    host,
    events,
    log: (line) => logs.push(line),
    progressIntervalMs: 0,
    ...(lanes ? { lanes } : {}),
  });
  return { ...fake, coordinator, seen, logs };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SyncCoordinator', () => {
  it('runs one sync at a time; a source asked for again joins, others queue for the next batch', async () => {
    const { coordinator, syncs, seen } = setup(['a', 'b', 'c']);
    expect(coordinator.start(['a'])).toEqual(['a']);
    await tick();
    expect(coordinator.start(['a', 'b'])).toEqual(['a', 'b']);
    expect(coordinator.start(['c', 'b'])).toEqual(['c', 'b']);
    await tick();
    expect(syncs).toHaveLength(1);
    expect(syncs[0]?.request.names).toEqual(['a']);
    expect(coordinator.isSyncing('a') && coordinator.isSyncing('b')).toBe(true);
    syncs[0]?.request.onProgress?.({
      source: 'a',
      dataset: 'okta.users',
      rows: 10,
    });
    syncs[0]?.finish();
    await tick();
    expect(syncs).toHaveLength(2);
    expect(syncs[1]?.request.names).toEqual(['b', 'c']);
    syncs[1]?.finish();
    await coordinator.idle();
    expect(coordinator.isSyncing('a')).toBe(false);
    expect(seen.map((e) => e.type)).toEqual([
      'sync.progress',
      'sync.finished',
      'sources.changed',
      'artifacts.changed',
      'sync.finished',
      'sync.finished',
      'sources.changed',
      'artifacts.changed',
    ]);
    expect(seen[0]).toEqual({ type: 'sync.progress', source: 'a', dataset: 'okta.users', rows: 10 });
    expect(seen[1]).toMatchObject({ type: 'sync.finished', outcome: { source: 'a', status: 'complete' } });
    expect(seen[1]).not.toHaveProperty('outcome.runId');
  });

  it('starts every source when none is named, and refuses unknown names before queueing anything', async () => {
    const { coordinator, syncs } = setup(['a', 'b']);
    expect(() => coordinator.start(['a', 'nope'])).toThrow(SourceNotFoundError);
    expect(coordinator.isSyncing('a')).toBe(false);
    expect(coordinator.start([])).toEqual(['a', 'b']);
    await tick();
    expect(syncs[0]?.request.names).toEqual(['a', 'b']);
    syncs[0]?.finish();
    await coordinator.idle();
  });

  it('reports a sync that throws as sync.failed, hiding unexpected details', async () => {
    const { coordinator, syncs, seen, logs } = setup(['a', 'b']);
    coordinator.start(['a']);
    await tick();
    syncs[0]?.fail(new VouchError('master_key_mismatch', 'The master key changed.', 'Set it back.'));
    await coordinator.idle();
    coordinator.start(['b']);
    await tick();
    syncs[1]?.fail(new Error('SQLITE_BUSY at /secret/path'));
    await coordinator.idle();
    const failed = seen.filter((e) => e.type === 'sync.failed');
    expect(failed).toEqual([
      { type: 'sync.failed', source: 'a', message: 'The master key changed.' },
      { type: 'sync.failed', source: 'b', message: expect.stringContaining('stopped unexpectedly') },
    ]);
    expect(JSON.stringify(seen)).not.toContain('/secret/path');
    expect(logs.join('\n')).toContain('SQLITE_BUSY');
  });

  it('reports a source removed while queued, and syncs the rest', async () => {
    const { coordinator, syncs, seen, existing } = setup(['a', 'b', 'c']);
    coordinator.start(['a']);
    await tick();
    coordinator.start(['b', 'c']);
    existing.delete('b');
    syncs[0]?.finish();
    await tick();
    expect(syncs[1]?.request.names).toEqual(['c']);
    syncs[1]?.finish();
    await coordinator.idle();
    expect(seen).toContainEqual({
      type: 'sync.failed',
      source: 'b',
      message: 'The source "b" was removed before its sync started.',
    });
  });

  it('starts nothing after shutdown and drops what was queued', async () => {
    const { coordinator, syncs, seen } = setup(['a', 'b']);
    coordinator.start(['a']);
    await tick();
    coordinator.start(['b']);
    const shutdown = coordinator.shutdown(1_000);
    syncs[0]?.finish();
    await shutdown;
    expect(syncs).toHaveLength(1);
    expect(() => coordinator.start(['a'])).toThrow(/shutting down/);
    // Nobody is listening any more: no events after shutdown.
    expect(seen.filter((e) => e.type === 'sync.finished')).toEqual([]);
  });

  describe('with the long-lived lanes of the process', () => {
    const lanes: ManagedLanes = { onProgress: () => () => {}, health: () => [], failing: () => null };

    it('waits on every source by itself, so lanes run them side by side; a repeat joins', async () => {
      const { coordinator, syncs, seen } = setup(['a', 'b', 'c'], lanes);
      expect(coordinator.start(['a', 'b'])).toEqual(['a', 'b']);
      expect(coordinator.start(['b', 'c'])).toEqual(['b', 'c']);
      await tick();
      // One wait per source, all at once, each on the lanes (no process host).
      expect(syncs.map((s) => s.request.names)).toEqual([['a'], ['b'], ['c']]);
      expect(syncs.every((s) => s.request.lanes === lanes && s.request.host === undefined)).toBe(true);
      syncs[1]?.finish();
      await tick();
      expect(coordinator.isSyncing('b')).toBe(false);
      expect(coordinator.isSyncing('a') && coordinator.isSyncing('c')).toBe(true);
      syncs[0]?.finish();
      syncs[2]?.finish();
      await coordinator.idle();
      expect(seen.filter((e) => e.type === 'sync.finished').map((e) => e.type)).toHaveLength(3);
    });

    it('stops waiting on shutdown and emits nothing more; the lanes are left to their manager', async () => {
      const { coordinator, syncs, seen } = setup(['a'], lanes);
      coordinator.start(['a']);
      await tick();
      const signal = syncs[0]!.request.signal!;
      signal.addEventListener('abort', () => syncs[0]?.fail(new VouchError('stopped_waiting', 'stop', null)));
      await coordinator.shutdown(60_000);
      expect(signal.aborted).toBe(true);
      expect(seen.filter((e) => e.type === 'sync.failed')).toEqual([]);
      expect(() => coordinator.start(['a'])).toThrow(/shutting down/);
    });
  });
});
