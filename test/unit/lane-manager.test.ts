// LaneManager over a host whose lanes die at once: each slot is restarted with backoff and counts its
// restarts, and once every lane of a kind keeps dying, failing() says so (a waiting sync then gives up).
import { expect, it } from 'vitest';
import type { LaneProcess, ProcessHost } from '../../src-main/engine/jobs/process-host.ts';
import { LaneManager } from '../../src-main/engine/lanes/lane-manager.ts';

/** Lanes that exit with code 1 right after they are forked, like an install whose lane entry is broken. */
class DyingHost implements ProcessHost {
  forks = 0;
  fork(): LaneProcess {
    this.forks += 1;
    const pid = 1000 + this.forks;
    return {
      pid,
      send: () => {},
      onMessage: () => {},
      onExit: (cb) => setImmediate(() => cb(1, null)),
      kill: () => {},
    };
  }
}

it('restarts dying lanes and reports the kind failing once every lane of it keeps dying', async () => {
  const host = new DyingHost();
  const manager = new LaneManager({
    host,
    dataDir: '/nowhere',
    env: {},
    lanes: ['full', 'full'],
    restartBaseMs: 1,
    restartCapMs: 2,
    random: () => 0.5,
  });
  manager.start();
  expect(manager.failing('full')).toBeNull();
  await expect
    .poll(() => manager.failing('full'), { timeout: 10_000 })
    .toMatch(/every full lane stopped 5 times in a row \(last: exited with code 1\)/);
  expect(host.forks).toBeGreaterThanOrEqual(10);
  for (const lane of manager.health()) {
    expect(lane.restarts).toBeGreaterThanOrEqual(5);
    expect(lane.lastError).toBe('exited with code 1');
  }
  expect(manager.failing('tail')).toBe('this process runs no tail lane');
  await manager.stop(1_000);
  expect(manager.health().map((lane) => lane.state)).toEqual(['stopped', 'stopped']);
});
