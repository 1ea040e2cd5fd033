import { describe, expect, it } from 'vitest';
import { OktaOrgIndex, defaultAppCount, defaultGroupCount, generateOktaOrg } from '../../sim/okta/index.ts';

const ID = (prefix: string) => new RegExp(`^${prefix}[0-9A-Za-z]{14}[01][ghwd][0-9]$`);

describe('Okta org generator', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = generateOktaOrg({ seed: 42, users: 200 });
    const b = generateOktaOrg({ seed: 42, users: 200 });
    const c = generateOktaOrg({ seed: 43, users: 200 });
    expect(JSON.stringify(a.users)).toBe(JSON.stringify(b.users));
    expect([...a.memberships]).toEqual([...b.memberships]);
    expect(a.roleAssignments).toEqual(b.roleAssignments);
    expect(c.users[0]?.id).not.toBe(a.users[0]?.id);
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

  it('generates 100k users in a few seconds', () => {
    const started = performance.now();
    const org = generateOktaOrg({ users: 100_000, seed: 1 });
    expect(org.users).toHaveLength(100_000);
    expect(org.groups).toHaveLength(2000);
    expect(performance.now() - started).toBeLessThan(8000);
  });
});
