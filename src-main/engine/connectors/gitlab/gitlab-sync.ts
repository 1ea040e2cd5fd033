// A full GitLab sync of one group tree: the group and its subgroups and projects (resources), who can
// reach each group and each project with which access level (resource grants: GitLab's `members/all`,
// each row placed as direct or inherited through the group that holds it), and the instance's users
// (accounts) when the token belongs to an administrator of a self-managed instance. Without that, the
// users dataset holds the people found in the member lists and is partial, saying why.
import type { ResourceGrantRecord, ResourceRecord } from '../../../../src-shared/datasets.ts';
import { forEachConcurrent } from '../concurrency.ts';
import { runDataset, type DatasetWriter } from '../dataset-runner.ts';
import { EventChannel } from '../event-channel.ts';
import type { ConnectorContext, SyncEvent } from '../types.ts';
import { GitLabApiError, GitLabClient, syncPolicy, type GitLabPolicy } from './gitlab-client.ts';
import { parseGitLabTarget, type GitLabTarget } from './gitlab-config.ts';
import { GitLabGroupNotFoundError, classifyGitLabFailure } from './gitlab-errors.ts';
import {
  accessLevelNames,
  gitlabAdminUser,
  gitlabCurrentUser,
  gitlabGroup,
  gitlabMember,
  gitlabProject,
  normalisedAccess,
  type GitLabGroup,
  type GitLabMember,
  type GitLabProject,
} from './gitlab-schemas.ts';
import { adminAccount, memberAccount } from './gitlab-records.ts';

interface Tree {
  top: GitLabGroup;
  groups: GitLabGroup[];
  /** descendant_groups' X-Total plus the top group, null when GitLab did not count. */
  groupTotal: number | null;
}

interface SyncState {
  client: GitLabClient;
  target: GitLabTarget;
  channel: EventChannel<SyncEvent>;
  tree: Promise<Tree> | null;
  projects: GitLabProject[];
  /** Direct memberships: group id → user id → access level. */
  directGroup: Map<number, Map<number, number>>;
  /** Everyone seen in a member list, for the users dataset when the instance's list is out of reach. */
  seenMembers: Map<number, GitLabMember>;
}

const tokenSettings = (target: GitLabTarget) => `${target.baseUrl}/-/user_settings/personal_access_tokens`;

async function loadTree(state: SyncState): Promise<Tree> {
  const { client, target } = state;
  const path = target.group ?? '';
  let top: GitLabGroup;
  try {
    top = gitlabGroup.parse(await client.get(`/groups/${encodeURIComponent(path)}`));
  } catch (error) {
    if (error instanceof GitLabApiError && error.status === 404) {
      throw new GitLabGroupNotFoundError(
        `GitLab has no group "${path}" that this token's user can see (404 Group Not Found).`,
      );
    }
    throw error;
  }
  const groups = [top];
  let total: number | null = null;
  for await (const page of client.pages(`/groups/${top.id}/descendant_groups`, {
    order_by: 'id',
    sort: 'asc',
  })) {
    total = page.total;
    for (const item of page.items) groups.push(gitlabGroup.parse(item));
  }
  return { top, groups, groupTotal: total === null ? null : total + 1 };
}

function tree(state: SyncState): Promise<Tree> {
  state.tree ??= loadTree(state);
  return state.tree;
}

const isBot = (username: string) =>
  /^(project|group)_\d+_bot(_[0-9a-f]+)?$/i.test(username) || /_bot$/i.test(username);

async function syncProjects(state: SyncState): Promise<void> {
  const { client, channel, target } = state;
  await runDataset(
    channel,
    {
      dataset: 'gitlab.projects',
      entity: 'resources',
      endpoint: '/api/v4/groups/:id/projects',
      query: { include_subgroups: 'true', with_shared: 'false' },
    },
    (error) => classifyGitLabFailure(error, tokenSettings(target)),
    async (out: DatasetWriter<'resources'>) => {
      const { groups, groupTotal } = await tree(state);
      for (const group of groups) {
        await out.add(groupResource(group));
      }
      let projectTotal: number | null = null;
      for await (const page of client.pages(`/groups/${groups[0]?.id ?? 0}/projects`, {
        include_subgroups: 'true',
        with_shared: 'false',
        order_by: 'id',
        sort: 'asc',
      })) {
        projectTotal = page.total;
        for (const item of page.items) {
          const project = gitlabProject.parse(item);
          state.projects.push(project);
          await out.add(projectResource(project));
        }
      }
      return {
        reportedCount: groupTotal === null || projectTotal === null ? null : groupTotal + projectTotal,
        endpoints: [
          '/api/v4/groups/:id',
          '/api/v4/groups/:id/descendant_groups',
          '/api/v4/groups/:id/projects',
        ],
      };
    },
  );
}

function groupResource(group: GitLabGroup): ResourceRecord {
  return {
    externalId: String(group.id),
    type: 'group',
    name: group.full_path,
    parentExternalId: group.parent_id === null ? null : String(group.parent_id),
    visibility: group.visibility ?? null,
    status: group.marked_for_deletion_on ? 'pending_deletion' : 'active',
    createdAt: group.created_at ?? null,
    attributes: {
      display_name: group.full_name ?? group.name,
      web_url: group.web_url ?? null,
      require_two_factor_authentication: group.require_two_factor_authentication ?? null,
    },
  };
}

function projectResource(project: GitLabProject): ResourceRecord {
  return {
    externalId: String(project.id),
    type: 'project',
    name: project.path_with_namespace,
    parentExternalId: String(project.namespace.id),
    visibility: project.visibility ?? null,
    status: project.marked_for_deletion_on ? 'pending_deletion' : project.archived ? 'archived' : 'active',
    createdAt: project.created_at ?? null,
    attributes: {
      display_name: project.name,
      web_url: project.web_url ?? null,
      default_branch: project.default_branch ?? null,
      last_activity_at: project.last_activity_at ?? null,
    },
  };
}

/** Reads a member list page by page; returns its rows and GitLab's count of them. */
async function members(
  client: GitLabClient,
  path: string,
): Promise<{ rows: GitLabMember[]; total: number | null }> {
  const rows: GitLabMember[] = [];
  let total: number | null = null;
  for await (const page of client.pages(path)) {
    total = page.total;
    for (const item of page.items) rows.push(gitlabMember.parse(item));
  }
  return { rows, total };
}

/** Where an effective membership comes from: the nearest holder, in order, with that access level. */
function placeGrant(
  member: GitLabMember,
  holders: Array<{ id: string; direct: Map<number, number> | undefined }>,
  outside: string | null,
): { via: 'direct' | 'inherited'; viaExternalId: string | null; resolved: boolean } {
  for (const [i, holder] of holders.entries()) {
    if (holder.direct?.get(member.id) === member.access_level) {
      return i === 0
        ? { via: 'direct', viaExternalId: null, resolved: true }
        : { via: 'inherited', viaExternalId: holder.id, resolved: true };
    }
  }
  // Held above the configured group, or through a group the resource is shared with.
  return { via: 'inherited', viaExternalId: outside, resolved: false };
}

function grant(
  resourceType: 'group' | 'project',
  resourceId: number,
  resourceName: string,
  member: GitLabMember,
  placed: { via: 'direct' | 'inherited'; viaExternalId: string | null; resolved: boolean },
): ResourceGrantRecord {
  return {
    resourceType,
    resourceExternalId: String(resourceId),
    resourceName,
    principalType: isBot(member.username) ? 'service_account' : 'user',
    principalExternalId: String(member.id),
    principalName: member.username,
    permission: accessLevelNames[member.access_level] ?? `access level ${member.access_level}`,
    accessLevel: normalisedAccess(member.access_level),
    via: placed.via,
    viaExternalId: placed.viaExternalId,
    expiresAt: member.expires_at ?? null,
    attributes: {
      access_level: member.access_level,
      user_state: member.state,
      membership_state: member.membership_state ?? null,
      ...(placed.resolved ? {} : { source_outside_scope: true }),
    },
  };
}

function chainOf(groupId: number, byId: Map<number, GitLabGroup>): GitLabGroup[] {
  const chain: GitLabGroup[] = [];
  let current = byId.get(groupId);
  while (current) {
    chain.push(current);
    current = current.parent_id === null ? undefined : byId.get(current.parent_id);
  }
  return chain;
}

function addTotal(sum: number | null, total: number | null): number | null {
  return sum === null || total === null ? null : sum + total;
}

async function syncGroupMembers(state: SyncState): Promise<void> {
  const { client, channel, target } = state;
  await runDataset(
    channel,
    {
      dataset: 'gitlab.group_members',
      entity: 'resource_grants',
      endpoint: '/api/v4/groups/:id/members/all',
      query: {},
    },
    (error) => classifyGitLabFailure(error, tokenSettings(target)),
    async (out: DatasetWriter<'resource_grants'>) => {
      const { groups, top } = await tree(state);
      const byId = new Map(groups.map((g) => [g.id, g]));
      const all = new Map<number, GitLabMember[]>();
      let reported: number | null = 0;
      await forEachConcurrent(groups, client.policy.concurrency, async (group) => {
        const direct = await members(client, `/groups/${group.id}/members`);
        state.directGroup.set(group.id, new Map(direct.rows.map((m) => [m.id, m.access_level])));
        const effective = await members(client, `/groups/${group.id}/members/all`);
        reported = addTotal(reported, effective.total);
        all.set(group.id, effective.rows);
      });
      const outside = top.parent_id === null ? null : String(top.parent_id);
      for (const group of groups) {
        const holders = chainOf(group.id, byId).map((g) => ({
          id: String(g.id),
          direct: state.directGroup.get(g.id),
        }));
        for (const member of all.get(group.id) ?? []) {
          if (!state.seenMembers.has(member.id)) state.seenMembers.set(member.id, member);
          await out.add(
            grant('group', group.id, group.full_path, member, placeGrant(member, holders, outside)),
          );
        }
      }
      return {
        reportedCount: reported,
        endpoints: ['/api/v4/groups/:id/members', '/api/v4/groups/:id/members/all'],
      };
    },
  );
}

async function syncProjectMembers(state: SyncState): Promise<void> {
  const { client, channel, target } = state;
  await runDataset(
    channel,
    {
      dataset: 'gitlab.project_members',
      entity: 'resource_grants',
      endpoint: '/api/v4/projects/:id/members/all',
      query: {},
    },
    (error) => classifyGitLabFailure(error, tokenSettings(target)),
    async (out: DatasetWriter<'resource_grants'>) => {
      const { groups, top } = await tree(state);
      const byId = new Map(groups.map((g) => [g.id, g]));
      // Group direct memberships come from the group dataset; read them here if it could not.
      for (const group of groups) {
        if (!state.directGroup.has(group.id)) {
          const direct = await members(client, `/groups/${group.id}/members`);
          state.directGroup.set(group.id, new Map(direct.rows.map((m) => [m.id, m.access_level])));
        }
      }
      const outside = top.parent_id === null ? null : String(top.parent_id);
      let reported: number | null = 0;
      await forEachConcurrent(state.projects, client.policy.concurrency, async (project) => {
        const direct = await members(client, `/projects/${project.id}/members`);
        const effective = await members(client, `/projects/${project.id}/members/all`);
        reported = addTotal(reported, effective.total);
        const holders = [
          { id: String(project.id), direct: new Map(direct.rows.map((m) => [m.id, m.access_level])) },
          ...chainOf(project.namespace.id, byId).map((g) => ({
            id: String(g.id),
            direct: state.directGroup.get(g.id),
          })),
        ];
        for (const member of effective.rows) {
          if (!state.seenMembers.has(member.id)) state.seenMembers.set(member.id, member);
          await out.add(
            grant(
              'project',
              project.id,
              project.path_with_namespace,
              member,
              placeGrant(member, holders, outside),
            ),
          );
        }
      });
      return {
        reportedCount: reported,
        endpoints: [
          '/api/v4/groups/:id/projects',
          '/api/v4/projects/:id/members',
          '/api/v4/projects/:id/members/all',
        ],
      };
    },
  );
}

async function syncUsers(state: SyncState): Promise<void> {
  const { client, channel, target } = state;
  await runDataset(
    channel,
    {
      dataset: 'gitlab.users',
      entity: 'accounts',
      endpoint: '/api/v4/users',
      query: { pagination: 'keyset', order_by: 'id' },
    },
    (error) => classifyGitLabFailure(error, tokenSettings(target)),
    async (out: DatasetWriter<'accounts'>) => {
      const me = gitlabCurrentUser.parse(await client.get('/user'));
      const why = target.saas
        ? 'gitlab.com lists no instance users to customers'
        : me.is_admin === true
          ? null
          : `the token's user (${me.username}) is not an administrator of this instance`;
      if (why !== null) {
        // Not evaluable as a population: say so, and still give the people found in member lists.
        for (const member of [...state.seenMembers.values()].sort((a, b) => a.id - b.id)) {
          await out.add(memberAccount(member));
        }
        out.problems.push(
          `Instance users are not evaluable: ${why}. The rows are the ${state.seenMembers.size} people found in the member lists of ${target.group ?? 'the group'} and its projects; blocked, deactivated, bot and administrator flags of the instance are not visible to this token.`,
        );
        if (!target.saas) out.errorClass = 'missing_permissions';
        return {
          reportedCount: null,
          endpoints: ['/api/v4/user', '/api/v4/groups/:id/members/all', '/api/v4/projects/:id/members/all'],
        };
      }
      // Keyset paging reports no total: count with one offset page first (absent past 10,000 users).
      let reported: number | null = null;
      for await (const page of client.pages('/users', { per_page: '1' })) {
        reported = page.total;
        break;
      }
      for await (const page of client.pages('/users', {
        pagination: 'keyset',
        order_by: 'id',
        sort: 'asc',
      })) {
        for (const item of page.items) await out.add(adminAccount(gitlabAdminUser.parse(item)));
      }
      return { reportedCount: reported, endpoints: ['/api/v4/user', '/api/v4/users'] };
    },
  );
}

export function syncGitLab(
  ctx: ConnectorContext,
  policy: GitLabPolicy = syncPolicy,
): AsyncIterable<SyncEvent> {
  const channel = new EventChannel<SyncEvent>(64);
  const run = async () => {
    const parsed = parseGitLabTarget(ctx.config);
    if (!parsed.ok) throw new Error(parsed.problem);
    const client = GitLabClient.open(ctx, parsed.target, policy);
    const state: SyncState = {
      client,
      target: parsed.target,
      channel,
      tree: null,
      projects: [],
      directGroup: new Map(),
      seenMembers: new Map(),
    };
    try {
      // In order: project members need the projects; users fall back on the people member lists found.
      await syncProjects(state);
      await syncGroupMembers(state);
      await syncProjectMembers(state);
      await syncUsers(state);
    } finally {
      await client.close();
    }
  };
  run().then(
    () => channel.close(),
    (error: unknown) => channel.fail(error),
  );
  return channel;
}
