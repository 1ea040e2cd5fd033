// What a generated Datadog org holds, as records the representations turn into Datadog's JSON:API shapes.

export type DatadogUserStatus = 'Active' | 'Pending' | 'Disabled';

export interface DatadogUserRecord {
  id: string;
  name: string;
  handle: string;
  email: string;
  title: string | null;
  status: DatadogUserStatus;
  serviceAccount: boolean;
  mfaEnabled: boolean;
  createdAt: string;
  modifiedAt: string;
  lastLoginTime: string | null;
  /** Role ids, in the order Datadog lists them on the user. */
  roleIds: string[];
}

export interface DatadogPermissionRecord {
  id: string;
  name: string;
  displayName: string;
  groupName: string;
  description: string;
  restricted: boolean;
  created: string;
}

export interface DatadogRoleRecord {
  id: string;
  name: string;
  managed: boolean;
  createdAt: string;
  modifiedAt: string;
  permissionIds: string[];
}

export interface GeneratedDatadogOrg {
  orgId: string;
  publicId: string;
  name: string;
  users: DatadogUserRecord[];
  roles: DatadogRoleRecord[];
  permissions: DatadogPermissionRecord[];
}
