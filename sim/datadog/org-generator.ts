// A seeded Datadog org: users (active, pending, disabled), service accounts, the managed roles, custom
// roles and the permission catalogue. A pure function of its options: the same seed gives the same org.
import { createNameGenerator, LocalParts } from '../shared/people.ts';
import { seededRandom, type SeededRandom } from '../shared/random.ts';
import { wholeSecondIso } from '../shared/timestamps.ts';
import { CUSTOM_ROLES, LATIN_FIRST, LATIN_LAST, MANAGED_ROLES, PERMISSIONS } from './catalog.ts';
import type {
  DatadogPermissionRecord,
  DatadogRoleRecord,
  DatadogUserRecord,
  DatadogUserStatus,
  GeneratedDatadogOrg,
} from './org-types.ts';

export const DEFAULT_REFERENCE_TIME = Date.UTC(2025, 5, 1);
const DAY_MS = 86_400_000;

export interface DatadogOrgOptions {
  seed?: number;
  users?: number;
  /** Service accounts besides the users (default: 2% of users, at least 1). */
  serviceAccounts?: number;
  /** Custom roles besides the three managed ones (default: up to 8, fewer for small orgs). */
  customRoles?: number;
  pendingFraction?: number;
  disabledFraction?: number;
  unicodeNameShare?: number;
  referenceTime?: number;
  domain?: string;
}

/** Datadog's timestamps: microseconds and an explicit offset, `2023-01-02T03:04:05.000000+00:00`. */
export function datadogTime(ms: number): string {
  return `${wholeSecondIso(ms, 'Z').slice(0, -1)}.000000+00:00`;
}

export function uuid(rng: SeededRandom): string {
  const hex = (n: number) => {
    let out = '';
    for (let i = 0; i < n; i++) out += '0123456789abcdef'[rng.int(16)];
    return out;
  };
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.int(4)]}${hex(3)}-${hex(12)}`;
}

export function generateDatadogOrg(options: DatadogOrgOptions = {}): GeneratedDatadogOrg {
  const rng = seededRandom(options.seed ?? 1);
  const now = options.referenceTime ?? DEFAULT_REFERENCE_TIME;
  const userCount = options.users ?? 50;
  const serviceCount = options.serviceAccounts ?? Math.max(1, Math.round(userCount * 0.02));
  const domain = options.domain ?? 'example.com';
  const orgCreated = now - 1500 * DAY_MS;

  const permissions: DatadogPermissionRecord[] = PERMISSIONS.map((p) => ({
    id: uuid(rng),
    ...p,
    created: datadogTime(orgCreated - rng.int(400) * DAY_MS),
  }));
  const permissionId = new Map(permissions.map((p) => [p.name, p.id]));
  const roleOf = (name: string, names: readonly string[], managed: boolean): DatadogRoleRecord => {
    const created = managed ? orgCreated : orgCreated + rng.int(1200) * DAY_MS;
    return {
      id: uuid(rng),
      name,
      managed,
      createdAt: datadogTime(created),
      modifiedAt: datadogTime(created + rng.int(100) * DAY_MS),
      permissionIds: names.map((n) => permissionId.get(n) as string),
    };
  };
  const customCount = Math.min(
    CUSTOM_ROLES.length,
    options.customRoles ?? Math.min(8, 2 + Math.floor(userCount / 20)),
  );
  const roles = [
    ...MANAGED_ROLES.map((r) => roleOf(r.name, r.permissions, true)),
    ...CUSTOM_ROLES.slice(0, customCount).map((r) => roleOf(r.name, r.permissions, false)),
  ];
  const [adminRole, standardRole, readOnlyRole] = roles as [
    DatadogRoleRecord,
    DatadogRoleRecord,
    DatadogRoleRecord,
  ];
  const customRoles = roles.slice(3);

  const names = createNameGenerator(rng, {
    latinFirst: LATIN_FIRST,
    latinLast: LATIN_LAST,
    unicodeShare: options.unicodeNameShare,
  });
  const locals = new LocalParts();
  const pending = options.pendingFraction ?? 0.04;
  const disabled = options.disabledFraction ?? 0.08;
  const users: DatadogUserRecord[] = [];
  for (let i = 0; i < userCount; i++) {
    const person = names();
    const email = `${locals.take(`${person.asciiFirst}.${person.asciiLast}`)}@${domain}`;
    const roll = rng.next();
    const status: DatadogUserStatus =
      i === 0 ? 'Active' : roll < pending ? 'Pending' : roll < pending + disabled ? 'Disabled' : 'Active';
    const created = orgCreated + rng.int(1400) * DAY_MS + rng.int(DAY_MS);
    // The first user is the org's creator and an admin; admins stay rare after that.
    const base = i === 0 || rng.chance(0.05) ? adminRole : rng.chance(0.2) ? readOnlyRole : standardRole;
    const roleIds = [base.id];
    if (customRoles.length && rng.chance(0.25)) {
      const extra = rng.pick(customRoles);
      if (!roleIds.includes(extra.id)) roleIds.push(extra.id);
    }
    users.push({
      id: uuid(rng),
      name: person.displayName,
      handle: email,
      email,
      title: rng.chance(0.6)
        ? rng.pick(['Engineer', 'SRE', 'Product Manager', 'Analyst', 'Security Engineer'])
        : null,
      status,
      serviceAccount: false,
      mfaEnabled: status === 'Active' && rng.chance(0.7),
      createdAt: datadogTime(created),
      modifiedAt: datadogTime(Math.min(now, created + rng.int(300) * DAY_MS)),
      lastLoginTime: status === 'Pending' ? null : datadogTime(now - rng.int(120) * DAY_MS - rng.int(DAY_MS)),
      roleIds,
    });
  }
  for (let i = 0; i < serviceCount; i++) {
    const purpose = rng.pick(['terraform', 'ci-deploy', 'incident-bot', 'log-forwarder', 'backup-export']);
    const email = `${locals.take(`svc-${purpose}`)}@${domain}`;
    const created = orgCreated + rng.int(1400) * DAY_MS;
    users.push({
      id: uuid(rng),
      name: `${purpose} (service account)`,
      handle: email,
      email,
      title: null,
      status: rng.chance(0.1) ? 'Disabled' : 'Active',
      serviceAccount: true,
      mfaEnabled: false,
      createdAt: datadogTime(created),
      modifiedAt: datadogTime(created),
      lastLoginTime: null,
      roleIds: [rng.chance(0.3) ? adminRole.id : standardRole.id],
    });
  }
  // Datadog lists users sorted by name unless asked otherwise.
  users.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
  return {
    orgId: uuid(rng),
    publicId: rng.base62(12).toLowerCase(),
    name: 'Example Org',
    users,
    roles,
    permissions,
  };
}
