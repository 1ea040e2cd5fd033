import { describe, expect, it } from 'vitest';
import {
  Scheduler,
  type ScheduledSource,
  type SchedulePolicy,
  type SchedulerClock,
} from '../../src-main/engine/scheduling/scheduler.ts';

const hour = 3_600_000;
const start = Date.parse('2025-06-01T00:00:00.000Z');

class FakeClock implements SchedulerClock {
  #now = start;
  #nextId = 1;
  readonly timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.timers.set(id, { at: this.#now + ms, callback });
    return id;
  }

  clearTimer(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time forward without firing anything: the machine slept, its timers did not run. */
  sleep(ms: number): void {
    this.#now += ms;
  }

  /** Moves time forward, firing every timer that falls due on the way (and what those schedule). */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await settle();
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.at <= target)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.#now = Math.max(this.#now, due[1].at);
      due[1].callback();
    }
    this.#now = target;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

interface World {
  sources: ScheduledSource[];
  policy: SchedulePolicy;
  state: string | null;
  syncs: { at: number; names: string[] }[];
  tests: { at: number; name: string }[];
  logs: string[];
}

function world(sources: ScheduledSource[], policy: Partial<SchedulePolicy> = {}): World {
  return {
    sources,
    policy: { syncIntervalHours: 24, dailyConnectionTest: true, ...policy },
    state: null,
    syncs: [],
    tests: [],
    logs: [],
  };
}

function scheduler(
  w: World,
  clock: FakeClock,
  failTestsOf: string[] = [],
  jitterMs = 0,
  syncJitterMs = 0,
): Scheduler {
  return new Scheduler(
    {
      listSources: () => w.sources,
      policy: () => w.policy,
      startSync: (names) => {
        w.syncs.push({ at: clock.now(), names });
      },
      testSource: async (name) => {
        w.tests.push({ at: clock.now(), name });
        if (failTestsOf.includes(name)) throw new Error(`${name} is unreachable`);
      },
      loadState: () => w.state,
      saveState: (state) => {
        w.state = state;
      },
      log: (line) => w.logs.push(line),
    },
    { clock, startDelayMs: 1_000, connectionTestJitterMs: jitterMs, syncJitterMaxMs: syncJitterMs },
  );
}

const iso = (ms: number) => new Date(ms).toISOString();
const source = (name: string, lastSyncedAt: number | null, lastTestedAt: number | null): ScheduledSource => ({
  id: `src_${name}`,
  name,
  lastSyncedAt: lastSyncedAt === null ? null : iso(lastSyncedAt),
  lastTestedAt: lastTestedAt === null ? null : iso(lastTestedAt),
});

describe('Scheduler', () => {
  it('syncs a source when the interval has passed since its last sync, then once per interval', async () => {
    const clock = new FakeClock();
    const w = world([source('okta', start - 23 * hour, start)]);
    scheduler(w, clock).start();
    await clock.advance(30 * 60_000);
    expect(w.syncs).toEqual([]);
    await clock.advance(31 * 60_000);
    expect(w.syncs).toEqual([{ at: start + hour, names: ['okta'] }]);
    await clock.advance(23 * hour);
    expect(w.syncs).toHaveLength(1);
    await clock.advance(hour);
    expect(w.syncs.map((s) => s.at)).toEqual([start + hour, start + 25 * hour]);
  });

  it('starts every due source in one sync and leaves the others alone', async () => {
    const clock = new FakeClock();
    const w = world([
      source('a', start - 30 * hour, start),
      source('b', start - 25 * hour, start),
      source('c', start - hour, start),
    ]);
    scheduler(w, clock).start();
    await clock.advance(2_000);
    expect(w.syncs).toEqual([{ at: start + 1_000, names: ['a', 'b'] }]);
    await clock.advance(23 * hour);
    expect(w.syncs[1]).toEqual({ at: start + 23 * hour, names: ['c'] });
  });

  it('does not sync a never-synced source at once: it counts from when the scheduler first saw it', async () => {
    const clock = new FakeClock();
    const w = world([source('fresh', null, start)]);
    scheduler(w, clock).start();
    await clock.advance(23 * hour);
    expect(w.syncs).toEqual([]);
    await clock.advance(hour + 2_000);
    expect(w.syncs).toEqual([{ at: start + 24 * hour + 1_000, names: ['fresh'] }]);
  });

  it('persists what it ran, so a restart does not run it again', async () => {
    const clock = new FakeClock();
    const w = world([source('okta', start - 48 * hour, start - 48 * hour)]);
    const first = scheduler(w, clock);
    first.start();
    await clock.advance(2_000);
    expect(w.syncs).toHaveLength(1);
    expect(w.tests).toHaveLength(1);
    first.stop();
    // The sync never finished (lastSyncedAt unchanged): the recorded attempt still counts.
    await clock.advance(hour);
    scheduler(w, clock).start();
    await clock.advance(2 * hour);
    expect(w.syncs).toHaveLength(1);
    expect(w.tests).toHaveLength(1);
  });

  it('tests every source daily, going on after a failure', async () => {
    const clock = new FakeClock();
    const w = world([source('a', start, start - 25 * hour), source('b', start, start - 25 * hour)], {
      syncIntervalHours: 0,
    });
    scheduler(w, clock, ['a']).start();
    await clock.advance(2_000);
    expect(w.tests.map((t) => t.name)).toEqual(['a', 'b']);
    expect(w.logs.join('\n')).toContain('a is unreachable');
    await clock.advance(24 * hour);
    expect(w.tests.map((t) => t.name)).toEqual(['a', 'b', 'a', 'b']);
    await clock.advance(30 * 24 * hour);
    expect(w.syncs).toEqual([]);
  });

  it('spreads the daily connection tests of several sources, each at a fixed offset', async () => {
    const clock = new FakeClock();
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const w = world(
      names.map((name) => source(name, start, start)),
      { syncIntervalHours: 0 },
    );
    scheduler(w, clock, [], hour).start();
    await clock.advance(24 * hour);
    expect(w.tests).toEqual([]);
    await clock.advance(hour);
    const firstDay = w.tests.map((t) => t.at - start - 24 * hour);
    expect(w.tests.map((t) => t.name).sort()).toEqual(names);
    expect(new Set(firstDay).size).toBeGreaterThan(1);
    expect(firstDay.every((offset) => offset >= 0 && offset <= hour)).toBe(true);
    await clock.advance(24 * hour);
    await clock.advance(hour);
    // Each source's next test comes a day plus its own fixed offset later.
    const first = new Map(w.tests.slice(0, names.length).map((t) => [t.name, t.at - start - 24 * hour]));
    expect(
      w.tests
        .slice(names.length)
        .map((t) => t.name)
        .sort(),
    ).toEqual(names);
    for (const test of w.tests.slice(names.length)) {
      const offset = first.get(test.name)!;
      expect(test.at).toBe(start + 24 * hour + offset + 24 * hour + offset);
    }
  });

  it('after a sleep of several days, runs a missed sync and test once, not once per missed slot', async () => {
    const clock = new FakeClock();
    const w = world([source('okta', start, start)], { syncIntervalHours: 6 });
    scheduler(w, clock).start();
    await clock.advance(2_000);
    expect(w.syncs).toEqual([]);
    clock.sleep(5 * 24 * hour);
    await clock.advance(0);
    await clock.advance(60_000);
    expect(w.syncs).toHaveLength(1);
    expect(w.tests).toHaveLength(1);
    await clock.advance(5 * hour);
    expect(w.syncs).toHaveLength(1);
    await clock.advance(hour);
    expect(w.syncs).toHaveLength(2);
  });

  it('runs no connection tests when the daily test is off', async () => {
    const clock = new FakeClock();
    const w = world([source('a', start, start - 48 * hour)], { dailyConnectionTest: false });
    scheduler(w, clock).start();
    await clock.advance(3 * 24 * hour);
    expect(w.tests).toEqual([]);
  });

  it('picks up a shorter interval at once when rescheduled', async () => {
    const clock = new FakeClock();
    const w = world([source('okta', start - 2 * hour, start)]);
    const s = scheduler(w, clock);
    s.start();
    await clock.advance(2_000);
    expect(w.syncs).toEqual([]);
    w.policy = { ...w.policy, syncIntervalHours: 1 };
    s.reschedule();
    await clock.advance(1);
    expect(w.syncs).toHaveLength(1);
    await clock.advance(hour);
    expect(w.syncs).toHaveLength(2);
  });

  it('forgets removed sources and stops firing after stop()', async () => {
    const clock = new FakeClock();
    const w = world([source('a', start, start), source('b', start, start)]);
    const s = scheduler(w, clock);
    s.start();
    await clock.advance(2_000);
    expect(Object.keys(JSON.parse(w.state ?? '{}').sync ?? {})).toEqual([]);
    w.sources = [source('a', null, start)];
    await clock.advance(hour);
    expect(Object.keys(JSON.parse(w.state ?? '{}').sync)).toEqual(['src_a']);
    s.stop();
    expect(clock.timers.size).toBe(0);
    await clock.advance(10 * 24 * hour);
    expect(w.syncs).toEqual([]);
  });

  it('ignores a damaged state and keeps checking at least hourly', async () => {
    const clock = new FakeClock();
    const w = world([]);
    w.state = '{not json';
    scheduler(w, clock).start();
    await clock.advance(2_000);
    expect(JSON.parse(w.state)).toEqual({ sync: {}, test: {} });
    const [timer] = [...clock.timers.values()];
    expect(timer?.at).toBe(start + 1_000 + hour);
  });
});

describe('Scheduler, per-source intervals', () => {
  const own = (s: ScheduledSource, ms: number): ScheduledSource => ({ ...s, syncIntervalMs: ms });

  it("syncs each source on its own interval; one that is off never, the rest on the installation's", async () => {
    const clock = new FakeClock();
    const w = world([
      own(source('fast', start, start), 6 * hour),
      own(source('never', start - 100 * hour, start), 0),
      source('daily', start, start),
    ]);
    scheduler(w, clock).start();
    await clock.advance(24 * hour + 2_000);
    expect(w.syncs.filter((s) => s.names.includes('fast')).map((s) => s.at - start)).toEqual([
      6 * hour,
      12 * hour,
      18 * hour,
      24 * hour,
    ]);
    expect(w.syncs.filter((s) => s.names.includes('daily')).map((s) => s.at - start)).toEqual([24 * hour]);
    expect(w.syncs.some((s) => s.names.includes('never'))).toBe(false);
  });

  it('spreads sources of the same interval by a fixed offset of up to a tenth of it', async () => {
    const clock = new FakeClock();
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const w = world(names.map((name) => own(source(name, start, start), 6 * hour)));
    scheduler(w, clock, [], 0, 30 * 60_000).start();
    await clock.advance(6 * hour + 36 * 60_000);
    const first = new Map(w.syncs.flatMap((s) => s.names.map((name) => [name, s.at - start - 6 * hour])));
    expect([...first.keys()].sort()).toEqual(names);
    expect(new Set(first.values()).size).toBeGreaterThan(1);
    expect([...first.values()].every((offset) => offset >= 0 && offset < 36 * 60_000)).toBe(true);
    const firstRound = w.syncs.length;
    await clock.advance(6 * hour + 36 * 60_000);
    // Each source's next sync comes its interval plus its own offset after the previous one.
    const later = w.syncs.slice(firstRound);
    expect(later.flatMap((s) => s.names).sort()).toEqual(names);
    for (const sync of later) {
      for (const name of sync.names) {
        expect(sync.at).toBe(start + 6 * hour + first.get(name)! + 6 * hour + first.get(name)!);
      }
    }
  });

  it('after a sleep, runs a source’s missed sync once', async () => {
    const clock = new FakeClock();
    const w = world([own(source('fast', start, start), 2 * hour)], { dailyConnectionTest: false });
    scheduler(w, clock).start();
    await clock.advance(2_000);
    clock.sleep(3 * 24 * hour);
    await clock.advance(60_000);
    expect(w.syncs).toHaveLength(1);
    await clock.advance(2 * hour - 2 * 60_000);
    expect(w.syncs).toHaveLength(1);
    await clock.advance(2 * 60_000);
    expect(w.syncs).toHaveLength(2);
  });
});
