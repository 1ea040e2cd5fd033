import { describe, expect, it } from 'vitest';
import { GitHubOrgIndex, generateGitHubOrg } from '../../sim/github/index.ts';
import type { Person } from '../../sim/github/index.ts';

function serialize(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v] : v));
}

describe('GitHub org generator', () => {
  it('is deterministic per seed', () => {
    expect(serialize(generateGitHubOrg({ seed: 9, members: 120 }))).toBe(
      serialize(generateGitHubOrg({ seed: 9, members: 120 })),
    );
    expect(serialize(generateGitHubOrg({ seed: 9, members: 120 }))).not.toBe(
      serialize(generateGitHubOrg({ seed: 10, members: 120 })),
    );
  });

  it('makes a realistic org: owners, 2FA gaps, outside collaborators, nested teams, repos, SAML identities', () => {
    const org = generateGitHubOrg({ seed: 3, members: 1000 });
    const index = new GitHubOrgIndex(org);
    expect(org.members).toHaveLength(1000);
    expect(org.members.map((m) => m.userId)).toEqual(
      [...org.members.map((m) => m.userId)].sort((a, b) => a - b),
    );
    expect(org.members.filter((m) => m.role === 'admin')).toHaveLength(2);
    const users = org.members.map((m) => index.user(m.userId)!);
    const no2fa = users.filter((u) => u.twoFactor === 'none').length;
    expect(no2fa).toBeGreaterThan(30);
    expect(no2fa).toBeLessThan(100);
    expect(users.filter((u) => u.email === null).length).toBeGreaterThan(600);
    expect(new Set(org.users.map((u) => u.login.toLowerCase())).size).toBe(org.users.length);
    // Outside collaborators are not members and have a direct grant somewhere.
    expect(org.outsideCollaboratorIds.length).toBeGreaterThan(0);
    for (const id of org.outsideCollaboratorIds) {
      expect(index.member(id)).toBeUndefined();
      expect([...org.repoCollaborators.values()].some((grants) => grants.some((g) => g.id === id))).toBe(
        true,
      );
    }
    expect(org.teams).toHaveLength(10);
    for (const team of org.teams) if (team.parentId !== null) expect(index.team(team.parentId)).toBeDefined();
    expect(org.repos).toHaveLength(100);
    // Most members have a SAML identity whose NameID is their corporate email; a few identities are unclaimed.
    const linked = org.samlIdentities.filter((i) => i.userId !== null);
    expect(linked).toHaveLength(900);
    for (const identity of linked) expect(identity.nameId).toBe(index.user(identity.userId!)!.person!.email);
    expect(org.samlIdentities.filter((i) => i.userId === null)).toHaveLength(10);
    expect(linked.every((i) => i.nameId.endsWith('@example.com'))).toBe(true);
    // The token owners: an owner and a plain member, both with 2FA; the member can push to two repos.
    expect(index.isOwner(org.ownerUserId)).toBe(true);
    expect(index.member(org.memberUserId)?.role).toBe('member');
    expect(index.permissionOf(org.repos[0]!, org.memberUserId)).not.toBe('pull');
  });

  it('builds the members from given people, so SAML NameIDs match another system’s users', () => {
    const people: Person[] = Array.from({ length: 40 }, (_, i) => ({
      email: `person${i}@corp.example`,
      firstName: `First${i}`,
      lastName: i % 2 ? 'Müller' : "O'Brien",
    }));
    const org = generateGitHubOrg({
      seed: 2,
      people,
      members: 50,
      emailDomain: 'corp.example',
      samlCoverage: 0.8,
    });
    const index = new GitHubOrgIndex(org);
    const emails = org.members.map((m) => index.user(m.userId)!.person!.email);
    for (const person of people) expect(emails.filter((e) => e === person.email)).toHaveLength(1);
    expect(emails.filter((e) => !e.startsWith('person'))).toHaveLength(10);
    const nameIds = new Set(org.samlIdentities.filter((i) => i.userId !== null).map((i) => i.nameId));
    expect(nameIds.size).toBe(40);
    expect(people.filter((p) => nameIds.has(p.email)).length).toBeGreaterThan(25);
    expect(people.filter((p) => !nameIds.has(p.email)).length).toBeGreaterThan(0);
    expect(generateGitHubOrg({ people }).members).toHaveLength(40);
  });

  it('honours org settings: required 2FA, no SAML, base permission', () => {
    const strict = generateGitHubOrg({
      members: 300,
      twoFactorRequirementEnabled: true,
      saml: false,
      defaultRepositoryPermission: 'none',
    });
    const index = new GitHubOrgIndex(strict);
    expect(strict.users.filter((u) => u.twoFactor === 'none')).toEqual([]);
    expect(strict.org.saml).toBeNull();
    expect(strict.samlIdentities).toEqual([]);
    const repo = strict.repos.find((r) => index.collaborators(r, 'all').length < 300)!;
    expect(repo).toBeDefined();
    expect(() => generateGitHubOrg({ members: 1 })).toThrow(/members/);
    expect(() => generateGitHubOrg({ samlCoverage: 2 })).toThrow(/samlCoverage/);
    expect(() => generateGitHubOrg({ login: 'bad login' })).toThrow(/login/);
  });

  it('scales to 50k members with hundreds of teams and thousands of repositories', () => {
    const started = performance.now();
    const org = generateGitHubOrg({ members: 50_000 });
    expect(org.teams.length).toBe(500);
    expect(org.repos.length).toBe(5000);
    expect(org.members.length).toBe(50_000);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
