// A full Jira Cloud sync: every account (Atlassian, app and customer, active or not), groups and their
// members (inactive users included), projects, and for each project the actors of each role (users and
// groups) as resource grants. Totals come from Jira's PageBeans; `users/search` reports none.
import type { ResourceGrantRecord } from '../../../../src-shared/datasets.ts';
import { forEachConcurrent } from '../concurrency.ts';
import { runDataset } from '../dataset-runner.ts';
import { EventChannel } from '../event-channel.ts';
import type { ConnectorContext, SyncEvent } from '../types.ts';
import { JiraClient, syncPolicy, type JiraPolicy } from './jira-client.ts';
import { parseJiraTarget } from './jira-config.ts';
import { classifyJiraFailure } from './jira-errors.ts';
import {
  jiraGroup,
  jiraProject,
  jiraRole,
  jiraRoleMap,
  jiraUser,
  type JiraGroup,
  type JiraProject,
} from './jira-schemas.ts';

interface State {
  client: JiraClient;
  channel: EventChannel<SyncEvent>;
  groups: JiraGroup[] | null;
  projects: JiraProject[] | null;
}

const classify = (error: unknown) => classifyJiraFailure(error);

/** Vouch's level for Jira's default project roles; custom roles are not placed (null). */
function roleLevel(name: string): 'admin' | 'write' | 'read' | null {
  const n = name.toLowerCase();
  if (n === 'administrators') return 'admin';
  if (n === 'member' || n === 'developers' || n === 'atlassian-addons-project-access') return 'write';
  if (n === 'viewer' || n === 'users') return 'read';
  return null;
}

async function syncUsers(state: State): Promise<void> {
  await runDataset(
    state.channel,
    { dataset: 'jira.users', entity: 'accounts', endpoint: '/rest/api/3/users/search', query: {} },
    classify,
    async (out) => {
      const seen = new Set<string>();
      for await (const page of state.client.userPages()) {
        for (const item of page) {
          const user = jiraUser.parse(item);
          // Pages may overlap when accounts are added during the sync; one row per account.
          if (seen.has(user.accountId)) continue;
          seen.add(user.accountId);
          await out.add({
            externalId: user.accountId,
            login: null,
            email: user.emailAddress ?? null,
            displayName: user.displayName ?? null,
            status: user.active ? 'active' : 'inactive',
            createdAt: null,
            lastLoginAt: null,
            attributes: {
              account_type: user.accountType,
              // Jira hides the address when the person's profile says so; linking then needs an anchor.
              email_visible: user.emailAddress !== undefined,
              time_zone: user.timeZone ?? null,
            },
          });
        }
      }
      // users/search reports no total: the provenance says the count is not reported.
      return { reportedCount: null };
    },
  );
}

async function groups(state: State): Promise<{ groups: JiraGroup[]; total: number | null }> {
  const list: JiraGroup[] = [];
  let total: number | null = null;
  for await (const page of state.client.pageBean('/group/bulk')) {
    total = page.total;
    for (const item of page.values) list.push(jiraGroup.parse(item));
  }
  state.groups = list;
  return { groups: list, total };
}

async function syncGroups(state: State): Promise<void> {
  await runDataset(
    state.channel,
    { dataset: 'jira.groups', entity: 'groups', endpoint: '/rest/api/3/group/bulk', query: {} },
    classify,
    async (out) => {
      const { groups: list, total } = await groups(state);
      for (const group of list) {
        await out.add({
          externalId: group.groupId,
          name: group.name,
          description: null,
          type: 'jira',
          reportedMemberCount: null,
        });
      }
      return { reportedCount: total };
    },
  );
}

async function syncGroupMembers(state: State): Promise<void> {
  await runDataset(
    state.channel,
    {
      dataset: 'jira.group_members',
      entity: 'group_members',
      endpoint: '/rest/api/3/group/member',
      query: { includeInactiveUsers: 'true' },
    },
    classify,
    async (out) => {
      const list = state.groups ?? (await groups(state)).groups;
      let reported: number | null = 0;
      await forEachConcurrent(list, state.client.policy.concurrency, async (group) => {
        let first = true;
        for await (const page of state.client.pageBean('/group/member', {
          groupId: group.groupId,
          includeInactiveUsers: 'true',
        })) {
          // The first page's total counts the whole group; a group without one leaves the sum unknown.
          if (first) reported = reported === null || page.total === null ? null : reported + page.total;
          first = false;
          for (const item of page.values) {
            await out.add({
              groupExternalId: group.groupId,
              accountExternalId: jiraUser.parse(item).accountId,
            });
          }
        }
      });
      return { reportedCount: reported, endpoints: ['/rest/api/3/group/bulk', '/rest/api/3/group/member'] };
    },
  );
}

async function syncProjects(state: State): Promise<void> {
  await runDataset(
    state.channel,
    { dataset: 'jira.projects', entity: 'resources', endpoint: '/rest/api/3/project/search', query: {} },
    classify,
    async (out) => {
      const list: JiraProject[] = [];
      let total: number | null = null;
      for await (const page of state.client.pageBean('/project/search', { orderBy: 'key' })) {
        total = page.total;
        for (const item of page.values) {
          const project = jiraProject.parse(item);
          list.push(project);
          await out.add({
            externalId: project.id,
            type: 'project',
            name: project.key,
            parentExternalId: null,
            visibility: project.isPrivate === undefined ? null : project.isPrivate ? 'private' : 'site',
            status: project.deleted ? 'deleted' : project.archived ? 'archived' : 'active',
            createdAt: null,
            attributes: {
              display_name: project.name,
              project_type: project.projectTypeKey ?? null,
              style: project.style ?? null,
            },
          });
        }
      }
      state.projects = list;
      return { reportedCount: total };
    },
  );
}

async function syncRoleActors(state: State): Promise<void> {
  await runDataset(
    state.channel,
    {
      dataset: 'jira.project_role_actors',
      entity: 'resource_grants',
      endpoint: '/rest/api/3/project/{key}/role/{id}',
      query: {},
    },
    classify,
    async (out) => {
      if (state.projects === null)
        throw new Error('The project list could not be read, so no project roles were.');
      await forEachConcurrent(state.projects, state.client.policy.concurrency, async (project) => {
        const roles = jiraRoleMap.parse(
          await state.client.get(`/project/${encodeURIComponent(project.key)}/role`),
        );
        for (const url of Object.values(roles)) {
          const roleId = /\/role\/(\d+)$/.exec(url)?.[1];
          if (!roleId) continue;
          const role = jiraRole.parse(
            await state.client.get(`/project/${encodeURIComponent(project.key)}/role/${roleId}`),
          );
          for (const actor of role.actors) {
            const group = actor.actorGroup;
            const user = actor.actorUser;
            if (!group && !user) continue;
            const record: ResourceGrantRecord = {
              resourceType: 'project',
              resourceExternalId: project.id,
              resourceName: project.key,
              principalType: user ? 'user' : 'group',
              principalExternalId: user ? user.accountId : (group?.groupId ?? group?.name ?? ''),
              principalName: user ? (actor.displayName ?? null) : (group?.name ?? actor.displayName ?? null),
              permission: role.name,
              accessLevel: roleLevel(role.name),
              via: 'role',
              viaExternalId: String(role.id),
              expiresAt: null,
              attributes: { actor_type: actor.type },
            };
            await out.add(record);
          }
        }
      });
      // Jira gives no count of role actors.
      return {
        reportedCount: null,
        endpoints: ['/rest/api/3/project/{key}/role', '/rest/api/3/project/{key}/role/{id}'],
      };
    },
  );
}

export function syncJira(ctx: ConnectorContext, policy: JiraPolicy = syncPolicy): AsyncIterable<SyncEvent> {
  const channel = new EventChannel<SyncEvent>(64);
  const run = async () => {
    const parsed = parseJiraTarget(ctx.config);
    if (!parsed.ok) throw new Error(parsed.problem);
    const client = JiraClient.open(ctx, parsed.target, policy);
    const state: State = { client, channel, groups: null, projects: null };
    try {
      await syncUsers(state);
      await syncGroups(state);
      await syncGroupMembers(state);
      await syncProjects(state);
      await syncRoleActors(state);
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
