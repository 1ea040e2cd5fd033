// Fixed Google catalogues the generator draws from: admin console system roles (names and privileges as
// the Admin console lists them), third-party OAuth clients and the scopes they ask for, org units.

export const DIRECTORY_SCOPES = {
  users: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  groups: 'https://www.googleapis.com/auth/admin.directory.group.readonly',
  members: 'https://www.googleapis.com/auth/admin.directory.group.member.readonly',
  roles: 'https://www.googleapis.com/auth/admin.directory.rolemanagement.readonly',
  security: 'https://www.googleapis.com/auth/admin.directory.user.security',
  orgunits: 'https://www.googleapis.com/auth/admin.directory.orgunit.readonly',
} as const;

/** Scopes that also satisfy a read-only one (the read-write variants Google accepts in their place). */
export const SCOPE_IMPLIED_BY: Record<string, string[]> = {
  [DIRECTORY_SCOPES.users]: ['https://www.googleapis.com/auth/admin.directory.user'],
  [DIRECTORY_SCOPES.groups]: ['https://www.googleapis.com/auth/admin.directory.group'],
  [DIRECTORY_SCOPES.members]: [
    'https://www.googleapis.com/auth/admin.directory.group.member',
    DIRECTORY_SCOPES.groups,
    'https://www.googleapis.com/auth/admin.directory.group',
  ],
  [DIRECTORY_SCOPES.roles]: ['https://www.googleapis.com/auth/admin.directory.rolemanagement'],
  [DIRECTORY_SCOPES.security]: [],
};

/** What a super admin typically authorises for a read-only collector. */
export const DEFAULT_DELEGATED_SCOPES = [
  DIRECTORY_SCOPES.users,
  DIRECTORY_SCOPES.groups,
  DIRECTORY_SCOPES.members,
  DIRECTORY_SCOPES.roles,
  DIRECTORY_SCOPES.security,
];

export const SYSTEM_ROLES: ReadonlyArray<{
  name: string;
  description: string;
  superAdmin?: boolean;
  privileges: string[];
}> = [
  {
    name: '_SEED_ADMIN_ROLE',
    description: 'Super Admin',
    superAdmin: true,
    privileges: ['SUPER_ADMIN', 'ROOT_APP_ADMIN'],
  },
  {
    name: '_GROUPS_ADMIN_ROLE',
    description: 'Groups Administrator',
    privileges: ['GROUPS_ALL', 'USERS_RETRIEVE', 'ORGANIZATION_UNITS_RETRIEVE'],
  },
  {
    name: '_USER_MANAGEMENT_ADMIN_ROLE',
    description: 'User Management Administrator',
    privileges: ['USERS_ALL', 'ORGANIZATION_UNITS_RETRIEVE'],
  },
  {
    name: '_HELP_DESK_ADMIN_ROLE',
    description: 'Help Desk Administrator',
    privileges: ['USERS_RETRIEVE', 'USERS_RESET_PASSWORD', 'ORGANIZATION_UNITS_RETRIEVE'],
  },
  {
    name: '_SERVICES_ADMIN_ROLE',
    description: 'Services Administrator',
    privileges: ['APP_ADMIN', 'ORGANIZATION_UNITS_RETRIEVE'],
  },
  {
    name: '_MOBILE_ADMIN_ROLE',
    description: 'Mobile Administrator',
    privileges: ['MANAGE_DEVICES', 'USERS_RETRIEVE', 'ORGANIZATION_UNITS_RETRIEVE'],
  },
];

export const CUSTOM_ROLES: ReadonlyArray<{ name: string; description: string; privileges: string[] }> = [
  {
    name: 'Security Reviewer',
    description: 'Reads users, groups and security settings',
    privileges: ['USERS_RETRIEVE', 'GROUPS_RETRIEVE', 'REPORTS_ACCESS'],
  },
  {
    name: 'OU Password Reset',
    description: 'Resets passwords in one org unit',
    privileges: ['USERS_RESET_PASSWORD', 'USERS_RETRIEVE'],
  },
];

/** Third-party OAuth clients users grant, with the scopes they hold. */
export const OAUTH_CLIENTS: ReadonlyArray<{
  displayText: string;
  scopes: string[];
  nativeApp?: boolean;
  anonymous?: boolean;
}> = [
  {
    displayText: 'Slack',
    scopes: [
      'openid',
      'https://www.googleapis.com/auth/userinfo.email',
      'https://www.googleapis.com/auth/userinfo.profile',
    ],
  },
  {
    displayText: 'Zoom',
    scopes: [
      'openid',
      'https://www.googleapis.com/auth/userinfo.email',
      'https://www.googleapis.com/auth/calendar',
    ],
  },
  {
    displayText: 'Calendly',
    scopes: ['https://www.googleapis.com/auth/calendar', 'https://www.googleapis.com/auth/calendar.events'],
  },
  {
    displayText: 'Miro',
    scopes: [
      'openid',
      'https://www.googleapis.com/auth/userinfo.email',
      'https://www.googleapis.com/auth/drive.readonly',
    ],
  },
  {
    displayText: 'Grammarly',
    scopes: ['https://www.googleapis.com/auth/userinfo.email', 'https://mail.google.com/'],
  },
  {
    displayText: 'Google Drive for desktop',
    scopes: ['https://www.googleapis.com/auth/drive', 'https://www.googleapis.com/auth/docs'],
    nativeApp: true,
  },
  {
    displayText: 'PDF Toolbox',
    scopes: ['https://www.googleapis.com/auth/drive', 'https://www.googleapis.com/auth/gmail.readonly'],
  },
  {
    displayText: 'thunderbird',
    scopes: ['https://mail.google.com/', 'https://www.googleapis.com/auth/carddav'],
    nativeApp: true,
  },
  { displayText: 'Unknown app', scopes: ['https://www.googleapis.com/auth/userinfo.email'], anonymous: true },
];

export const ORG_UNIT_PATHS: ReadonlyArray<{ path: string; enforce2Sv: boolean }> = [
  { path: '/', enforce2Sv: false },
  { path: '/Engineering', enforce2Sv: true },
  { path: '/Sales', enforce2Sv: false },
  { path: '/Finance', enforce2Sv: true },
  { path: '/Support', enforce2Sv: false },
  { path: '/Contractors', enforce2Sv: false },
];

export const LATIN_FIRST = [
  'Alex',
  'Maria',
  'James',
  'Priya',
  'Chen',
  'Olivia',
  'Noah',
  'Fatima',
  'Liam',
  'Sofia',
  'Ethan',
  'Amara',
  'Lucas',
  'Hannah',
  'Mateo',
  'Grace',
  'Omar',
  'Emma',
  'Daniel',
  'Chloe',
];
export const LATIN_LAST = [
  'Smith',
  'Garcia',
  'Johnson',
  'Brown',
  'Nguyen',
  'Miller',
  'Davis',
  'Wilson',
  'Moore',
  'Taylor',
  'Anderson',
  'Thomas',
  'Martin',
  'Lee',
  'Clark',
  'Lewis',
  'Walker',
  'Young',
  'King',
  'Scott',
];
