// The organization datasets of a GitHub sync: its settings (and the token's context every other dataset
// waits for), teams, team members, and who may do what on each repository.
import { runDataset } from '../dataset-runner.ts';
import { orgSettingRows } from './github-org-settings.ts';
import {
  basePermissionLevel,
  collaboratorPermission,
  collaboratorSchema,
  repoSchema,
  repoTeamSchema,
  simpleUserSchema,
  teamPermission,
  teamSchema,
  teamToGroup,
  type Repo,
  type Team,
} from './github-records.ts';
import {
  classifier,
  collect,
  listItems,
  orgContext,
  readChildren,
  type SyncScope,
} from './github-sync-scope.ts';
import { readOrgContext, type OrgContext } from './github-viewer.ts';

const notOwnerTeamsNote =
  "The token's user is not an organization owner: secret teams it is not on are not listed.";
const notOwnerReposNote =
  "The token's user is not an organization owner: private repositories it has no access to are not listed.";

export async function syncOrgSettings(scope: SyncScope): Promise<void> {
  const { facts, session } = scope;
  await runDataset(
    scope.channel,
    { dataset: 'github.org_settings', entity: 'source_settings', endpoint: 'GET /orgs/{org}', query: {} },
    classifier(scope, 'the organization settings'),
    async (out) => {
      let context: OrgContext;
      try {
        context = await readOrgContext(session);
        facts.context.set({ ok: true, value: context });
      } catch (error) {
        facts.context.set({ ok: false, error });
        throw error;
      }
      const directory = await facts.directory.get();
      const { rows, hidden } = orgSettingRows(context.org, directory?.saml ?? null);
      for (const row of rows) await out.add(row);
      if (hidden.length) {
        out.problems.push(
          `${hidden.length} of ${rows.length} settings are not visible to this token (${hidden.join(', ')}).`,
        );
      }
      return {
        endpoints: [
          'GET /user',
          'GET /orgs/{org}',
          'GET /orgs/{org}/memberships/{username}',
          'POST /graphql organization.samlIdentityProvider (read with github.members)',
        ],
      };
    },
  );
}

export async function syncTeams(scope: SyncScope): Promise<void> {
  const { facts, session } = scope;
  await runDataset(
    scope.channel,
    {
      dataset: 'github.teams',
      entity: 'groups',
      endpoint: 'GET /orgs/{org}/teams',
      query: { per_page: '100' },
    },
    classifier(scope, 'the teams'),
    async (out) => {
      try {
        const context = await orgContext(scope);
        const teams: Team[] = [];
        for await (const team of listItems(
          session,
          'GET /orgs/{org}/teams',
          { org: session.target.org },
          teamSchema,
        )) {
          teams.push(team);
          await out.add(teamToGroup(team));
        }
        facts.teams.set(teams);
        if (context.viewerRole !== 'owner') out.problems.push(notOwnerTeamsNote);
        return {};
      } finally {
        facts.teams.set(null);
      }
    },
  );
}

export async function syncTeamMembers(scope: SyncScope): Promise<void> {
  const { facts, session } = scope;
  await runDataset(
    scope.channel,
    {
      dataset: 'github.team_members',
      entity: 'group_members',
      endpoint: 'GET /orgs/{org}/teams/{team_slug}/members',
      query: { per_page: '100' },
    },
    classifier(scope, 'the team members'),
    async (out) => {
      const context = await orgContext(scope);
      const teams = await facts.teams.get();
      if (!teams) {
        out.problems.push('The team list could not be read, so no team memberships were collected.');
        return {};
      }
      const org = session.target.org;
      // GitHub lists the members of child teams as members of the parent team too.
      await readChildren(
        scope,
        teams,
        out,
        'teams',
        (team) => `the members of team ${team.slug}`,
        async (team) => {
          const route = 'GET /orgs/{org}/teams/{team_slug}/members';
          for await (const user of listItems(
            session,
            route,
            { org, team_slug: team.slug },
            simpleUserSchema,
          )) {
            await out.add({ groupExternalId: String(team.id), accountExternalId: String(user.id) });
          }
        },
      );
      if (context.viewerRole !== 'owner') out.problems.push(notOwnerTeamsNote);
      return {};
    },
  );
}

function orgWideRows(context: OrgContext, repo: Repo, org: string) {
  const rows = [];
  const base = context.org.default_repository_permission;
  const level = typeof base === 'string' ? basePermissionLevel[base] : null;
  if (level) {
    rows.push({
      repoExternalId: String(repo.id),
      repoName: repo.full_name,
      principalType: 'org' as const,
      principalExternalId: context.orgId,
      principalName: `every member of ${org}`,
      permission: level,
      roleName: base as string,
      via: 'org_base' as const,
    });
  }
  rows.push({
    repoExternalId: String(repo.id),
    repoName: repo.full_name,
    principalType: 'org' as const,
    principalExternalId: context.orgId,
    principalName: `owners of ${org} (github.admin_roles)`,
    permission: 'admin',
    roleName: 'admin',
    via: 'org_owner' as const,
  });
  return rows;
}

export async function syncRepoPermissions(scope: SyncScope): Promise<void> {
  const { session } = scope;
  await runDataset(
    scope.channel,
    {
      dataset: 'github.repo_permissions',
      entity: 'repo_permissions',
      endpoint: 'GET /repos/{owner}/{repo}/collaborators',
      query: { affiliation: 'direct', per_page: '100' },
    },
    classifier(scope, 'the repositories'),
    async (out) => {
      const context = await orgContext(scope);
      const org = session.target.org;
      const repos = await collect(
        listItems(session, 'GET /orgs/{org}/repos', { org, type: 'all' }, repoSchema),
      );
      await readChildren(
        scope,
        repos,
        out,
        'repositories',
        (repo) => `the collaborators and teams of ${repo.full_name}`,
        async (repo) => {
          const params = { owner: org, repo: repo.name };
          const collaborators = 'GET /repos/{owner}/{repo}/collaborators';
          for await (const user of listItems(
            session,
            collaborators,
            { ...params, affiliation: 'direct' },
            collaboratorSchema,
          )) {
            await out.add(collaboratorPermission(repo, user));
          }
          for await (const team of listItems(
            session,
            'GET /repos/{owner}/{repo}/teams',
            params,
            repoTeamSchema,
          )) {
            await out.add(teamPermission(repo, team));
          }
        },
      );
      for (const repo of repos) for (const row of orgWideRows(context, repo, org)) await out.add(row);
      if (!('default_repository_permission' in context.org)) {
        out.problems.push(
          "The organization's base permission is not visible to this token, so the access every member has through it is not listed.",
        );
      }
      if (context.viewerRole !== 'owner') out.problems.push(notOwnerReposNote);
      return {
        endpoints: [
          'GET /orgs/{org}/repos?type=all&per_page=100',
          'GET /repos/{owner}/{repo}/collaborators?affiliation=direct&per_page=100',
          'GET /repos/{owner}/{repo}/teams?per_page=100',
          'GET /orgs/{org} (default_repository_permission)',
        ],
      };
    },
  );
}
