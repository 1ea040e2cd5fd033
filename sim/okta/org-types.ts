// The generated Okta org. Records hold exactly the JSON Okta sends for each object, minus the `_links`
// that depend on the simulator's origin; the routes add those when serving.
import type { AdminRoleType, GeneratedSignOnMode } from './catalog.ts';

export type OktaUserStatus =
  | 'ACTIVE'
  | 'DEPROVISIONED'
  | 'LOCKED_OUT'
  | 'PASSWORD_EXPIRED'
  | 'PROVISIONED'
  | 'RECOVERY'
  | 'STAGED'
  | 'SUSPENDED';

export interface OktaUserProfile {
  firstName: string;
  lastName: string;
  mobilePhone: string | null;
  secondEmail: string | null;
  login: string;
  email: string;
  displayName: string;
  title: string;
  department: string;
  employeeNumber: string;
  userType: string;
  managerId: string | null;
  manager: string | null;
}

export interface OktaUserRecord {
  id: string;
  status: OktaUserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  type: Readonly<{ id: string }>;
  profile: OktaUserProfile;
  credentials: Readonly<{
    password: Readonly<Record<string, never>>;
    provider: Readonly<{ type: 'OKTA'; name: 'OKTA' }>;
  }>;
}

export interface OktaGroupRecord {
  id: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  objectClass: string[];
  type: 'OKTA_GROUP' | 'BUILT_IN';
  profile: { name: string; description: string };
}

export interface OktaAppRecord {
  id: string;
  orn: string;
  name: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  lastUpdated: string;
  created: string;
  accessibility: { selfService: boolean };
  visibility: {
    autoSubmitToolbar: boolean;
    hide: { iOS: boolean; web: boolean };
    appLinks: Record<string, boolean>;
  };
  features: string[];
  signOnMode: GeneratedSignOnMode;
  credentials: Record<string, unknown>;
  settings: Record<string, unknown>;
}

export interface OktaRoleAssignmentRecord {
  id: string;
  type: AdminRoleType;
  label: string;
  status: 'ACTIVE';
  created: string;
  lastUpdated: string;
  assignmentType: 'USER' | 'GROUP';
  /** A user id for USER assignments, a group id for GROUP assignments. */
  assigneeId: string;
}

export interface GeneratedOktaOrg {
  seed: number;
  orgId: string;
  /** Email domain of the generated people. */
  emailDomain: string;
  /** All users, ascending by id (Okta lists in id order, and cursors are ids). */
  users: OktaUserRecord[];
  /** All groups including the built-in Everyone group, ascending by id. */
  groups: OktaGroupRecord[];
  /** All apps, ascending by id. */
  apps: OktaAppRecord[];
  /** Group id -> member user ids, ascending. Everyone holds every user. */
  memberships: Map<string, string[]>;
  /** App id -> user ids assigned directly (scope USER), ascending. */
  appUserAssignments: Map<string, string[]>;
  /** App id -> assigned group ids in priority order. Members become app users with scope GROUP. */
  appGroupAssignments: Map<string, string[]>;
  roleAssignments: OktaRoleAssignmentRecord[];
  everyoneGroupId: string;
  /** The SUPER_ADMIN the API token belongs to (what `/api/v1/users/me` returns). */
  tokenOwnerId: string;
  /** The instant the data was generated "as of"; every timestamp lies before it. */
  referenceTime: string;
}
