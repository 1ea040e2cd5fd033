// The records a simulated Google Workspace customer is made of: what the Directory API returns, before
// representations.ts spells it as JSON. Times are epoch ms; `null` means "never" where Google says so.

export interface GoogleUserRecord {
  /** 21-digit numeric string, as Google's user ids are. */
  id: string;
  primaryEmail: string;
  givenName: string;
  familyName: string;
  fullName: string;
  aliases: string[];
  isAdmin: boolean;
  isDelegatedAdmin: boolean;
  suspended: boolean;
  /** ADMIN, ABUSE, UNDER13, WEB_LOGIN_REQUIRED; only for suspended users. */
  suspensionReason: string | null;
  archived: boolean;
  isEnrolledIn2Sv: boolean;
  isEnforcedIn2Sv: boolean;
  /** null: never signed in (Google sends 1970-01-01T00:00:00.000Z). */
  lastLoginTime: number | null;
  creationTime: number;
  /** Set for deleted users (listed only with showDeleted=true). */
  deletionTime: number | null;
  orgUnitPath: string;
  agreedToTerms: boolean;
  changePasswordAtNextLogin: boolean;
  isMailboxSetup: boolean;
  recoveryEmail: string | null;
}

export interface MemberRef {
  /** USER, GROUP, or CUSTOMER (every user of the account). */
  type: 'USER' | 'GROUP' | 'CUSTOMER';
  id: string;
  role: 'OWNER' | 'MANAGER' | 'MEMBER';
}

export interface GoogleGroupRecord {
  id: string;
  email: string;
  name: string;
  description: string;
  adminCreated: boolean;
  aliases: string[];
  members: MemberRef[];
}

export interface OrgUnitRecord {
  /** `id:03ph8a2z...`, as role assignments name them. */
  orgUnitId: string;
  path: string;
  /** 2-Step Verification is enforced for users in this OU. */
  enforce2Sv: boolean;
}

export interface RoleRecord {
  roleId: string;
  roleName: string;
  roleDescription: string;
  privileges: Array<{ privilegeName: string; serviceId: string }>;
  isSystemRole: boolean;
  isSuperAdminRole: boolean;
}

export interface RoleAssignmentRecord {
  roleAssignmentId: string;
  roleId: string;
  assignedTo: string;
  assigneeType: 'user' | 'group';
  scopeType: 'CUSTOMER' | 'ORG_UNIT';
  orgUnitId: string | null;
}

export interface TokenRecord {
  clientId: string;
  displayText: string;
  scopes: string[];
  anonymous: boolean;
  nativeApp: boolean;
}

export interface GeneratedGoogleDomain {
  seed: number;
  /** `C0` + 7 characters, as Google customer ids look. */
  customerId: string;
  domain: string;
  referenceTime: number;
  /** The super admin the connector impersonates (the first user). */
  adminEmail: string;
  /** Active users first are not guaranteed: kept in the order users.list pages them. */
  users: GoogleUserRecord[];
  groups: GoogleGroupRecord[];
  orgUnits: OrgUnitRecord[];
  roles: RoleRecord[];
  roleAssignments: RoleAssignmentRecord[];
  /** OAuth tokens by user id. */
  tokens: Map<string, TokenRecord[]>;
}
