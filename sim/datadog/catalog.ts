// Datadog's permission catalogue and managed roles as the simulator serves them. Names are Datadog's RBAC
// permission names (docs.datadoghq.com/account_management/rbac/permissions); the three managed roles are
// the ones every org starts with.

export interface PermissionEntry {
  name: string;
  displayName: string;
  groupName: string;
  description: string;
  restricted: boolean;
}

// prettier-ignore
const RAW: Array<[name: string, display: string, group: string, restricted?: boolean]> = [
  ['admin', 'Privileged Access', 'General', true],
  ['standard', 'Standard Access', 'General', true],
  ['org_management', 'Org Management', 'Access Management', true],
  ['user_access_invite', 'User Access Invite', 'Access Management'],
  ['user_access_manage', 'User Access Manage', 'Access Management', true],
  ['user_access_read', 'User Access Read', 'Access Management'],
  ['user_app_keys', 'User App Keys', 'API and Application Keys'],
  ['org_app_keys_read', 'Org App Keys Read', 'API and Application Keys'],
  ['org_app_keys_write', 'Org App Keys Write', 'API and Application Keys', true],
  ['api_keys_read', 'API Keys Read', 'API and Application Keys'],
  ['api_keys_write', 'API Keys Write', 'API and Application Keys', true],
  ['audit_logs_read', 'Audit Trail Read', 'Compliance'],
  ['billing_read', 'Billing Read', 'Billing and Usage'],
  ['billing_edit', 'Billing Edit', 'Billing and Usage'],
  ['usage_read', 'Usage Read', 'Billing and Usage'],
  ['usage_edit', 'Usage Edit', 'Billing and Usage'],
  ['dashboards_read', 'Dashboards Read', 'Dashboards'],
  ['dashboards_write', 'Dashboards Write', 'Dashboards'],
  ['dashboards_public_share', 'Dashboards Public Share', 'Dashboards'],
  ['monitors_read', 'Monitors Read', 'Monitors'],
  ['monitors_write', 'Monitors Write', 'Monitors'],
  ['monitors_downtime', 'Manage Downtimes', 'Monitors'],
  ['logs_read_data', 'Logs Read Data', 'Log Management'],
  ['logs_read_index_data', 'Logs Read Index Data', 'Log Management'],
  ['logs_live_tail', 'Logs Live Tail', 'Log Management'],
  ['logs_modify_indexes', 'Logs Modify Indexes', 'Log Management'],
  ['logs_write_pipelines', 'Logs Write Pipelines', 'Log Management'],
  ['logs_write_archives', 'Logs Write Archives', 'Log Management'],
  ['synthetics_read', 'Synthetics Read', 'Synthetic Monitoring'],
  ['synthetics_write', 'Synthetics Write', 'Synthetic Monitoring'],
  ['apm_read', 'APM Read', 'APM'],
  ['incident_read', 'Incidents Read', 'Case and Incident Management'],
  ['incident_write', 'Incidents Write', 'Case and Incident Management'],
  ['security_monitoring_rules_read', 'Security Rules Read', 'Cloud Security Platform'],
  ['security_monitoring_rules_write', 'Security Rules Write', 'Cloud Security Platform'],
  ['security_monitoring_signals_read', 'Security Signals Read', 'Cloud Security Platform'],
];

export const PERMISSIONS: readonly PermissionEntry[] = RAW.map(
  ([name, displayName, groupName, restricted]) => ({
    name,
    displayName,
    groupName,
    description: `${displayName}.`,
    restricted: restricted ?? false,
  }),
);

export const ALL_PERMISSION_NAMES: readonly string[] = PERMISSIONS.map((p) => p.name);

const READ = ALL_PERMISSION_NAMES.filter((name) => /_read$|_read_data$|_read_index_data$/.test(name));
const STANDARD = ALL_PERMISSION_NAMES.filter(
  (name) =>
    !['admin', 'org_management', 'user_access_manage', 'user_access_invite'].includes(name) &&
    !/^(api_keys_write|org_app_keys_write|billing_edit|usage_edit)$/.test(name),
);

/** Managed roles: name and permissions (the Admin role holds every permission). */
export const MANAGED_ROLES: ReadonlyArray<{ name: string; permissions: readonly string[] }> = [
  { name: 'Datadog Admin Role', permissions: ALL_PERMISSION_NAMES },
  { name: 'Datadog Standard Role', permissions: STANDARD },
  { name: 'Datadog Read Only Role', permissions: READ },
];

/** Custom roles an org tends to create, with the permissions picked for them. */
export const CUSTOM_ROLES: ReadonlyArray<{ name: string; permissions: readonly string[] }> = [
  {
    name: 'Security Engineers',
    permissions: [
      'security_monitoring_rules_read',
      'security_monitoring_rules_write',
      'security_monitoring_signals_read',
      'logs_read_data',
      'audit_logs_read',
    ],
  },
  {
    name: 'SRE On-call',
    permissions: [
      'monitors_read',
      'monitors_write',
      'monitors_downtime',
      'incident_read',
      'incident_write',
      'dashboards_read',
    ],
  },
  { name: 'Access Admins', permissions: ['user_access_read', 'user_access_invite', 'user_access_manage'] },
  { name: 'Billing Viewers', permissions: ['billing_read', 'usage_read'] },
  {
    name: 'Log Pipeline Owners',
    permissions: ['logs_read_data', 'logs_write_pipelines', 'logs_modify_indexes', 'logs_write_archives'],
  },
  {
    name: 'Key Managers',
    permissions: ['api_keys_read', 'api_keys_write', 'org_app_keys_read', 'org_app_keys_write'],
  },
  { name: 'Synthetics Authors', permissions: ['synthetics_read', 'synthetics_write'] },
  {
    name: 'Auditors',
    permissions: ['audit_logs_read', 'user_access_read', 'api_keys_read', 'org_app_keys_read'],
  },
];

export const LATIN_FIRST = [
  'Alex',
  'Maria',
  'Sam',
  'Priya',
  'Chen',
  'Olga',
  'Tom',
  'Fatima',
  'Lucas',
  'Emma',
  'Noah',
  'Ava',
  'Liam',
  'Mia',
  'Ethan',
  'Zara',
  'Jonas',
  'Lea',
  'Omar',
  'Ines',
];
export const LATIN_LAST = [
  'Smith',
  'Garcia',
  'Johnson',
  'Brown',
  'Miller',
  'Davis',
  'Wilson',
  'Taylor',
  'Clark',
  'Lewis',
  'Walker',
  'Young',
  'King',
  'Wright',
  'Lopez',
  'Hill',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
];
