// Records to the JSON Datadog sends (JSON:API, snake_case attributes), keyed exactly as the official
// client's models (@datadog/datadog-api-client v2 User, Role, Permission, Organization): the simulator's
// spec test deserializes every response with the client's ObjectSerializer and rejects any key or enum
// value it does not know.
import { createHash } from 'node:crypto';
import type {
  DatadogPermissionRecord,
  DatadogRoleRecord,
  DatadogUserRecord,
  GeneratedDatadogOrg,
} from './org-types.ts';

const userJsonCache = new WeakMap<DatadogUserRecord, string>();

export function userJson(user: DatadogUserRecord, org: GeneratedDatadogOrg): string {
  let text = userJsonCache.get(user);
  if (text === undefined) {
    const gravatar = createHash('md5').update(user.email).digest('hex');
    text = JSON.stringify({
      type: 'users',
      id: user.id,
      attributes: {
        name: user.name,
        handle: user.handle,
        created_at: user.createdAt,
        modified_at: user.modifiedAt,
        email: user.email,
        icon: `https://secure.gravatar.com/avatar/${gravatar}?s=48&d=retro`,
        title: user.title,
        verified: user.status !== 'Pending',
        service_account: user.serviceAccount,
        disabled: user.status === 'Disabled',
        status: user.status,
        mfa_enabled: user.mfaEnabled,
        last_login_time: user.lastLoginTime,
        uuid: user.id,
      },
      relationships: {
        roles: { data: user.roleIds.map((id) => ({ type: 'roles', id })) },
        org: { data: { type: 'orgs', id: org.orgId } },
      },
    });
    userJsonCache.set(user, text);
  }
  return text;
}

export function roleJson(role: DatadogRoleRecord, userCount: number, withPermissions: boolean): unknown {
  return {
    type: 'roles',
    id: role.id,
    attributes: {
      name: role.name,
      created_at: role.createdAt,
      modified_at: role.modifiedAt,
      user_count: userCount,
    },
    relationships: withPermissions
      ? { permissions: { data: role.permissionIds.map((id) => ({ type: 'permissions', id })) } }
      : {},
  };
}

export function permissionJson(permission: DatadogPermissionRecord): unknown {
  return {
    type: 'permissions',
    id: permission.id,
    attributes: {
      name: permission.name,
      display_name: permission.displayName,
      description: permission.description,
      created: permission.created,
      group_name: permission.groupName,
      display_type: permission.name.endsWith('_read') ? 'read' : 'write',
      restricted: permission.restricted,
    },
  };
}

export function pageMeta(
  total: number,
  filtered: number,
): { page: { total_count: number; total_filtered_count: number } } {
  return { page: { total_count: total, total_filtered_count: filtered } };
}
