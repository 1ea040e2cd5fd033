import { describe, expect, it } from 'vitest';
import { OKTA_DEFAULT_RATE_LIMITS, OktaRateLimiter, rateBucketFor } from '../../sim/okta/rate-limits.ts';

describe('Okta rate-limit buckets', () => {
  it("maps requests to Okta's per-endpoint buckets", () => {
    expect(rateBucketFor('GET', '/api/v1/users')).toBe('GET /api/v1/users');
    expect(rateBucketFor('GET', '/api/v1/users/00u1/roles')).toBe('/api/v1/users/{id}');
    expect(rateBucketFor('GET', '/api/v1/groups')).toBe('GET /api/v1/groups');
    expect(rateBucketFor('GET', '/api/v1/groups/00g1/users')).toBe('/api/v1/groups/{id}');
    expect(rateBucketFor('GET', '/api/v1/apps')).toBe('GET /api/v1/apps');
    expect(rateBucketFor('GET', '/api/v1/apps/0oa1/users')).toBe('/api/v1/apps/{id}');
    expect(rateBucketFor('GET', '/api/v1/iam/assignees/users')).toBe('/api/v1');
    expect(rateBucketFor('POST', '/api/v1/users')).toBe('/api/v1');
    expect(rateBucketFor('GET', '/.well-known/okta-organization')).toBeUndefined();
    expect(OKTA_DEFAULT_RATE_LIMITS['GET /api/v1/users']).toBe(600);
  });

  it('counts within windows aligned to the epoch and reports the exact reset', () => {
    let now = Date.UTC(2025, 0, 1, 12, 0, 0) + 250; // a quarter second into a window
    const limiter = new OktaRateLimiter({
      timeScale: 60,
      limits: { 'GET /api/v1/users': 3 },
      clock: () => now,
    });
    expect(limiter.windowMs).toBe(1000);
    const reset = Date.UTC(2025, 0, 1, 12, 0, 1) / 1000;
    expect(limiter.take('GET /api/v1/users')).toMatchObject({ allowed: true, limit: 3, remaining: 2, reset });
    limiter.take('GET /api/v1/users');
    expect(limiter.take('GET /api/v1/users')).toMatchObject({ allowed: true, remaining: 0, reset });
    expect(limiter.take('GET /api/v1/users')).toMatchObject({ allowed: false, remaining: 0, reset });
    // other buckets are independent
    expect(limiter.take('/api/v1/users/{id}')).toMatchObject({ allowed: true, remaining: 1999 });
    now += 750; // the next window
    expect(limiter.take('GET /api/v1/users')).toMatchObject({
      allowed: true,
      remaining: 2,
      reset: reset + 1,
    });
  });

  it('uses minute windows by default', () => {
    const now = Date.UTC(2025, 0, 1, 12, 0, 42);
    const limiter = new OktaRateLimiter({ clock: () => now });
    expect(limiter.take('/api/v1')).toMatchObject({
      limit: 1200,
      remaining: 1199,
      reset: Date.UTC(2025, 0, 1, 12, 1, 0) / 1000,
    });
  });

  it('rejects time scales without whole-second windows and unknown buckets', () => {
    expect(() => new OktaRateLimiter({ timeScale: 7 })).toThrow(/timeScale/);
    expect(() => new OktaRateLimiter({ timeScale: 120 })).toThrow(/timeScale/);
    expect(() => new OktaRateLimiter({ limits: { 'GET /api/v1/userz': 5 } })).toThrow(
      /unknown rate-limit bucket/,
    );
    expect(() => new OktaRateLimiter({ limits: { '/api/v1': 0 } })).toThrow(/positive integer/);
  });
});
