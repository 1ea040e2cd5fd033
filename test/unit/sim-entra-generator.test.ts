import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_ROLES,
  DEFAULT_REFERENCE_TIME,
  EntraTenantIndex,
  GRAPH_APP_ID,
  GRAPH_APP_ROLES,
  defaultApplicationCount,
  defaultGroupCount,
  generateEntraTenant,
} from '../../sim/entra/index.ts';
import type { GeneratedEntraTenant } from '../../sim/entra/index.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DAY = 86_400_000;

function snapshot(tenant: GeneratedEntraTenant): string {
  return JSON.stringify({ ...tenant, members: [...tenant.members] });
}

describe('Entra tenant generator', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = generateEntraTenant({ seed: 42, users: 400 });
    const b = generateEntraTenant({ seed: 42, users: 400 });
    const c = generateEntraTenant({ seed: 43, users: 400 });
    expect(snapshot(a)).toBe(snapshot(b));
    expect(c.tenantId).not.toBe(a.tenantId);
    expect(c.users[1]?.id).not.toBe(a.users[1]?.id);
    expect(c.client.secrets[0]?.value).not.toBe(a.client.secrets[0]?.value);
  });

  it('derives counts from the user count and honours overrides', () => {
    const tenant = generateEntraTenant({ users: 1000 });
    expect(tenant.users).toHaveLength(1000);
    expect(tenant.groups).toHaveLength(defaultGroupCount(1000));
    expect(tenant.applications).toHaveLength(defaultApplicationCount(1000));
    expect(defaultGroupCount(10)).toBe(3);
    expect(defaultApplicationCount(10)).toBe(3);
    const small = generateEntraTenant({ users: 5, groups: 7, applications: 4 });
    expect(small.groups).toHaveLength(7);
    expect(small.applications).toHaveLength(4);
    // One service principal per registration, plus Microsoft's first-party apps and a managed identity.
    expect(small.servicePrincipals.length).toBeGreaterThan(4);
    expect(() => generateEntraTenant({ users: 0 })).toThrow(/users must be an integer >= 1/);
    expect(() => generateEntraTenant({ grantedPermissions: ['Mail.Read'] })).toThrow(
      /unknown Graph permission/,
    );
  });

  it('mixes members and guests, enabled and disabled, signed-in and never signed in', () => {
    const tenant = generateEntraTenant({ users: 3000, seed: 9 });
    const share = (predicate: (u: (typeof tenant.users)[number]) => boolean) =>
      tenant.users.filter(predicate).length / tenant.users.length;
    expect(share((u) => !u.accountEnabled)).toBeGreaterThan(0.05);
    expect(share((u) => !u.accountEnabled)).toBeLessThan(0.11);
    expect(share((u) => u.userType === 'Guest')).toBeGreaterThan(0.07);
    expect(share((u) => u.userType === 'Guest')).toBeLessThan(0.13);
    expect(share((u) => u.signInActivity === null)).toBeGreaterThan(0.02);
    for (const user of tenant.users) {
      expect(user.id).toMatch(GUID);
      expect(Date.parse(user.createdDateTime)).toBeLessThanOrEqual(DEFAULT_REFERENCE_TIME);
      if (user.userType === 'Guest') {
        expect(user.userPrincipalName).toContain(`#EXT#@${tenant.initialDomain}`);
        expect(user.externalUserState).not.toBeNull();
      } else {
        expect(user.externalUserState).toBeNull();
      }
      const last = user.signInActivity?.lastSignInDateTime;
      if (last) {
        expect(Date.parse(last)).toBeGreaterThanOrEqual(Date.parse(user.createdDateTime));
        expect(Date.parse(last)).toBeLessThanOrEqual(DEFAULT_REFERENCE_TIME);
      }
    }
    expect(new Set(tenant.users.map((u) => u.userPrincipalName.toLowerCase())).size).toBe(3000);
    // Names in other scripts survive into display names, UPNs stay ASCII.
    expect(tenant.users.some((u) => /[^\p{ASCII}]/u.test(u.displayName))).toBe(true);
    for (const user of tenant.users) expect(user.userPrincipalName).toMatch(/^[\x21-\x7e]+$/);
  });

  it('keeps references intact: members, nesting, role assignments, the registration report', () => {
    const tenant = generateEntraTenant({ users: 2000, seed: 4 });
    const index = new EntraTenantIndex(tenant);
    let nested = 0;
    for (const [groupId, members] of tenant.members) {
      expect(index.group(groupId)).toBeDefined();
      expect(new Set(members.map((m) => m.id)).size).toBe(members.length);
      for (const member of members) {
        expect(index.object(member)?.kind).toBe(member.kind);
        if (member.kind === 'group') nested++;
      }
    }
    expect(nested).toBeGreaterThan(0);
    // Nesting never loops: a group never reaches itself.
    for (const group of tenant.groups) {
      expect(index.transitiveMembers(group.id).some((m) => m.id === group.id)).toBe(false);
    }
    const definitions = new Set(tenant.roleDefinitions.map((d) => d.id));
    for (const builtIn of BUILT_IN_ROLES) expect(definitions.has(builtIn.id)).toBe(true);
    const kinds = new Set<string>();
    for (const assignment of tenant.roleAssignments) {
      expect(definitions.has(assignment.roleDefinitionId)).toBe(true);
      expect(index.objectOfKind(assignment.principalKind, assignment.principalId)).toBeDefined();
      expect(assignment.directoryScopeId).toMatch(/^\/([0-9a-f-]{36}|administrativeUnits\/[0-9a-f-]{36})?$/);
      kinds.add(assignment.principalKind);
    }
    expect(kinds).toEqual(new Set(['user', 'servicePrincipal', 'group']));
    expect(tenant.roleAssignments.some((a) => a.directoryScopeId !== '/')).toBe(true);
    // The report covers enabled users only, each once.
    const enabled = tenant.users.filter((u) => u.accountEnabled);
    expect(tenant.registrationDetails.map((r) => r.id).sort()).toEqual(enabled.map((u) => u.id).sort());
    const admins = new Set(
      tenant.roleAssignments.filter((a) => a.principalKind === 'user').map((a) => a.principalId),
    );
    for (const row of tenant.registrationDetails) {
      expect(row.isAdmin).toBe(admins.has(row.id));
      expect(row.isMfaRegistered).toBe(row.methodsRegistered.some((m) => m !== 'email'));
    }
  });

  it('gives app registrations secrets and certificates that expired, expire soon, or last', () => {
    const tenant = generateEntraTenant({ users: 4000, seed: 2 });
    const ends = tenant.applications.flatMap((a) =>
      [...a.passwordCredentials, ...a.keyCredentials].map(
        (c) => Date.parse(c.endDateTime) - DEFAULT_REFERENCE_TIME,
      ),
    );
    expect(ends.some((ms) => ms < 0)).toBe(true);
    expect(ends.some((ms) => ms > 0 && ms < 30 * DAY)).toBe(true);
    expect(ends.some((ms) => ms > 90 * DAY)).toBe(true);
    for (const app of tenant.applications) {
      expect(tenant.servicePrincipals.filter((sp) => sp.appId === app.appId)).toHaveLength(1);
      for (const secret of app.passwordCredentials) {
        expect(secret.hint).toHaveLength(3);
        expect(Date.parse(secret.startDateTime)).toBeLessThan(Date.parse(secret.endDateTime));
      }
    }
    // The connector's own app: its secrets' hints are the first characters of the values it holds.
    const own = tenant.applications.find((a) => a.id === tenant.client.applicationId)!;
    expect(own.appId).toBe(tenant.client.appId);
    for (const secret of tenant.client.secrets) {
      const credential = own.passwordCredentials.find((p) => p.keyId === secret.keyId)!;
      expect(secret.value.slice(0, 3)).toBe(credential.hint);
      expect(secret.value).toMatch(/^.{3}8Q~.{34}$/);
    }
    expect(Date.parse(own.passwordCredentials[1]!.endDateTime)).toBeLessThan(DEFAULT_REFERENCE_TIME);
    const graph = tenant.servicePrincipals.find((sp) => sp.appId === GRAPH_APP_ID)!;
    expect(graph.appRoles.map((r) => r.value)).toEqual(GRAPH_APP_ROLES.map((r) => r.value));
    expect(own.requiredGraphRoleIds).toEqual(
      tenant.client.grantedPermissions.map((p) => GRAPH_APP_ROLES.find((r) => r.value === p)!.id),
    );
  });

  it('scales to 100k users', { timeout: 120_000 }, () => {
    const tenant = generateEntraTenant({ users: 100_000, seed: 1 });
    expect(tenant.users).toHaveLength(100_000);
    expect(tenant.groups).toHaveLength(4000);
    expect(tenant.members.get(tenant.groups[0]!.id)!.length).toBe(
      tenant.users.filter((u) => u.userType === 'Member' && u.accountEnabled).length,
    );
    expect(tenant.roleAssignments.length).toBeGreaterThan(900);
  });
});

describe('Entra tenant generator with people from another system', () => {
  it('gives the first member accounts those people, by email, enabled', () => {
    const people = [
      { email: 'ana.silva@corp.example', firstName: 'Ana', lastName: 'Silva' },
      { email: 'kenji.sato@corp.example', firstName: '健一', lastName: '佐藤' },
    ];
    const tenant = generateEntraTenant({ seed: 3, people });
    expect(tenant.users).toHaveLength(3);
    expect(
      tenant.users.slice(1).map((u) => [u.userPrincipalName, u.mail, u.accountEnabled, u.userType]),
    ).toEqual([
      ['ana.silva@corp.example', 'ana.silva@corp.example', true, 'Member'],
      ['kenji.sato@corp.example', 'kenji.sato@corp.example', true, 'Member'],
    ]);
    expect(tenant.users[2]!.displayName).toBe('佐藤健一');
    const more = generateEntraTenant({ seed: 3, people, users: 200 });
    expect(new Set(more.users.map((u) => u.userPrincipalName.toLowerCase())).size).toBe(200);
  });
});
