// Fixed facts of Microsoft Entra ID the simulator reproduces: Microsoft Graph's application permissions
// (their app role ids are the same in every tenant), built-in directory role templates, first-party
// service principals, plus the name pools of the generated tenants.

/** Microsoft Graph's own appId, the resource of every Graph token (`aud`). */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** The tenant that owns Microsoft's first-party apps. */
export const MICROSOFT_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

/** Graph application permissions: `value` as in the `roles` claim, `id` as consented (same everywhere). */
export const GRAPH_APP_ROLES = [
  {
    value: 'User.Read.All',
    id: 'df021288-bdef-4463-88db-98f22de89214',
    name: "Read all users' full profiles",
  },
  { value: 'Group.Read.All', id: '5b567255-7703-4780-807c-7be8301ae99b', name: 'Read all groups' },
  {
    value: 'GroupMember.Read.All',
    id: '98830695-27a2-44f7-8c18-0c3ebc9698f6',
    name: 'Read all group memberships',
  },
  {
    value: 'Application.Read.All',
    id: '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
    name: 'Read all applications',
  },
  {
    value: 'RoleManagement.Read.Directory',
    id: '483bed4a-2ad3-4361-a73b-c83ccdbdc53c',
    name: 'Read all directory RBAC settings',
  },
  { value: 'AuditLog.Read.All', id: 'b0afded3-3588-46d8-8b3d-9842eff778da', name: 'Read all audit log data' },
  { value: 'Directory.Read.All', id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61', name: 'Read directory data' },
  {
    value: 'UserAuthenticationMethod.Read.All',
    id: '38d9df27-64da-44fd-b7c5-a6fbac20248f',
    name: "Read all users' authentication methods",
  },
  { value: 'Reports.Read.All', id: '230c1aed-a721-4c5d-9cb4-a90514e508ef', name: 'Read all usage reports' },
] as const;

export type GraphPermission = (typeof GRAPH_APP_ROLES)[number]['value'];

export const GRAPH_PERMISSIONS: readonly GraphPermission[] = GRAPH_APP_ROLES.map((r) => r.value);

/** What the connector's app is granted unless a test says otherwise: everything its datasets need. */
export const DEFAULT_GRANTED_PERMISSIONS: readonly GraphPermission[] = [
  'User.Read.All',
  'Group.Read.All',
  'GroupMember.Read.All',
  'Application.Read.All',
  'RoleManagement.Read.Directory',
  'AuditLog.Read.All',
];

export function graphRoleId(value: string): string | undefined {
  return GRAPH_APP_ROLES.find((r) => r.value === value)?.id;
}

/**
 * Built-in directory roles with their real template ids (a built-in role definition's id is its template
 * id). The share says how often the generator hands the role out.
 */
export const BUILT_IN_ROLES = [
  {
    id: '62e90394-69f5-4237-9190-012177145e10',
    name: 'Global Administrator',
    actions: ['microsoft.directory/*'],
    share: 0,
  },
  {
    id: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
    name: 'Privileged Role Administrator',
    actions: ['microsoft.directory/roleAssignments/allProperties/allTasks'],
    share: 1,
  },
  {
    id: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
    name: 'User Administrator',
    actions: ['microsoft.directory/users/allProperties/allTasks'],
    share: 6,
  },
  {
    id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
    name: 'Global Reader',
    actions: ['microsoft.directory/allEntities/standard/read'],
    share: 3,
  },
  {
    id: '194ae4cb-b126-40b2-bd5b-6091b380977d',
    name: 'Security Administrator',
    actions: ['microsoft.directory/policies/standard/read'],
    share: 2,
  },
  {
    id: '5d6b6bb7-de71-4623-b4af-96380a352509',
    name: 'Security Reader',
    actions: ['microsoft.directory/auditLogs/allProperties/read'],
    share: 2,
  },
  {
    id: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
    name: 'Application Administrator',
    actions: ['microsoft.directory/applications/allProperties/allTasks'],
    share: 3,
  },
  {
    id: '158c047a-c907-4556-b7ef-446551a6b5f7',
    name: 'Cloud Application Administrator',
    actions: ['microsoft.directory/applications/basic/update'],
    share: 2,
  },
  {
    id: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
    name: 'Helpdesk Administrator',
    actions: ['microsoft.directory/users/password/update'],
    share: 8,
  },
  {
    id: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
    name: 'Groups Administrator',
    actions: ['microsoft.directory/groups/allProperties/allTasks'],
    share: 3,
  },
  {
    id: '29232cdf-9323-42fd-ade2-1d097af3e4de',
    name: 'Exchange Administrator',
    actions: ['microsoft.office365.exchange/allEntities/basic/allTasks'],
    share: 2,
  },
  {
    id: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
    name: 'SharePoint Administrator',
    actions: ['microsoft.office365.sharePoint/allEntities/allTasks'],
    share: 1,
  },
  {
    id: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
    name: 'Authentication Administrator',
    actions: ['microsoft.directory/users/authenticationMethods/standard/restrictedRead'],
    share: 2,
  },
  {
    id: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
    name: 'Billing Administrator',
    actions: ['microsoft.directory/organization/basic/update'],
    share: 1,
  },
  {
    id: '4a5d8f65-41da-4de4-8968-e035b65339cf',
    name: 'Reports Reader',
    actions: ['microsoft.directory/auditLogs/allProperties/read'],
    share: 1,
  },
  {
    id: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
    name: 'Conditional Access Administrator',
    actions: ['microsoft.directory/conditionalAccessPolicies/create'],
    share: 1,
  },
  {
    id: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
    name: 'Directory Readers',
    actions: ['microsoft.directory/users/standard/read'],
    share: 1,
  },
] as const;

export const GLOBAL_ADMINISTRATOR_ROLE_ID = BUILT_IN_ROLES[0].id;

/** Microsoft first-party apps every tenant has service principals for. */
export const FIRST_PARTY_APPS = [
  { appId: GRAPH_APP_ID, name: 'Microsoft Graph' },
  { appId: '00000002-0000-0ff1-ce00-000000000000', name: 'Office 365 Exchange Online' },
  { appId: '00000003-0000-0ff1-ce00-000000000000', name: 'Office 365 SharePoint Online' },
  { appId: '797f4846-ba00-4fd7-ba43-dac1f8f63013', name: 'Windows Azure Service Management API' },
  { appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', name: 'Microsoft Teams' },
  { appId: '0000000c-0000-0000-c000-000000000000', name: 'Microsoft App Access Panel' },
  { appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', name: 'Azure Portal' },
] as const;

export const FIRST_NAMES = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Daniel',
  'Lisa',
  'Matthew',
  'Nancy',
  'Anthony',
  'Betty',
  'Mark',
  'Sandra',
  'Steven',
  'Ashley',
  'Paul',
  'Emily',
  'Andrew',
  'Donna',
  'Joshua',
  'Michelle',
  'Kenneth',
  'Carol',
  'Kevin',
  'Amanda',
  'Brian',
  'Melissa',
  'George',
  'Deborah',
  'Timothy',
  'Stephanie',
  'Ronald',
  'Rebecca',
  'Jason',
  'Laura',
];

export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
];

export const DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'Human Resources',
  'Legal',
  'Operations',
  'Support',
  'Product',
  'Security',
  'IT',
];

export const JOB_TITLES = [
  'Engineer',
  'Senior Engineer',
  'Manager',
  'Director',
  'Analyst',
  'Specialist',
  'Coordinator',
  'Account Executive',
  'Consultant',
  'Administrator',
];

export const OFFICES = ['London', 'Dublin', 'Seattle', 'Berlin', 'Singapore', 'Remote'];

export const GUEST_DOMAINS = ['partner.example', 'contractor.example', 'auditor.example', 'gmail.com'];

export const APP_NAMES = [
  'HR Portal',
  'Expense Tracker',
  'Build Pipeline',
  'Data Warehouse Sync',
  'Support Desk',
  'Billing Service',
  'Backup Agent',
  'Wiki',
  'Monitoring Bridge',
  'Marketing Site',
  'Ticket Sync',
  'Payroll Export',
  'CRM Connector',
  'Log Shipper',
  'Access Reviewer',
  'Inventory API',
];

export const GROUP_NAMES = [
  'All Staff',
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'HR',
  'Legal',
  'Ops',
  'Support',
  'Product',
  'Security',
  'IT Admins',
  'Contractors',
  'Managers',
  'VPN Users',
  'Laptop Fleet',
  'On-call',
  'Interns',
];

/** Authentication methods as `methodsRegistered` names them. */
export const MFA_METHODS = [
  'microsoftAuthenticatorPush',
  'softwareOneTimePasscode',
  'mobilePhone',
  'email',
  'fido2',
  'windowsHelloForBusiness',
  'microsoftAuthenticatorPasswordless',
] as const;
