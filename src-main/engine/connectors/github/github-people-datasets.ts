// The people datasets of a GitHub sync: organization owners (admin roles), members with their role, 2FA
// status and SAML identity, outside collaborators, and the two-factor check over both.
import { runDataset } from '../dataset-runner.ts';
import { readOrgDirectory, type OrgDirectory } from './github-directory.ts';
import { classifyGitHubFailure, isOwnersOnlyRefusal } from './github-errors.ts';
import {
  memberToAccount,
  outsideCollaboratorToAccount,
  ownerRole,
  publicUserSchema,
  simpleUserSchema,
  twoFactorResult,
  type PublicUser,
} from './github-records.ts';
import {
  classifier,
  collect,
  isConnectionLevel,
  listItems,
  orgContext,
  readChildren,
  twoFactorOf,
  type SyncScope,
} from './github-sync-scope.ts';

const concealedMembersNote =
  'The token cannot read concealed members (it needs read:org, or Members: read, of an org member), so GitHub listed only members who made their membership public.';
const twoFactorNotEvaluable =
  'Not evaluable: requires an organization owner\'s token (GitHub answered "Only owners can use this filter.").';

export async function syncAdminRoles(scope: SyncScope): Promise<void> {
  const { facts, session } = scope;
  await runDataset(
    scope.channel,
    {
      dataset: 'github.admin_roles',
      entity: 'admin_roles',
      endpoint: 'GET /orgs/{org}/members',
      query: { role: 'admin', per_page: '100' },
    },
    classifier(scope, 'the organization owners'),
    async (out) => {
      try {
        const context = await orgContext(scope);
        const owners = new Set<number>();
        const org = session.target.org;
        for await (const user of listItems(
          session,
          'GET /orgs/{org}/members',
          { org, role: 'admin' },
          simpleUserSchema,
        )) {
          owners.add(user.id);
          await out.add(ownerRole(user));
        }
        facts.owners.set(owners);
        if (!context.orgRead) out.problems.push(concealedMembersNote);
        return {};
      } finally {
        facts.owners.set(null);
      }
    },
  );
}

export async function syncMembers(scope: SyncScope): Promise<void> {
  const { facts, session } = scope;
  await runDataset(
    scope.channel,
    {
      dataset: 'github.members',
      entity: 'accounts',
      endpoint: 'GET /orgs/{org}/members',
      query: { per_page: '100' },
    },
    classifier(scope, 'the organization members'),
    async (out) => {
      try {
        const context = await orgContext(scope);
        const org = session.target.org;
        const members = await collect(
          listItems(session, 'GET /orgs/{org}/members', { org }, simpleUserSchema),
        );
        facts.members.set(members);
        let directory: OrgDirectory | null = null;
        try {
          directory = await readOrgDirectory(session, org, { withEmail: context.mayReadPublicEmails });
        } catch (error) {
          if (isConnectionLevel(scope, error)) throw error;
          const failure = classifyGitHubFailure(
            error,
            'member names, emails and SAML identities',
            scope.failure,
          );
          out.problems.push(`${failure.message} Members are listed without them.`);
        }
        facts.directory.set(directory);
        const owners = await facts.owners.get();
        const { membersWithout2fa } = await facts.twoFactor.get();
        for (const user of members) {
          await out.add(
            memberToAccount({
              user,
              role: owners ? (owners.has(user.id) ? 'admin' : 'member') : 'unknown',
              twoFactor: twoFactorOf(membersWithout2fa, user.id),
              saml: directory?.samlIdentities.get(user.id) ?? null,
              profile: directory?.profiles.get(user.id) ?? null,
            }),
          );
        }
        if (!owners) out.problems.push('The owners could not be listed, so member roles are unknown.');
        if (!context.orgRead) out.problems.push(concealedMembersNote);
        return {
          reportedCount: context.orgRead && directory ? directory.memberCount : null,
          endpoints: [
            'GET /orgs/{org}/members?per_page=100',
            'POST /graphql organization.membersWithRole (name, public email, totalCount)',
            'POST /graphql organization.samlIdentityProvider.externalIdentities (SAML nameId, emails)',
            'role from github.admin_roles, two_factor from github.two_factor',
          ],
        };
      } finally {
        facts.members.set(null);
        facts.directory.set(null);
      }
    },
  );
}

export async function syncOutsideCollaborators(scope: SyncScope): Promise<void> {
  const { facts, session } = scope;
  await runDataset(
    scope.channel,
    {
      dataset: 'github.outside_collaborators',
      entity: 'accounts',
      endpoint: 'GET /orgs/{org}/outside_collaborators',
      query: { per_page: '100' },
    },
    classifier(scope, 'the outside collaborators'),
    async (out) => {
      try {
        await orgContext(scope);
        const org = session.target.org;
        const listed = await collect(
          listItems(session, 'GET /orgs/{org}/outside_collaborators', { org }, simpleUserSchema),
        );
        facts.outside.set(listed);
        // Outside collaborators are not members: their names and public emails come from their profiles.
        const profiles = new Map<number, PublicUser>();
        await readChildren(
          scope,
          listed,
          out,
          'profiles',
          (user) => `the profile of ${user.login}`,
          async (user) => {
            const response = await session.client.request('GET /users/{username}', { username: user.login });
            profiles.set(user.id, publicUserSchema.parse(response.data));
          },
        );
        const { outsideWithout2fa } = await facts.twoFactor.get();
        for (const user of listed) {
          await out.add(
            outsideCollaboratorToAccount(
              profiles.get(user.id) ?? user,
              twoFactorOf(outsideWithout2fa, user.id),
            ),
          );
        }
        return {
          endpoints: [
            'GET /orgs/{org}/outside_collaborators?per_page=100',
            'GET /users/{username} (name, public email)',
          ],
        };
      } finally {
        facts.outside.set(null);
      }
    },
  );
}

export async function syncTwoFactor(scope: SyncScope): Promise<void> {
  const { facts, session } = scope;
  await runDataset(
    scope.channel,
    {
      dataset: 'github.two_factor',
      entity: 'check_results',
      endpoint: 'GET /orgs/{org}/members',
      query: { filter: '2fa_disabled', per_page: '100' },
    },
    classifier(scope, 'two-factor authentication status'),
    async (out) => {
      try {
        await orgContext(scope);
        const org = session.target.org;
        let evaluable = true;
        let membersWithout2fa: Set<number> | null = null;
        let outsideWithout2fa: Set<number> | null = null;
        try {
          const ids = async (route: string) =>
            new Set(
              (
                await collect(listItems(session, route, { org, filter: '2fa_disabled' }, simpleUserSchema))
              ).map((u) => u.id),
            );
          membersWithout2fa = await ids('GET /orgs/{org}/members');
          outsideWithout2fa = await ids('GET /orgs/{org}/outside_collaborators');
        } catch (error) {
          if (!isOwnersOnlyRefusal(error)) throw error;
          // GitHub's answer to anyone but an owner: the check cannot be evaluated, which is never a pass.
          evaluable = false;
          membersWithout2fa = outsideWithout2fa = null;
        }
        facts.twoFactor.set({ membersWithout2fa, outsideWithout2fa });
        const members = await facts.members.get();
        const outside = await facts.outside.get();
        const owners = await facts.owners.get();
        if (members) {
          for (const user of members) {
            const role = owners?.has(user.id) ? 'organization owner' : 'organization member';
            await out.add(twoFactorResult(user, twoFactorOf(membersWithout2fa, user.id), role));
          }
        } else {
          out.problems.push('The member list could not be read, so members were not evaluated.');
        }
        if (outside) {
          for (const user of outside) {
            await out.add(
              twoFactorResult(user, twoFactorOf(outsideWithout2fa, user.id), 'outside collaborator'),
            );
          }
        } else {
          out.problems.push('The outside collaborators could not be listed, so they were not evaluated.');
        }
        if (!evaluable) out.problems.push(twoFactorNotEvaluable);
        return {
          endpoints: [
            'GET /orgs/{org}/members?filter=2fa_disabled&per_page=100',
            'GET /orgs/{org}/outside_collaborators?filter=2fa_disabled&per_page=100',
            'populations from github.members and github.outside_collaborators',
          ],
        };
      } finally {
        facts.twoFactor.set({ membersWithout2fa: null, outsideWithout2fa: null });
      }
    },
  );
}
