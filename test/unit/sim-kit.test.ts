// The simulator kit (sim/shared) on its own: the policies every simulator relies on.
import { describe, expect, it } from 'vitest';
import { FaultSwitches, pathMatcher } from '../../sim/shared/faults.ts';
import type { CommonFaults } from '../../sim/shared/faults.ts';
import { joinedLinkHeader, linkValues, parseLinkHeader, withQuery } from '../../sim/shared/links.ts';
import { LocalParts, asciiName, createNameGenerator, joinName, scriptOf } from '../../sim/shared/people.ts';
import { seededRandom } from '../../sim/shared/random.ts';
import {
  ConcurrencyGate,
  RateWindows,
  mergeLimits,
  scaledWindowMs,
  xRateLimitHeaders,
} from '../../sim/shared/rate-limits.ts';

describe('rate windows', () => {
  it('epoch-aligned windows reset on multiples of their length and refuse without consuming', () => {
    let now = 10_500;
    const windows = new RateWindows({ windowMs: 1000, align: 'epoch', clock: () => now });
    expect(windows.take('a', 2)).toMatchObject({ allowed: true, remaining: 1, resetMs: 11_000 });
    expect(windows.take('a', 2)).toMatchObject({ allowed: true, remaining: 0 });
    expect(windows.take('a', 2)).toMatchObject({ allowed: false, remaining: 0, used: 2 });
    expect(windows.take('b', 2)).toMatchObject({ allowed: true, remaining: 1 });
    now = 11_000;
    expect(windows.take('a', 2)).toMatchObject({ allowed: true, remaining: 1, resetMs: 12_000 });
    expect(xRateLimitHeaders(windows.peek('a', 2))).toEqual({
      'x-rate-limit-limit': '2',
      'x-rate-limit-remaining': '1',
      'x-rate-limit-reset': '12',
    });
  });

  it('first-request windows start with the first use, with costs, and report whole-second resets', () => {
    let now = 5_250;
    const windows = new RateWindows({ windowMs: 60_000, align: 'first-request', clock: () => now });
    expect(windows.take('u', 10, 4)).toMatchObject({ allowed: true, used: 4, resetMs: 66_000 });
    expect(windows.take('u', 10, 7)).toMatchObject({ allowed: false, used: 4, remaining: 6 });
    expect(windows.take('u', 10, 6)).toMatchObject({ allowed: true, used: 10, remaining: 0 });
    now = 66_000;
    expect(windows.peek('u', 10)).toMatchObject({ used: 0, resetMs: 126_000 });
  });

  it('gates concurrency per key and validates limit tables and time scales', () => {
    const gate = new ConcurrencyGate(2);
    expect([gate.enter('k'), gate.enter('k'), gate.enter('k'), gate.enter('j')]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    gate.leave('k');
    expect(gate.current('k')).toBe(1);
    expect(() => new ConcurrencyGate(0)).toThrow(/positive integer/);
    expect(mergeLimits({ a: 1, b: 2 }, { b: 5 })).toEqual({ a: 1, b: 5 });
    expect(() => mergeLimits({ a: 1 }, { c: 5 })).toThrow(/unknown rate-limit bucket "c"/);
    expect(() => mergeLimits({ a: 1 }, { a: 0.5 })).toThrow(/positive integer/);
    expect(scaledWindowMs(60_000, 4)).toBe(15_000);
    expect(() => scaledWindowMs(60_000, 7, [1, 2, 3])).toThrow(/timeScale/);
    expect(() => scaledWindowMs(60_000, 0)).toThrow(/timeScale/);
  });
});

describe('fault switches', () => {
  it('counts resets, consumes injected errors, matches paths and validates at set', () => {
    const faults = new FaultSwitches<CommonFaults, 500 | 503>(
      { resetEvery: 3, serverErrors: { count: 2, status: 503 }, forbiddenPaths: ['/v1/users/*/roles'] },
      { serverErrorStatuses: [500, 503] },
    );
    expect([1, 2, 3, 4, 5, 6].map(() => faults.countRequestAndCheckReset())).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
    ]);
    expect([faults.takeServerError(), faults.takeServerError(), faults.takeServerError()]).toEqual([
      503,
      503,
      undefined,
    ]);
    expect(faults.isForbidden('/v1/users/42/roles')).toBe(true);
    expect(faults.isForbidden('/v1/users/42/rolesx')).toBe(false);
    expect(faults.isForbidden('/v1/users')).toBe(false);
    faults.set({ slowPagesMs: 5, slowPaths: { '/v1/groups': 10 } });
    expect(faults.extraDelayMs('/v1/groups/1/users')).toBe(15);
    expect(faults.extraDelayMs('/v1/users')).toBe(5);
    expect(faults.takeServerError()).toBeUndefined();
    expect(() => faults.set({ serverErrors: { count: 1, status: 502 } })).toThrow(/500 or 503/);
    expect(() => faults.set({ resetEvery: 0 })).toThrow(/resetEvery/);
    expect(() => faults.set({ slowPagesMs: -1 })).toThrow(/slowPagesMs/);
    expect(pathMatcher('/api/v1/iam')('/api/v1/iam/assignees/users')).toBe(true);
  });
});

describe('links', () => {
  it('writes and reads Link headers in both conventions', () => {
    const links = [
      ['next', 'https://h/x?page=2'],
      ['last', 'https://h/x?page=9'],
    ] as const;
    expect(parseLinkHeader(linkValues(links))).toEqual({
      next: 'https://h/x?page=2',
      last: 'https://h/x?page=9',
    });
    expect(parseLinkHeader(joinedLinkHeader(links))).toEqual(parseLinkHeader(linkValues(links)));
    const url = new URL('https://h/x?filter=a&page=1&per_page=5');
    expect(withQuery('https://h/x', url, { page: '2' })).toBe('https://h/x?filter=a&per_page=5&page=2');
  });
});

describe('people', () => {
  const latin = { latinFirst: ['Ann', 'Bob'], latinLast: ['Lee', 'Ray'] };

  it('is deterministic by seed and mixes scripts in the requested share', () => {
    const draw = (seed: number) => {
      const next = createNameGenerator(seededRandom(seed), latin);
      return Array.from({ length: 5000 }, () => next());
    };
    const a = draw(7);
    expect(draw(7)).toEqual(a);
    expect(draw(8)).not.toEqual(a);
    const scripts = new Map<string, number>();
    for (const name of a) {
      expect(scriptOf(name.firstName + name.lastName)).toBe(name.script);
      scripts.set(name.script, (scripts.get(name.script) ?? 0) + 1);
      expect(name.asciiFirst + name.asciiLast).toMatch(/^[a-z]+$/);
    }
    const share = 1 - (scripts.get('latin') ?? 0) / a.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
    expect(scripts.size).toBe(9);
    const none = createNameGenerator(seededRandom(1), { ...latin, unicodeShare: 0 });
    expect(Array.from({ length: 200 }, () => none().script).every((s) => s === 'latin')).toBe(true);
  });

  it('romanizes, orders CJK names family first, and keeps local parts unique', () => {
    expect(asciiName('Иванов')).toBe('ivanov');
    expect(asciiName('Łukasz')).toBe('lukasz');
    expect(asciiName("O'Brien")).toBe('obrien');
    expect(asciiName('Großmann')).toBe('grossmann');
    expect(joinName('伟', '王')).toBe('王伟');
    expect(joinName('Анна', 'Попова')).toBe('Анна Попова');
    const parts = new LocalParts();
    parts.reserve('ann.lee');
    expect([parts.take('ann.lee'), parts.take('Ann.Lee'), parts.take('bob.ray')]).toEqual([
      'ann.lee2',
      'Ann.Lee3',
      'bob.ray',
    ]);
  });
});
