// Admin role assignments of the generated org, to users directly and to groups.
import { ADMIN_ROLE_LABELS } from './catalog.ts';
import type { AdminRoleType } from './catalog.ts';
import { DAY, timestamp } from './org-primitives.ts';
import type { GenerationContext } from './org-primitives.ts';
import type { OktaGroupRecord, OktaRoleAssignmentRecord, OktaUserRecord } from './org-types.ts';

/**
 * `admins` get user-level roles (the first one SUPER_ADMIN: the token owner, the second ORG_ADMIN);
 * a few of the smallest groups get group-level roles, so some admins are admins only by membership.
 */
export function generateRoles(
  { rng, newId, reference }: GenerationContext,
  admins: readonly OktaUserRecord[],
  groups: readonly OktaGroupRecord[],
  memberships: Map<string, string[]>,
  everyoneGroupId: string,
): OktaRoleAssignmentRecord[] {
  const roles: OktaRoleAssignmentRecord[] = [];
  const assign = (
    type: AdminRoleType,
    assignmentType: 'USER' | 'GROUP',
    assigneeId: string,
    after: string,
  ): void => {
    const from = Date.parse(after);
    const created = timestamp(from + rng.next() * (reference - from - DAY));
    roles.push({
      id: newId(assignmentType === 'USER' ? 'ra1' : 'gra'),
      type,
      label: ADMIN_ROLE_LABELS[type],
      status: 'ACTIVE',
      created,
      lastUpdated: created,
      assignmentType,
      assigneeId,
    });
  };
  const otherRoles: AdminRoleType[] = [
    'APP_ADMIN',
    'READ_ONLY_ADMIN',
    'HELP_DESK_ADMIN',
    'USER_ADMIN',
    'REPORT_ADMIN',
    'ORG_ADMIN',
  ];
  admins.forEach((user, i) => {
    const first: AdminRoleType = i === 0 ? 'SUPER_ADMIN' : i === 1 ? 'ORG_ADMIN' : rng.pick(otherRoles);
    assign(first, 'USER', user.id, user.activated ?? user.created);
    const second = rng.pick(otherRoles);
    if (i > 0 && second !== first && rng.chance(0.25))
      assign(second, 'USER', user.id, user.activated ?? user.created);
  });
  // A few small groups carry admin roles, so some admins are admins only through membership.
  const candidates = groups
    .filter((g) => g.id !== everyoneGroupId && (memberships.get(g.id)?.length ?? 0) > 0)
    .sort((a, b) => (memberships.get(a.id)?.length ?? 0) - (memberships.get(b.id)?.length ?? 0));
  const groupRoles: AdminRoleType[] = ['HELP_DESK_ADMIN', 'READ_ONLY_ADMIN', 'APP_ADMIN'];
  const adminGroups = candidates.length === 0 ? 0 : Math.max(1, Math.round(candidates.length / 25));
  for (let i = 0; i < adminGroups; i++) {
    const group = candidates[i] as OktaGroupRecord;
    assign(groupRoles[i % groupRoles.length] as AdminRoleType, 'GROUP', group.id, group.created);
  }
  return roles;
}
