// A full Google Workspace sync: seven datasets, concurrent where they do not depend on each other. Users
// (with suspended, archived and recently deleted ones) feed the 2-Step Verification summary and the OAuth
// token listing; groups feed their members; roles label the role assignments. The Directory API reports no
// totals, so completeness rests on following nextPageToken to its end (said in each dataset's provenance);
// groups' directMembersCount is reconciled against the members listed.
import { deferred, forEachConcurrent } from '../concurrency.ts';
import { runDataset, type DatasetWriter } from '../dataset-runner.ts';
import { EventChannel } from '../event-channel.ts';
import type { ConnectorContext, SyncEvent } from '../types.ts';
import { classifyGoogleFailure, type FailureContext } from './google-errors.ts';
import {
  assignmentToRecord,
  googleGroupSchema,
  googleMemberSchema,
  googleRoleAssignmentSchema,
  googleRoleSchema,
  googleTokenSchema,
  googleUserSchema,
  groupsPageSchema,
  groupToRecord,
  itemsPageSchema,
  membersPageSchema,
  memberToRecord,
  parseGoogle,
  roleToRecord,
  tokenToCredential,
  userToAccount,
  userToTwoStep,
  usersPageSchema,
  type GoogleGroup,
  type GoogleRole,
  type GoogleUser,
} from './google-records.ts';
import {
  GoogleApiError,
  SCOPES,
  openGoogleSession,
  syncPolicy,
  toApiError,
  type GooglePolicy,
  type GoogleSession,
} from './google-session.ts';
import { TokenExchangeError } from './google-token.ts';

const BASE = '/admin/directory/v1';
const NO_TOTALS =
  'none: the Directory API reports no totals; complete means every nextPageToken was followed';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Scope {
  channel: EventChannel<SyncEvent>;
  session: GoogleSession;
  context: FailureContext;
}

const classifier = (scope: Scope, what: string) => (error: unknown) =>
  classifyGoogleFailure(error, what, scope.context);

/** The token scope is optional (it is not read-only): its refusal makes only the tokens dataset partial. */
export function classifyTokensFailure(error: unknown, context: FailureContext) {
  if (
    error instanceof TokenExchangeError &&
    error.scopes.includes(SCOPES.security) &&
    (error.error === 'unauthorized_client' || error.error === 'access_denied')
  ) {
    return {
      errorClass: 'missing_permissions' as const,
      message:
        `The scope ${SCOPES.security} is not authorised for client ID ${context.clientId ?? '(see the key file)'} under domain-wide delegation (Google: ${error.error}), so OAuth tokens were not collected. ` +
        'It is optional because it is not read-only: it also allows revoking a user’s tokens.',
      nextStep:
        'Add the scope to the client’s domain-wide delegation entry if OAuth grants must be evidenced, then sync again.',
    };
  }
  return classifyGoogleFailure(error, 'OAuth tokens', context);
}

async function* listPages(
  session: GoogleSession,
  what: string,
  fetchPage: (pageToken: string | undefined) => Promise<{ nextPageToken?: string | null }>,
): AsyncGenerator<unknown> {
  let pageToken: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await fetchPage(pageToken);
    yield page;
    const next = page.nextPageToken ?? undefined;
    // A token seen before would loop forever: Google never repeats one within a listing.
    if (next && seen.has(next)) throw new Error(`Google repeated a page token while listing ${what}`);
    if (next) seen.add(next);
    pageToken = next;
    session.signal.throwIfAborted();
  } while (pageToken);
}

export function syncGoogle(
  ctx: ConnectorContext,
  policy: GooglePolicy = syncPolicy,
): AsyncIterable<SyncEvent> {
  const channel = new EventChannel<SyncEvent>(64);
  const run = async () => {
    let session: GoogleSession;
    try {
      session = await openGoogleSession(ctx, policy);
    } catch (error) {
      // Configuration that no request could fix: every dataset ends partial with the reason.
      const context: FailureContext = {
        adminEmail: ctx.config.adminEmail ?? '',
        clientId: null,
        keyId: null,
      };
      for (const dataset of DATASETS) {
        await runDataset(
          channel,
          { dataset: dataset.kind, entity: dataset.entity, endpoint: dataset.endpoint, query: {} },
          (e) => classifyGoogleFailure(e, dataset.what, context),
          () => Promise.reject(error),
        );
      }
      return;
    }
    const scope: Scope = {
      channel,
      session,
      context: {
        adminEmail: session.target.adminEmail,
        clientId: session.key.client_id,
        keyId: session.key.private_key_id,
      },
    };
    const users = deferred<Outcome<GoogleUser[]>>();
    const groups = deferred<Outcome<GoogleGroup[]>>();
    const roles = deferred<Map<string, GoogleRole>>();
    try {
      await Promise.all([
        syncUsers(scope, users.resolve),
        syncTwoStep(scope, users.promise),
        syncGroups(scope, groups.resolve),
        syncMembers(scope, groups.promise),
        syncRoles(scope, roles.resolve),
        syncRoleAssignments(scope, roles.promise),
        syncTokens(scope, users.promise),
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

const DATASETS = [
  { kind: 'google.users', entity: 'accounts', endpoint: `GET ${BASE}/users`, what: 'users' },
  {
    kind: 'google.two_step_verification',
    entity: 'auth_factors',
    endpoint: `GET ${BASE}/users`,
    what: 'users',
  },
  { kind: 'google.groups', entity: 'groups', endpoint: `GET ${BASE}/groups`, what: 'groups' },
  {
    kind: 'google.group_members',
    entity: 'group_members',
    endpoint: `GET ${BASE}/groups/{groupKey}/members`,
    what: 'group members',
  },
  {
    kind: 'google.roles',
    entity: 'roles',
    endpoint: `GET ${BASE}/customer/{customer}/roles`,
    what: 'admin roles',
  },
  {
    kind: 'google.role_assignments',
    entity: 'admin_roles',
    endpoint: `GET ${BASE}/customer/{customer}/roleassignments`,
    what: 'admin role assignments',
  },
  {
    kind: 'google.oauth_tokens',
    entity: 'credentials',
    endpoint: `GET ${BASE}/users/{userKey}/tokens`,
    what: 'OAuth tokens',
  },
] as const;

async function syncUsers(scope: Scope, publish: (users: Outcome<GoogleUser[]>) => void): Promise<void> {
  const { session } = scope;
  const customer = session.target.customer;
  const collected: GoogleUser[] = [];
  let failure: unknown = null;
  await runDataset(
    scope.channel,
    {
      dataset: 'google.users',
      entity: 'accounts',
      endpoint: `GET ${BASE}/users`,
      query: {
        customer,
        projection: 'full',
        maxResults: '500',
        showDeleted: 'false, then true (deleted within 20 days)',
        providerTotal: NO_TOTALS,
      },
    },
    classifier(scope, 'users'),
    async (out) => {
      try {
        // Suspended and archived users come with the default listing; deleted ones only with showDeleted.
        for (const showDeleted of [false, true]) {
          for await (const raw of listPages(session, 'users', (pageToken) =>
            session.call('readonly', 'users', (api) =>
              api.users.list(
                {
                  customer,
                  projection: 'full',
                  maxResults: 500,
                  showDeleted: String(showDeleted),
                  pageToken,
                },
                { retry: false },
              ),
            ),
          )) {
            const page = parseGoogle(usersPageSchema, raw, 'a page of users');
            for (const item of page.users ?? []) {
              const user = parseGoogle(googleUserSchema, item, 'a user');
              if (!showDeleted) collected.push(user);
              await out.add(userToAccount(user));
            }
          }
        }
      } catch (error) {
        failure = error;
        throw error;
      }
      return { endpoints: [`GET ${BASE}/users`, `GET ${BASE}/users?showDeleted=true`] };
    },
  );
  publish(failure === null ? { ok: true, value: collected } : { ok: false, error: failure });
}

async function syncTwoStep(scope: Scope, users: Promise<Outcome<GoogleUser[]>>): Promise<void> {
  await runDataset(
    scope.channel,
    {
      dataset: 'google.two_step_verification',
      entity: 'auth_factors',
      endpoint: `GET ${BASE}/users`,
      query: {
        customer: scope.session.target.customer,
        projection: 'full',
        fields: 'isEnrolledIn2Sv, isEnforcedIn2Sv',
        providerTotal: NO_TOTALS,
      },
    },
    classifier(scope, 'users (for 2-Step Verification)'),
    async (out) => {
      const outcome = await users;
      if (!outcome.ok) throw outcome.error;
      for (const user of outcome.value) await out.add(userToTwoStep(user));
      return {};
    },
  );
}

async function syncGroups(scope: Scope, publish: (groups: Outcome<GoogleGroup[]>) => void): Promise<void> {
  const { session } = scope;
  const customer = session.target.customer;
  const collected: GoogleGroup[] = [];
  let failure: unknown = null;
  await runDataset(
    scope.channel,
    {
      dataset: 'google.groups',
      entity: 'groups',
      endpoint: `GET ${BASE}/groups`,
      query: { customer, maxResults: '200', providerTotal: NO_TOTALS },
    },
    classifier(scope, 'groups'),
    async (out) => {
      try {
        for await (const raw of listPages(session, 'groups', (pageToken) =>
          session.call('readonly', 'groups', (api) =>
            api.groups.list({ customer, maxResults: 200, pageToken }, { retry: false }),
          ),
        )) {
          const page = parseGoogle(groupsPageSchema, raw, 'a page of groups');
          for (const item of page.groups ?? []) {
            const group = parseGoogle(googleGroupSchema, item, 'a group');
            collected.push(group);
            await out.add(groupToRecord(group));
          }
        }
      } catch (error) {
        failure = error;
        throw error;
      }
      return {};
    },
  );
  publish(failure === null ? { ok: true, value: collected } : { ok: false, error: failure });
}

function isConnectionLevel(error: unknown, context: FailureContext): boolean {
  const { errorClass } = classifyGoogleFailure(error, '', context);
  return (
    errorClass === 'failed_authentication' ||
    errorClass === 'missing_permissions' ||
    errorClass === 'rate_limited'
  );
}

/** Reads children of many parents; a parent that fails is noted and the rest go on (unless the credential is at fault). */
async function readChildren<P>(
  scope: Scope,
  parents: readonly P[],
  out: Pick<DatasetWriter<'group_members'>, 'problems'>,
  describe: (parent: P) => string,
  read: (parent: P) => Promise<void>,
): Promise<void> {
  const failed: string[] = [];
  await forEachConcurrent(parents, scope.session.policy.fanOut, async (parent) => {
    try {
      await read(parent);
    } catch (error) {
      if (isConnectionLevel(error, scope.context)) throw error;
      failed.push(
        `${describe(parent)}: ${classifyGoogleFailure(error, describe(parent), scope.context).message}`,
      );
    }
  });
  if (failed.length) {
    const shown = failed.slice(0, 3).join('; ');
    out.problems.push(
      `${failed.length} of ${parents.length} could not be read (${shown}${failed.length > 3 ? '; …' : ''}).`,
    );
  }
}

async function syncMembers(scope: Scope, groups: Promise<Outcome<GoogleGroup[]>>): Promise<void> {
  const { session } = scope;
  await runDataset(
    scope.channel,
    {
      dataset: 'google.group_members',
      entity: 'group_members',
      endpoint: `GET ${BASE}/groups/{groupKey}/members`,
      query: {
        maxResults: '200',
        includeDerivedMembership: 'false (direct members: users, nested groups, the whole customer)',
      },
    },
    classifier(scope, 'group members'),
    async (out) => {
      const outcome = await groups;
      if (!outcome.ok) throw outcome.error;
      let reported = 0;
      let everyGroupReported = true;
      const mismatched: string[] = [];
      await readChildren(
        scope,
        outcome.value,
        out,
        (g) => `group ${g.email}`,
        async (group) => {
          let listed = 0;
          for await (const raw of listPages(session, `members of ${group.email}`, (pageToken) =>
            session.call('readonly', `members of ${group.email}`, (api) =>
              api.members.list({ groupKey: group.id, maxResults: 200, pageToken }, { retry: false }),
            ),
          )) {
            const page = parseGoogle(membersPageSchema, raw, 'a page of group members');
            for (const item of page.members ?? []) {
              const member = parseGoogle(googleMemberSchema, item, 'a group member');
              listed++;
              await out.add(memberToRecord(group.id, member));
            }
          }
          const count = groupToRecord(group).reportedMemberCount;
          if (count === null) everyGroupReported = false;
          else {
            reported += count;
            if (count !== listed) mismatched.push(`${group.email}: ${listed} listed, ${count} reported`);
          }
        },
      );
      if (mismatched.length) {
        out.problems.push(
          `Groups report ${reported} direct members in all (directMembersCount) but ${out.rows} were listed; ` +
            `${mismatched.length} group(s) differ (${mismatched.slice(0, 3).join('; ')}${mismatched.length > 3 ? '; …' : ''}).`,
        );
      }
      return { reportedCount: everyGroupReported ? reported : null };
    },
  );
}

async function syncRoles(scope: Scope, publish: (roles: Map<string, GoogleRole>) => void): Promise<void> {
  const { session } = scope;
  const customer = session.target.customer;
  const roles = new Map<string, GoogleRole>();
  try {
    await runDataset(
      scope.channel,
      {
        dataset: 'google.roles',
        entity: 'roles',
        endpoint: `GET ${BASE}/customer/${customer}/roles`,
        query: { maxResults: '100', providerTotal: NO_TOTALS },
      },
      classifier(scope, 'admin roles'),
      async (out) => {
        for await (const raw of listPages(session, 'admin roles', (pageToken) =>
          session.call('readonly', 'admin roles', (api) =>
            api.roles.list({ customer, maxResults: 100, pageToken }, { retry: false }),
          ),
        )) {
          const page = parseGoogle(itemsPageSchema, raw, 'a page of admin roles');
          for (const item of page.items ?? []) {
            const role = parseGoogle(googleRoleSchema, item, 'an admin role');
            roles.set(role.roleId, role);
            await out.add(roleToRecord(role));
          }
        }
        return {};
      },
    );
  } finally {
    publish(roles);
  }
}

async function syncRoleAssignments(scope: Scope, roles: Promise<Map<string, GoogleRole>>): Promise<void> {
  const { session } = scope;
  const customer = session.target.customer;
  await runDataset(
    scope.channel,
    {
      dataset: 'google.role_assignments',
      entity: 'admin_roles',
      endpoint: `GET ${BASE}/customer/${customer}/roleassignments`,
      query: { maxResults: '200', providerTotal: NO_TOTALS },
    },
    classifier(scope, 'admin role assignments'),
    async (out) => {
      const byId = await roles;
      for await (const raw of listPages(session, 'admin role assignments', (pageToken) =>
        session.call('readonly', 'admin role assignments', (api) =>
          api.roleAssignments.list({ customer, maxResults: 200, pageToken }, { retry: false }),
        ),
      )) {
        const page = parseGoogle(itemsPageSchema, raw, 'a page of role assignments');
        for (const item of page.items ?? []) {
          await out.add(
            assignmentToRecord(parseGoogle(googleRoleAssignmentSchema, item, 'a role assignment'), byId),
          );
        }
      }
      return {};
    },
  );
}

async function syncTokens(scope: Scope, users: Promise<Outcome<GoogleUser[]>>): Promise<void> {
  const { session } = scope;
  await runDataset(
    scope.channel,
    {
      dataset: 'google.oauth_tokens',
      entity: 'credentials',
      endpoint: `GET ${BASE}/users/{userKey}/tokens`,
      query: { scope: SCOPES.security, perUser: 'one call per user (not paged)', providerTotal: NO_TOTALS },
    },
    (error) => classifyTokensFailure(error, scope.context),
    async (out) => {
      // Its own assertion first: a refused scope must fail this dataset alone, and before any user is read.
      await session.token('security');
      const outcome = await users;
      if (!outcome.ok) throw outcome.error;
      await readChildren(
        scope,
        outcome.value,
        out,
        (u) => `user ${u.primaryEmail}`,
        async (user) => {
          let body: unknown;
          try {
            body = await session.call('security', `OAuth tokens of ${user.primaryEmail}`, (api) =>
              api.tokens.list({ userKey: user.id }, { retry: false }),
            );
          } catch (error) {
            // Deleted since the user listing: it holds no tokens any more.
            const apiError = toApiError(error, 'tokens');
            if (
              apiError instanceof GoogleApiError &&
              apiError.status === 404 &&
              apiError.reason === 'notFound'
            )
              return;
            throw error;
          }
          const page = parseGoogle(itemsPageSchema, body, 'a token list');
          for (const item of page.items ?? [])
            await out.add(tokenToCredential(user, parseGoogle(googleTokenSchema, item, 'an OAuth token')));
        },
      );
      return {};
    },
  );
}
