import { describe, expect, it } from 'vitest';
import {
  OktaRateLimiter,
  oktaRateLimitBucket,
} from '../../src-main/engine/connectors/okta/okta-rate-limiter.ts';

describe('oktaRateLimitBucket', () => {
  it('groups endpoints the way Okta counts them', () => {
    expect(oktaRateLimitBucket('GET', '/api/v1/users')).toBe('GET /api/v1/users');
    expect(oktaRateLimitBucket('GET', '/api/v1/users/00u1/roles')).toBe('/api/v1/users/{id}');
    expect(oktaRateLimitBucket('GET', '/api/v1/groups/00g1/users')).toBe('/api/v1/groups/{id}');
    expect(oktaRateLimitBucket('GET', '/api/v1/apps')).toBe('GET /api/v1/apps');
    expect(oktaRateLimitBucket('GET', '/api/v1/iam/assignees/users')).toBe('/api/*');
  });
});

describe('OktaRateLimiter', () => {
  const resetIn = (now: number, ms: number) => Math.ceil((now + ms) / 1000);

  it('sends one probe to an unknown bucket, then as many as the bucket has left, never more', async () => {
    let now = 1_000_000;
    const limiter = new OktaRateLimiter({ maxInFlight: 50, resetMarginMs: 0, clock: () => now });
    await limiter.acquire('b');
    // A second request must wait for the probe's headers.
    let second = false;
    const secondTaken = limiter.acquire('b').then(() => (second = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(second).toBe(false);
    limiter.release('b', { limit: 3, remaining: 2, resetEpochSeconds: resetIn(now, 60_000) });
    await secondTaken;
    await limiter.acquire('b'); // remaining 2, one in flight → one more fits
    let fourth = false;
    const fourthTaken = limiter.acquire('b').then(() => (fourth = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(fourth).toBe(false);
    // The window resets: the waiting request goes out.
    now += 61_000;
    limiter.release('b', { limit: 3, remaining: 1, resetEpochSeconds: resetIn(now - 61_000, 60_000) });
    await fourthTaken;
    expect(fourth).toBe(true);
  });

  it('caps requests in flight across buckets', async () => {
    const limiter = new OktaRateLimiter({ maxInFlight: 1, resetMarginMs: 0 });
    await limiter.acquire('a');
    let other = false;
    const otherTaken = limiter.acquire('b').then(() => (other = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(other).toBe(false);
    limiter.release('a', null);
    await otherTaken;
    expect(other).toBe(true);
  });

  it('after a 429 holds the bucket until its reset', async () => {
    let now = 5_000_000;
    const limiter = new OktaRateLimiter({ maxInFlight: 10, resetMarginMs: 0, clock: () => now });
    await limiter.acquire('b');
    limiter.release('b', { limit: 100, remaining: 50, resetEpochSeconds: resetIn(now, 60_000) });
    limiter.exhausted('b', { limit: 100, remaining: 0, resetEpochSeconds: resetIn(now, 60_000) });
    let sent = false;
    const taken = limiter.acquire('b').then(() => (sent = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toBe(false);
    now += 61_000;
    await limiter.acquire('other'); // any release wakes waiters to look again
    limiter.release('other', null);
    await taken;
    expect(sent).toBe(true);
  });
});
