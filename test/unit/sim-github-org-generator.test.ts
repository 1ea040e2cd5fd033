import { describe, expect, it } from 'vitest';
import { GitHubOrgIndex, generateGitHubOrg } from '../../sim/github/index.ts';
import type { Person } from '../../sim/github/index.ts';
import { scriptOf } from '../../sim/shared/people.ts';

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
    const nested = org.teams.filter((team) => team.parentId !== null);
    expect(nested.length).toBeGreaterThan(0);
    expect(nested.length).toBeLessThan(org.teams.length);
    for (const team of nested) {
      expect(index.team(team.parentId!)).toBeDefined();
      expect(team.parentId).not.toBe(team.id);
    }
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
    // Base permission none: some repositories are not open to every member.
    const restricted = strict.repos.filter((r) => index.collaborators(r, 'all').length < 300);
    expect(restricted.length).toBeGreaterThan(0);
    expect(() => generateGitHubOrg({ members: 1 })).toThrow(/members/);
    expect(() => generateGitHubOrg({ samlCoverage: 2 })).toThrow(/samlCoverage/);
    expect(() => generateGitHubOrg({ login: 'bad login' })).toThrow(/login/);
  });

  it('keeps every reference inside the org: members, teams, grants, identities', () => {
    const org = generateGitHubOrg({ seed: 5, members: 800 });
    const userIds = new Set(org.users.map((u) => u.id));
    const memberIds = new Set(org.members.map((m) => m.userId));
    const teamIds = new Set(org.teams.map((t) => t.id));
    expect(userIds.size).toBe(org.users.length);
    expect(memberIds.size).toBe(800);
    for (const id of memberIds) expect(userIds.has(id)).toBe(true);
    for (const invitation of org.invitations) {
      expect(userIds.has(invitation.userId)).toBe(true);
      expect(memberIds.has(invitation.userId)).toBe(false);
    }
    expect([...org.teamMembers.keys()].every((id) => teamIds.has(id))).toBe(true);
    let teamMemberships = 0;
    for (const members of org.teamMembers.values()) {
      expect(new Set(members.map((m) => m.userId)).size).toBe(members.length);
      for (const member of members) expect(memberIds.has(member.userId)).toBe(true);
      teamMemberships += members.length;
    }
    expect(teamMemberships).toBeGreaterThan(800);
    const repoIds = new Set(org.repos.map((r) => r.id));
    expect(repoIds.size).toBe(org.repos.length);
    let grants = 0;
    for (const [repoId, collaborators] of org.repoCollaborators) {
      expect(repoIds.has(repoId)).toBe(true);
      for (const grant of collaborators) expect(userIds.has(grant.id)).toBe(true);
      grants += collaborators.length;
    }
    for (const [repoId, teams] of org.repoTeams) {
      expect(repoIds.has(repoId)).toBe(true);
      for (const grant of teams) expect(teamIds.has(grant.id)).toBe(true);
      grants += teams.length;
    }
    expect(grants).toBeGreaterThan(org.repos.length);
    for (const identity of org.samlIdentities)
      if (identity.userId !== null) expect(memberIds.has(identity.userId)).toBe(true);
    expect(new Set(org.samlIdentities.map((i) => i.nameId.toLowerCase())).size).toBe(
      org.samlIdentities.length,
    );
  });

  it('names a share of people in other scripts; their logins and NameIDs stay ASCII', () => {
    const org = generateGitHubOrg({ seed: 8, members: 3000 });
    const people = org.users.flatMap((u) => (u.person ? [u] : []));
    expect(people.length).toBeGreaterThan(3000);
    const scripts = new Map<string, number>();
    for (const user of people) {
      const script = scriptOf(user.person!.firstName + user.person!.lastName);
      scripts.set(script, (scripts.get(script) ?? 0) + 1);
      expect(user.login).toMatch(/^[A-Za-z0-9-]+$/);
      expect(user.person!.email).toMatch(/^[a-z0-9.]+@example\.com$/);
    }
    const share = 1 - (scripts.get('latin') ?? 0) / people.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
    for (const script of ['latin-diacritics', 'cyrillic', 'cjk', 'arabic', 'hebrew', 'devanagari', 'greek'])
      expect(scripts.get(script), script).toBeGreaterThan(5);
    // Profile names show the person's own script: "Иван Петров", "王伟".
    const named = people.filter((u) => u.name !== null && scriptOf(u.name) === 'cyrillic');
    expect(named.length).toBeGreaterThan(0);
    const identities = org.samlIdentities.filter((i) => scriptOf(i.givenName) === 'cjk');
    expect(identities.length).toBeGreaterThan(0);
    expect(new Set(org.users.map((u) => u.login.toLowerCase())).size).toBe(org.users.length);
  });

  it('scales to 50k members with hundreds of teams and thousands of repositories', () => {
    const org = generateGitHubOrg({ members: 50_000 });
    expect(org.teams.length).toBe(500);
    expect(org.repos.length).toBe(5000);
    expect(org.members.length).toBe(50_000);
    expect(new Set(org.members.map((m) => m.userId)).size).toBe(50_000);
  });
});
