// A full GitHub organization sync: eight datasets run concurrently, sharing what one of them read through
// published facts (the org and the token's role, the member list, owners, the 2FA filters, the directory),
// so every listing is fetched once and its pages are counted for the dataset that fetched it.
// What a token cannot see is never guessed: a member's token yields 2FA "not evaluable", settings "not
// visible to this token", and datasets marked partial with the reason.
import { EventChannel } from '../event-channel.ts';
import type { ConnectorContext, SyncEvent } from '../types.ts';
import { syncOrgSettings, syncRepoPermissions, syncTeamMembers, syncTeams } from './github-org-datasets.ts';
import {
  syncAdminRoles,
  syncMembers,
  syncOutsideCollaborators,
  syncTwoFactor,
} from './github-people-datasets.ts';
import { openGitHubSession, syncPolicy, type GitHubPolicy } from './github-session.ts';
import { newSharedFacts, type SyncScope } from './github-sync-scope.ts';

export function syncGitHub(
  ctx: ConnectorContext,
  policy: GitHubPolicy = syncPolicy,
): AsyncIterable<SyncEvent> {
  const channel = new EventChannel<SyncEvent>(64);
  const run = async () => {
    const session = openGitHubSession(ctx, policy);
    const scope: SyncScope = {
      channel,
      session,
      failure: { org: session.target.org, webUrl: session.target.webUrl },
      facts: newSharedFacts(),
    };
    try {
      await Promise.all([
        syncOrgSettings(scope),
        syncAdminRoles(scope),
        syncMembers(scope),
        syncOutsideCollaborators(scope),
        syncTwoFactor(scope),
        syncTeams(scope),
        syncTeamMembers(scope),
        syncRepoPermissions(scope),
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
