import { describe, expect, it } from 'vitest';
import { generateGitHubOrg, normalizeScopes } from '../../sim/github/index.ts';
import { paginate, pageRequest } from '../../sim/github/pagination.ts';
import { PrimaryRateLimiter, SecondaryRateLimiter } from '../../sim/github/rate-limits.ts';
import { TokenAccess, issueToken } from '../../sim/github/tokens.ts';

describe('GitHub simulator tokens', () => {
  it('normalizes scopes as GitHub saves them', () => {
    expect(normalizeScopes(['read:org', 'admin:org', 'repo', 'public_repo', 'user:email'])).toEqual([
      'admin:org',
      'repo',
      'user:email',
    ]);
  });

  it('derives access from scopes or permissions; removed scopes take their parents along', () => {
    const org = generateGitHubOrg({ members: 10 });
    const classic = new TokenAccess(issueToken('t', { scopes: ['admin:org', 'repo'] }, org, 0));
    expect([classic.orgRead, classic.orgAdminRead, classic.privateRepos, classic.privateProfile]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    const edited = new TokenAccess(classic.grant, ['read:org']);
    expect(edited.scopes).toEqual(['repo']);
    expect([edited.orgRead, edited.orgAdminRead]).toEqual([false, false]);
    const fineGrained = new TokenAccess(
      issueToken('f', { kind: 'fine-grained', permissions: { administration: 'none' } }, org, 0),
    );
    expect([fineGrained.orgRead, fineGrained.orgAdminRead, fineGrained.scopes]).toEqual([true, false, []]);
    expect(fineGrained.grant.expiresAt).toBe(30 * 86_400_000);
    expect(issueToken('m', { owner: 'member' }, org, 0).userId).toBe(org.memberUserId);
  });
});

describe('GitHub simulator pagination', () => {
  it('parses per_page and page like GitHub', () => {
    const at = (query: string) => pageRequest(new URL(`https://x/y?${query}`));
    expect(at('')).toEqual({ perPage: 30, page: 1 });
    expect(at('per_page=250&page=3')).toEqual({ perPage: 100, page: 3 });
    expect(at('per_page=abc&page=-2')).toEqual({ perPage: 30, page: 1 });
  });

  it('links prev, next, last and first as they apply', () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    const page = (n: number) =>
      paginate(
        items,
        new URL(`https://h/orgs/o/members?per_page=3&page=${n}`),
        'https://h/organizations/1/members',
      );
    expect(page(1)).toEqual({
      items: [0, 1, 2],
      link: '<https://h/organizations/1/members?per_page=3&page=2>; rel="next", <https://h/organizations/1/members?per_page=3&page=3>; rel="last"',
    });
    expect(page(2).link).toMatch(/rel="prev", .*rel="next", .*rel="last", .*rel="first"$/);
    expect(page(3)).toMatchObject({ items: [6] });
    expect(page(3).link).toMatch(/page=2>; rel="prev", .*page=1>; rel="first"$/);
    expect(paginate([1], new URL('https://h/x'), 'https://h/x')).toEqual({ items: [1] });
  });
});

describe('GitHub simulator rate limiters', () => {
  it('starts a window with the first request and reports the reset in whole seconds', () => {
    let now = 1_000_500;
    const limiter = new PrimaryRateLimiter({ limits: { core: 2 }, clock: () => now, timeScale: 60 });
    expect(limiter.take('u', 'core', false)).toMatchObject({
      allowed: true,
      remaining: 1,
      used: 1,
      reset: 1061,
    });
    now += 30_000;
    limiter.take('u', 'core', false);
    expect(limiter.take('u', 'core', false)).toMatchObject({
      allowed: false,
      remaining: 0,
      used: 2,
      reset: 1061,
    });
    expect(limiter.take('other', 'core', false)).toMatchObject({ allowed: true, reset: 1091 });
    expect(limiter.take('anon', 'core', true)).toMatchObject({ limit: 60 });
    now = 1_061_000;
    expect(limiter.take('u', 'core', false)).toMatchObject({ allowed: true, used: 1, reset: 1121 });
  });

  it('counts concurrency and per-endpoint points per key', () => {
    let now = 0;
    const limiter = new SecondaryRateLimiter({
      concurrencyLimit: 2,
      restPointsPerMinute: 2,
      clock: () => now,
    });
    expect([limiter.enter('u'), limiter.enter('u'), limiter.enter('u'), limiter.enter('v')]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    limiter.leave('u');
    expect(limiter.enter('u')).toBe(true);
    expect([
      limiter.spendPoint('u', '/a', false),
      limiter.spendPoint('u', '/a', false),
      limiter.spendPoint('u', '/a', false),
    ]).toEqual([true, true, false]);
    expect(limiter.spendPoint('u', '/b', false)).toBe(true);
    now = 60_000;
    expect(limiter.spendPoint('u', '/a', false)).toBe(true);
    expect(limiter.retryAfterSeconds).toBe(60);
  });
});
