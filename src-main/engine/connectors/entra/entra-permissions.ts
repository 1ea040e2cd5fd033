// The Microsoft Graph application permissions each dataset needs: the least-privileged one Vouch asks for,
// and the broader ones that also grant it (a token carrying any of them may read the data).
export interface PermissionNeed {
  /** What Vouch asks admins to consent to (least privilege). */
  least: string;
  /** Every application permission that also allows the read. */
  accepted: readonly string[];
  /** What the data is, for messages. */
  what: string;
}

const directory = ['Directory.Read.All', 'Directory.ReadWrite.All'];

export const permissionNeeds = {
  users: {
    least: 'User.Read.All',
    accepted: ['User.Read.All', 'User.ReadWrite.All', ...directory],
    what: 'users',
  },
  groups: {
    least: 'GroupMember.Read.All',
    accepted: ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', ...directory],
    what: 'groups and their members',
  },
  applications: {
    least: 'Application.Read.All',
    accepted: ['Application.Read.All', 'Application.ReadWrite.All', ...directory],
    what: 'app registrations and service principals with their credentials',
  },
  roles: {
    least: 'RoleManagement.Read.Directory',
    accepted: [
      'RoleManagement.Read.Directory',
      'RoleManagement.Read.All',
      'RoleManagement.ReadWrite.Directory',
      ...directory,
    ],
    what: 'directory role assignments',
  },
  audit: {
    least: 'AuditLog.Read.All',
    accepted: ['AuditLog.Read.All'],
    what: "users' sign-in activity and MFA registration details",
  },
} as const satisfies Record<string, PermissionNeed>;

export type PermissionFamily = keyof typeof permissionNeeds;

export function isGranted(need: PermissionNeed, roles: readonly string[]): boolean {
  return need.accepted.some((permission) => roles.includes(permission));
}

/** The least-privileged permissions missing from the token's roles, in a stable order. */
export function missingPermissions(roles: readonly string[]): PermissionNeed[] {
  return Object.values(permissionNeeds).filter((need) => !isGranted(need, roles));
}

/**
 * The declared permission of a dataset: the Graph application permission's own name, as the admin center and
 * the guide show it (partial reasons and Test Connection quote it verbatim).
 */
export const datasetPermission = (family: PermissionFamily): string => permissionNeeds[family].least;
