// A full Entra ID sync: nine datasets run concurrently (Graph throttles per app and tenant, not per
// endpoint), sharing what one read through deferred facts (groups for their members, app registrations and
// service principals for their credentials, role definitions for the assignments). Each ends complete or
// partial with its reason; what the tenant's licence withholds is said, never left empty.
import { deferred, forEachConcurrent, type Deferred } from '../concurrency.ts';
import { runDataset, type DatasetWriter } from '../dataset-runner.ts';
import { EventChannel } from '../event-channel.ts';
import type { ConnectorContext, SyncEvent } from '../types.ts';
import { entraConnector } from './entra-connector.ts';
import { classifyEntraFailure } from './entra-errors.ts';
import { openEntraSession, syncPolicy, type EntraPolicy, type EntraSession } from './entra-graph.ts';
import { isGranted, permissionNeeds } from './entra-permissions.ts';
import {
  applicationSelect,
  applicationToResource,
  graphApplicationSchema,
  graphGroupSchema,
  graphMemberSchema,
  graphRegistrationSchema,
  graphRoleAssignmentSchema,
  graphRoleDefinitionSchema,
  graphServicePrincipalSchema,
  graphUserSchema,
  groupSelect,
  groupToRecord,
  ownerCredentials,
  parseGraph,
  registrationToFactors,
  roleAssignmentToRecord,
  roleDefinitionToRecord,
  servicePrincipalSelect,
  servicePrincipalToResource,
  userSelect,
  userToAccount,
  type GraphApplication,
  type GraphRoleDefinition,
  type GraphServicePrincipal,
  type SignInActivityGap,
} from './entra-records.ts';
import { decodeClaims } from './entra-token.ts';

/** Graph's largest page for directory collections. */
const top = 999;
/** Member listings in flight at once; Graph's throttling (honoured by the transport) bounds the rest. */
const fanOut = 8;

/** What one dataset read for others: the items, or the failure that stopped it. */
type Fact<T> = { ok: true; items: T[] } | { ok: false; error: unknown };

interface Scope {
  channel: EventChannel<SyncEvent>;
  session: EntraSession;
  roles: string[];
  tenantId: string | null;
  now: number;
}

const classifier = (what: string) => (error: unknown) => classifyEntraFailure(error, what);

function isConnectionLevel(error: unknown): boolean {
  const { errorClass } = classifyEntraFailure(error, '');
  return errorClass !== 'missing_configuration' && errorClass !== 'unreachable';
}

function graphCode(error: unknown): string {
  const e = error as { statusCode?: unknown; code?: unknown };
  return `${typeof e.statusCode === 'number' ? e.statusCode : ''} ${typeof e.code === 'string' ? e.code : ''}`;
}

const unlicensed = (error: unknown) => /^403 .*(NonPremium|B2C)/i.test(graphCode(error));

interface Listing {
  select?: readonly string[];
  count?: boolean;
  expand?: string;
  /** Role management collections are listed without $top: Microsoft documents only $filter and $expand there. */
  noTop?: boolean;
}

function query(q: Listing) {
  return {
    ...(q.select ? { $select: q.select.join(',') } : {}),
    ...(q.noTop ? {} : { $top: String(top) }),
    ...(q.count ? { $count: 'true' } : {}),
    ...(q.expand ? { $expand: q.expand } : {}),
  };
}

export function syncEntra(ctx: ConnectorContext, policy: EntraPolicy = syncPolicy): AsyncIterable<SyncEvent> {
  const channel = new EventChannel<SyncEvent>(64);
  const run = async () => {
    const session = openEntraSession(ctx, policy);
    try {
      // The token's roles tell which optional columns (sign-in activity) to ask for. A token failure here
      // is the whole connection's: every dataset would fail the same way.
      let claims: ReturnType<typeof decodeClaims>;
      try {
        claims = decodeClaims(await session.tokens.token());
      } catch (error) {
        // Every dataset ends failed with the classified reason, so the run carries the failure class.
        for (const declared of entraConnector.describe().datasets) {
          await runDataset(
            channel,
            {
              dataset: declared.kind,
              entity: declared.entity,
              endpoint: 'POST /{tenant}/oauth2/v2.0/token',
              query: {},
            },
            classifier('a token'),
            () => Promise.reject(error),
          );
        }
        return;
      }
      const scope: Scope = {
        channel,
        session,
        roles: claims.roles,
        tenantId: claims.tenantId,
        now: Date.now(),
      };
      const groups = deferred<Fact<string>>();
      const apps = deferred<Fact<GraphApplication>>();
      const principals = deferred<Fact<GraphServicePrincipal>>();
      const definitions = deferred<Fact<GraphRoleDefinition>>();
      await Promise.all([
        syncUsers(scope),
        syncGroups(scope, groups),
        syncGroupMembers(scope, groups.promise),
        syncApplications(scope, apps),
        syncServicePrincipals(scope, principals),
        syncAppCredentials(scope, apps.promise, principals.promise),
        syncRoleDefinitions(scope, definitions),
        syncRoleAssignments(scope, definitions.promise),
        syncMfaRegistration(scope),
      ]);
    } finally {
      await session.close();
    }
  };
  run().then(
    () => channel.close(),
    (error: unknown) => channel.fail(error),
  );
  return channel;
}

/** Lists a collection into a dataset; returns Graph's `@odata.count` when asked for it. */
async function listInto<T>(
  scope: Scope,
  path: string,
  q: Listing,
  each: (item: unknown) => Promise<T | void>,
): Promise<number | null> {
  return scope.session.list(path, { ...q, ...(q.noTop ? {} : { top }) }, async (items) => {
    for (const item of items) await each(item);
  });
}

async function syncUsers(scope: Scope): Promise<void> {
  const withActivity = [...userSelect, 'signInActivity'];
  await runDataset(
    scope.channel,
    {
      dataset: 'entra.users',
      entity: 'accounts',
      endpoint: 'GET /v1.0/users',
      query: query({ select: withActivity, count: true }),
    },
    classifier('users'),
    async (out) => {
      // Sign-in activity needs AuditLog.Read.All and a P1 licence; without them its column says why.
      let gap: SignInActivityGap = isGranted(permissionNeeds.audit, scope.roles)
        ? null
        : 'the application lacks the AuditLog.Read.All permission';
      const read = (select: readonly string[]) =>
        listInto(scope, '/users', { select, count: true }, async (item) =>
          out.add(userToAccount(parseGraph(graphUserSchema, item, 'a user'), gap)),
        );
      let reportedCount: number | null;
      if (gap) {
        reportedCount = await read(userSelect);
      } else {
        try {
          reportedCount = await read(withActivity);
        } catch (error) {
          // Only the first page can refuse the column; later failures are the listing's own.
          if (out.rows > 0 || !/^403 /.test(graphCode(error))) throw error;
          gap = unlicensed(error)
            ? 'the tenant has no Microsoft Entra ID P1 or P2 licence'
            : `Graph refused it (${graphCode(error).trim()})`;
          reportedCount = await read(userSelect);
        }
      }
      return {
        reportedCount,
        endpoints: [
          `GET /v1.0/users?$select=${(gap ? userSelect : withActivity).join(',')}&$top=${top}&$count=true`,
        ],
      };
    },
  );
}

async function syncGroups(scope: Scope, publish: Deferred<Fact<string>>): Promise<void> {
  const ids: string[] = [];
  let failure: unknown = null;
  await runDataset(
    scope.channel,
    {
      dataset: 'entra.groups',
      entity: 'groups',
      endpoint: 'GET /v1.0/groups',
      query: query({ select: groupSelect, count: true }),
    },
    (error) => {
      failure = error;
      return classifyEntraFailure(error, 'groups');
    },
    async (out) => {
      const reportedCount = await listInto(
        scope,
        '/groups',
        { select: groupSelect, count: true },
        async (item) => {
          const group = parseGraph(graphGroupSchema, item, 'a group');
          ids.push(group.id);
          await out.add(groupToRecord(group));
        },
      );
      return { reportedCount };
    },
  );
  publish.resolve(failure === null ? { ok: true, items: ids } : { ok: false, error: failure });
}

/** Children of many parents; a parent that fails is noted and the rest go on (unless the credential is at fault). */
async function readChildren(
  parents: readonly string[],
  out: Pick<DatasetWriter<'group_members'>, 'problems'>,
  read: (parent: string) => Promise<void>,
): Promise<void> {
  const failed: string[] = [];
  await forEachConcurrent(parents, fanOut, async (parent) => {
    try {
      await read(parent);
    } catch (error) {
      // A group deleted since the listing has no members to report.
      if (/^404 /.test(graphCode(error))) return;
      if (isConnectionLevel(error)) throw error;
      failed.push(`group ${parent}: ${classifyEntraFailure(error, `group ${parent}`).message}`);
    }
  });
  if (failed.length) {
    out.problems.push(
      `The members of ${failed.length} of ${parents.length} groups could not be read (${failed.slice(0, 3).join('; ')}${failed.length > 3 ? '; …' : ''}).`,
    );
  }
}

async function syncGroupMembers(scope: Scope, groupsPromise: Promise<Fact<string>>): Promise<void> {
  const groups = await groupsPromise;
  await runDataset(
    scope.channel,
    {
      dataset: 'entra.group_members',
      entity: 'group_members',
      endpoint: 'GET /v1.0/groups/{id}/members',
      query: query({ select: ['id'] }),
    },
    classifier('group members'),
    async (out) => {
      if (!groups.ok) throw groups.error;
      await readChildren(groups.items, out, async (groupId) => {
        await listInto(
          scope,
          `/groups/${encodeURIComponent(groupId)}/members`,
          { select: ['id'] },
          async (item) => {
            const member = parseGraph(graphMemberSchema, item, 'a group member');
            // Accounts are users; nested groups, service principals and devices are not people's memberships.
            const type = member['@odata.type'];
            if (type === undefined || type === '#microsoft.graph.user')
              await out.add({ groupExternalId: groupId, accountExternalId: member.id });
          },
        );
      });
      return {};
    },
  );
}

async function syncApplications(scope: Scope, publish: Deferred<Fact<GraphApplication>>): Promise<void> {
  const items: GraphApplication[] = [];
  let failure: unknown = null;
  await runDataset(
    scope.channel,
    {
      dataset: 'entra.applications',
      entity: 'resources',
      endpoint: 'GET /v1.0/applications',
      query: query({ select: applicationSelect, count: true }),
    },
    (error) => {
      failure = error;
      return classifyEntraFailure(error, 'app registrations');
    },
    async (out) => {
      const reportedCount = await listInto(
        scope,
        '/applications',
        { select: applicationSelect, count: true },
        async (item) => {
          const app = parseGraph(graphApplicationSchema, item, 'an app registration');
          items.push(app);
          await out.add(applicationToResource(app, scope.now));
        },
      );
      return { reportedCount };
    },
  );
  publish.resolve(failure === null ? { ok: true, items } : { ok: false, error: failure });
}

async function syncServicePrincipals(
  scope: Scope,
  publish: Deferred<Fact<GraphServicePrincipal>>,
): Promise<void> {
  const items: GraphServicePrincipal[] = [];
  let failure: unknown = null;
  await runDataset(
    scope.channel,
    {
      dataset: 'entra.service_principals',
      entity: 'resources',
      endpoint: 'GET /v1.0/servicePrincipals',
      query: query({ select: servicePrincipalSelect, count: true }),
    },
    (error) => {
      failure = error;
      return classifyEntraFailure(error, 'service principals');
    },
    async (out) => {
      const reportedCount = await listInto(
        scope,
        '/servicePrincipals',
        { select: servicePrincipalSelect, count: true },
        async (item) => {
          const sp = parseGraph(graphServicePrincipalSchema, item, 'a service principal');
          items.push(sp);
          await out.add(servicePrincipalToResource(sp, scope.tenantId));
        },
      );
      return { reportedCount };
    },
  );
  publish.resolve(failure === null ? { ok: true, items } : { ok: false, error: failure });
}

async function syncAppCredentials(
  scope: Scope,
  appsPromise: Promise<Fact<GraphApplication>>,
  principalsPromise: Promise<Fact<GraphServicePrincipal>>,
): Promise<void> {
  const [apps, principals] = await Promise.all([appsPromise, principalsPromise]);
  await runDataset(
    scope.channel,
    {
      dataset: 'entra.app_credentials',
      entity: 'credentials',
      endpoint: 'GET /v1.0/applications',
      query: query({ select: ['passwordCredentials', 'keyCredentials'] }),
    },
    classifier('app secrets and certificates'),
    async (out) => {
      if (!apps.ok) throw apps.error;
      for (const app of apps.items) {
        const owner = {
          ownerType: 'application',
          ownerExternalId: app.id,
          ownerName: app.displayName,
          appId: app.appId,
        } as const;
        for (const record of ownerCredentials(owner, app.passwordCredentials, app.keyCredentials, scope.now))
          await out.add(record);
      }
      // Service principals carry credentials of their own (SAML signing certificates, secrets added by API).
      if (!principals.ok) throw principals.error;
      for (const sp of principals.items) {
        const owner = {
          ownerType: 'service_principal',
          ownerExternalId: sp.id,
          ownerName: sp.displayName,
          appId: sp.appId,
        } as const;
        for (const record of ownerCredentials(owner, sp.passwordCredentials, sp.keyCredentials, scope.now))
          await out.add(record);
      }
      return {
        endpoints: [
          'GET /v1.0/applications ($select=passwordCredentials,keyCredentials, read by entra.applications)',
          'GET /v1.0/servicePrincipals ($select=passwordCredentials,keyCredentials, read by entra.service_principals)',
        ],
      };
    },
  );
}

async function syncRoleDefinitions(
  scope: Scope,
  publish: Deferred<Fact<GraphRoleDefinition>>,
): Promise<void> {
  const items: GraphRoleDefinition[] = [];
  let failure: unknown = null;
  await runDataset(
    scope.channel,
    {
      dataset: 'entra.role_definitions',
      entity: 'roles',
      endpoint: 'GET /v1.0/roleManagement/directory/roleDefinitions',
      query: query({ noTop: true }),
    },
    (error) => {
      failure = error;
      return classifyEntraFailure(error, 'directory role definitions');
    },
    async (out) => {
      await listInto(scope, '/roleManagement/directory/roleDefinitions', { noTop: true }, async (item) => {
        const definition = parseGraph(graphRoleDefinitionSchema, item, 'a role definition');
        items.push(definition);
        await out.add(roleDefinitionToRecord(definition));
      });
      return {};
    },
  );
  publish.resolve(failure === null ? { ok: true, items } : { ok: false, error: failure });
}

async function syncRoleAssignments(
  scope: Scope,
  definitionsPromise: Promise<Fact<GraphRoleDefinition>>,
): Promise<void> {
  await runDataset(
    scope.channel,
    {
      dataset: 'entra.role_assignments',
      entity: 'admin_roles',
      endpoint: 'GET /v1.0/roleManagement/directory/roleAssignments',
      query: query({ expand: 'principal', noTop: true }),
    },
    classifier('directory role assignments'),
    async (out) => {
      const definitions = await definitionsPromise;
      if (!definitions.ok) throw definitions.error;
      const byId = new Map(definitions.items.map((d) => [d.id, d]));
      const untyped: string[] = [];
      await listInto(
        scope,
        '/roleManagement/directory/roleAssignments',
        { expand: 'principal', noTop: true },
        async (item) => {
          const assignment = parseGraph(graphRoleAssignmentSchema, item, 'a role assignment');
          const record = roleAssignmentToRecord(assignment, byId.get(assignment.roleDefinitionId));
          if (record) await out.add(record);
          else untyped.push(assignment.id);
        },
      );
      if (untyped.length) {
        out.problems.push(
          `${untyped.length} role assignments name a principal of a type Vouch does not record or Graph did not say (e.g. ${untyped[0]}).`,
        );
      }
      return {};
    },
  );
}

async function syncMfaRegistration(scope: Scope): Promise<void> {
  const path = '/reports/authenticationMethods/userRegistrationDetails';
  await runDataset(
    scope.channel,
    {
      dataset: 'entra.mfa_registration',
      entity: 'auth_factors',
      endpoint: `GET /v1.0${path}`,
      query: query({}),
    },
    classifier('MFA registration details'),
    async (out) => {
      try {
        await listInto(scope, path, {}, async (item) => {
          for (const factor of registrationToFactors(
            parseGraph(graphRegistrationSchema, item, 'a registration row'),
          ))
            await out.add(factor);
        });
      } catch (error) {
        if (out.rows > 0 || !unlicensed(error)) throw error;
        // Not a failure of the connection: the data does not exist for this tenant.
        out.problems.push(
          `Not evaluable: the tenant has no Microsoft Entra ID P1 or P2 licence, which the MFA registration report needs (Graph: ${graphCode(error).trim()}).`,
        );
      }
      return {};
    },
  );
}
