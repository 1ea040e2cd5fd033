import { describe, expect, it } from 'vitest';
import { OktaOrgIndex, defaultAppCount, defaultGroupCount, generateOktaOrg } from '../../sim/okta/index.ts';
import { scriptOf } from '../../sim/shared/people.ts';

const ID = (prefix: string) => new RegExp(`^${prefix}[0-9A-Za-z]{14}[01][ghwd][0-9]$`);

describe('Okta org generator', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const serialize = (org: ReturnType<typeof generateOktaOrg>) =>
      JSON.stringify(org, (_key, v: unknown) => (v instanceof Map ? [...v] : v));
    const a = generateOktaOrg({ seed: 42, users: 200 });
    const b = generateOktaOrg({ seed: 42, users: 200 });
    const c = generateOktaOrg({ seed: 43, users: 200 });
    // Everything: users, groups, apps, memberships, assignments, roles, ids, timestamps.
    expect(serialize(a)).toBe(serialize(b));
    expect(a.users.length).toBe(c.users.length);
    const logins = (org: typeof a) => new Set(org.users.map((u) => u.profile.login));
    const shared = [...logins(a)].filter((login) => logins(c).has(login)).length;
    expect(shared).toBeLessThan(a.users.length / 2);
    expect(new Set([...a.users, ...c.users].map((u) => u.id)).size).toBe(400);
  });

  it('derives group and app counts from the user count', () => {
    const org = generateOktaOrg({ users: 1000 });
    expect(org.users).toHaveLength(1000);
    expect(org.groups).toHaveLength(defaultGroupCount(1000));
    expect(org.apps).toHaveLength(defaultAppCount(1000));
    expect(defaultGroupCount(10)).toBe(3);
    expect(defaultAppCount(10)).toBe(2);
    expect(generateOktaOrg({ users: 10, groups: 7, apps: 5 }).apps).toHaveLength(5);
  });

  it('uses Okta-shaped ids and lists everything in id order', () => {
    const org = generateOktaOrg({ users: 300, seed: 5 });
    for (const user of org.users) expect(user.id).toMatch(ID('00u'));
    for (const group of org.groups) expect(group.id).toMatch(ID('00g'));
    for (const app of org.apps) expect(app.id).toMatch(ID('0oa'));
    expect(org.orgId).toMatch(ID('00o'));
    for (const role of org.roleAssignments)
      expect(role.id).toMatch(ID(role.assignmentType === 'USER' ? 'ra1' : 'gra'));
    const ids = org.users.map((u) => u.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(org.users.map((u) => u.profile.login)).size).toBe(ids.length);
  });

  it('spreads lifecycle states like a real org, with exact deprovisioned and suspended shares', () => {
    const org = generateOktaOrg({ users: 2000, seed: 9 });
    const count = (status: string) => org.users.filter((u) => u.status === status).length;
    expect(count('DEPROVISIONED')).toBe(60);
    expect(count('SUSPENDED')).toBe(40);
    expect(count('STAGED')).toBe(20);
    expect(count('ACTIVE')).toBeGreaterThan(1800);
    for (const user of org.users.filter((u) => u.status === 'STAGED')) {
      expect(user.activated).toBeNull();
      expect(user.lastLogin).toBeNull();
    }
    for (const user of org.users) {
      expect(Date.parse(user.lastUpdated)).toBeLessThan(Date.parse(org.referenceTime));
      if (user.lastLogin) expect(Date.parse(user.lastLogin)).toBeLessThan(Date.parse(org.referenceTime));
    }
    const small = generateOktaOrg({ users: 10 });
    expect(small.users.some((u) => u.status === 'DEPROVISIONED')).toBe(true);
    expect(small.users.some((u) => u.status === 'SUSPENDED')).toBe(true);
  });

  it('puts everyone in Everyone and each user in one to four groups, with a few big groups', () => {
    const org = generateOktaOrg({ users: 1000, seed: 3 });
    const index = new OktaOrgIndex(org);
    expect(org.memberships.get(org.everyoneGroupId)).toEqual(org.users.map((u) => u.id));
    for (const user of org.users) {
      const groups = index.groupsOfUser(user.id).length;
      expect(groups).toBeGreaterThanOrEqual(1);
      expect(groups).toBeLessThanOrEqual(4);
    }
    const sizes = org.groups
      .filter((g) => g.id !== org.everyoneGroupId)
      .map((g) => index.members(g.id).length)
      .sort((a, b) => b - a);
    expect(sizes[0]).toBeGreaterThan(sizes[sizes.length - 1]! * 5);
    for (const members of org.memberships.values()) expect(members).toEqual([...members].sort());
  });

  it('assigns apps directly and through groups, never to deprovisioned users', () => {
    const org = generateOktaOrg({ users: 1500, seed: 4 });
    const index = new OktaOrgIndex(org);
    const scopes = new Set<string>();
    for (const app of org.apps) {
      for (const entry of index.appUsers(app.id)) {
        scopes.add(entry.scope);
        expect(index.user(entry.userId)?.status).not.toBe('DEPROVISIONED');
        if (entry.scope === 'GROUP') expect(index.members(entry.groupId!)).toContain(entry.userId);
        else expect(org.appUserAssignments.get(app.id)).toContain(entry.userId);
      }
    }
    expect(scopes).toEqual(new Set(['USER', 'GROUP']));
  });

  it('makes the token owner an active super admin and gives some groups admin roles', () => {
    const org = generateOktaOrg({ users: 5000, seed: 8 });
    const index = new OktaOrgIndex(org);
    const owner = index.user(org.tokenOwnerId)!;
    expect(owner.status).toBe('ACTIVE');
    expect(index.rolesOfUser(owner.id).map((r) => r.type)).toContain('SUPER_ADMIN');
    const groupRoles = org.roleAssignments.filter((r) => r.assignmentType === 'GROUP');
    expect(groupRoles.length).toBeGreaterThan(0);
    const viaGroup = index.members(groupRoles[0]!.assigneeId)[0]!;
    expect(index.adminUserIds()).toContain(viaGroup);
    expect(index.rolesOfUser(viaGroup).some((r) => r.assignmentType === 'GROUP')).toBe(true);
    expect(org.roleAssignments.filter((r) => r.assignmentType === 'USER').length).toBeGreaterThanOrEqual(3);
  });

  it('keeps every reference inside the org: members, managers, assignments, roles', () => {
    const org = generateOktaOrg({ users: 3000, seed: 12 });
    const userIds = new Set(org.users.map((u) => u.id));
    const groupIds = new Set(org.groups.map((g) => g.id));
    const appIds = new Set(org.apps.map((a) => a.id));
    expect(userIds.size).toBe(3000);
    expect([...org.memberships.keys()].sort()).toEqual([...groupIds].sort());
    for (const members of org.memberships.values()) {
      expect(new Set(members).size).toBe(members.length);
      for (const id of members) expect(userIds.has(id)).toBe(true);
    }
    const managed = org.users.filter((u) => u.profile.managerId !== null);
    expect(managed.length).toBeGreaterThan(2000);
    for (const user of managed) {
      const manager = org.users.find((u) => u.id === user.profile.managerId);
      expect(manager?.profile.displayName).toBe(user.profile.manager);
      expect(manager?.id).not.toBe(user.id);
    }
    expect([...org.appUserAssignments.keys()].every((id) => appIds.has(id))).toBe(true);
    for (const users of org.appUserAssignments.values())
      for (const id of users) expect(userIds.has(id)).toBe(true);
    for (const [appId, groups] of org.appGroupAssignments) {
      expect(appIds.has(appId)).toBe(true);
      for (const id of groups) expect(groupIds.has(id)).toBe(true);
    }
    for (const role of org.roleAssignments)
      expect((role.assignmentType === 'USER' ? userIds : groupIds).has(role.assigneeId)).toBe(true);
    expect(userIds.has(org.tokenOwnerId)).toBe(true);
    expect(groupIds.has(org.everyoneGroupId)).toBe(true);
  });

  it('names a share of people in other scripts, with ASCII logins that stay unique', () => {
    const org = generateOktaOrg({ users: 4000, seed: 21 });
    const scripts = new Map<string, number>();
    for (const user of org.users) {
      const script = scriptOf(user.profile.firstName + user.profile.lastName);
      scripts.set(script, (scripts.get(script) ?? 0) + 1);
      expect(user.profile.login).toMatch(/^[a-z0-9.]+@example\.com$/);
      expect(user.profile.email).toBe(user.profile.login);
      expect(user.profile.displayName).toContain(user.profile.firstName);
      expect(user.profile.displayName).toContain(user.profile.lastName);
    }
    const unicode = 4000 - (scripts.get('latin') ?? 0);
    // 20% by default, from a seeded draw: within a few points of it.
    expect(unicode / 4000).toBeGreaterThan(0.15);
    expect(unicode / 4000).toBeLessThan(0.25);
    for (const script of ['latin-diacritics', 'cyrillic', 'greek', 'cjk', 'arabic', 'hebrew', 'devanagari'])
      expect(scripts.get(script), script).toBeGreaterThan(10);
    expect(new Set(org.users.map((u) => u.profile.login)).size).toBe(4000);
    const cjk = org.users.find((u) => scriptOf(u.profile.lastName) === 'cjk')!;
    expect(cjk.profile.displayName).toBe(cjk.profile.lastName + cjk.profile.firstName);
    const plain = generateOktaOrg({ users: 500, seed: 21, unicodeNameShare: 0 });
    expect(plain.users.filter((u) => /[^\x20-\x7e]/.test(u.profile.displayName)).length).toBeLessThan(60);
    expect(() => generateOktaOrg({ users: 5, unicodeNameShare: 2 })).toThrow(/unicodeShare/);
  });

  it('scales to a 50k-user org with the derived group and app counts', () => {
    const org = generateOktaOrg({ users: 50_000, seed: 1 });
    expect(org.users).toHaveLength(50_000);
    expect(org.groups).toHaveLength(defaultGroupCount(50_000));
    expect(org.apps).toHaveLength(defaultAppCount(50_000));
    expect(new Set(org.users.map((u) => u.id)).size).toBe(50_000);
    expect(org.memberships.get(org.everyoneGroupId)).toHaveLength(50_000);
  });
});
