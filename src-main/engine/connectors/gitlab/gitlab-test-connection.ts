// Test Connection for GitLab: does the token authenticate (401 invalid_token: expired or revoked), does
// it carry read_api (403 insufficient_scope names the scopes), is the group there for this user (404),
// may it read members and projects, and is its user an instance administrator (needed for the users
// dataset on self-managed). Says when the token expires, from `personal_access_tokens/self`.
import type { ConnectionStatus } from '../../../../src-shared/connection-status.ts';
import type { ConnectorContext, CredentialHealth } from '../types.ts';
import { GitLabApiError, GitLabClient, testPolicy } from './gitlab-client.ts';
import { parseGitLabTarget, type GitLabTarget } from './gitlab-config.ts';
import { GitLabGroupNotFoundError, classifyGitLabFailure } from './gitlab-errors.ts';
import { gitlabCurrentUser, gitlabGroup, gitlabTokenSelf, type GitLabTokenSelf } from './gitlab-schemas.ts';

const REQUIRED_SCOPE = 'read_api';
const SATISFIED_BY = ['read_api', 'api'];

function failed(failure: {
  errorClass: ConnectionStatus['errorClass'];
  message: string;
  nextStep: string;
}): ConnectionStatus {
  return { status: 'failed', ...failure, checkedAt: new Date().toISOString() };
}

/** The token's own record; null for tokens GitLab does not describe there (some group/project tokens). */
async function tokenSelf(client: GitLabClient): Promise<GitLabTokenSelf | null> {
  try {
    return gitlabTokenSelf.parse(await client.get('/personal_access_tokens/self'));
  } catch (error) {
    if (error instanceof GitLabApiError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  }
}

export function describeExpiry(expiresAt: string | null | undefined, now = Date.now()): string {
  if (!expiresAt) return 'GitLab reports no expiry for the token.';
  // GitLab tokens stop working at the start of their expiry date (UTC).
  const end = Date.parse(`${expiresAt.slice(0, 10)}T00:00:00Z`);
  const days = Math.floor((end - now) / 86_400_000);
  if (end <= now) return `The token expired on ${expiresAt.slice(0, 10)}.`;
  if (days < 14)
    return `The token expires on ${expiresAt.slice(0, 10)}, in ${days} day${days === 1 ? '' : 's'}: rotate it soon (Update Credentials).`;
  return `The token expires on ${expiresAt.slice(0, 10)} (in ${days} days).`;
}

async function check(client: GitLabClient, target: GitLabTarget): Promise<ConnectionStatus> {
  const settings = `${target.baseUrl}/-/user_settings/personal_access_tokens`;
  const me = gitlabCurrentUser.parse(await client.get('/user'));
  const token = await tokenSelf(client);
  if (token && !token.scopes.some((s) => SATISFIED_BY.includes(s))) {
    return failed({
      errorClass: 'missing_permissions',
      message: `The token has the scopes ${token.scopes.join(', ') || '(none)'}; Vouch needs ${REQUIRED_SCOPE}.`,
      nextStep: `Create a token with the read_api scope at ${settings} and use Update Credentials, then Test Connection.`,
    });
  }
  if (target.group === null) {
    return failed({
      errorClass: 'missing_configuration',
      message: 'No group is configured: Vouch collects one group tree (its subgroups, projects and members).',
      nextStep: "Edit the source and give the group's full path, then Test Connection.",
    });
  }
  let groupId: number;
  try {
    groupId = gitlabGroup.parse(await client.get(`/groups/${encodeURIComponent(target.group)}`)).id;
  } catch (error) {
    if (error instanceof GitLabApiError && error.status === 404)
      throw new GitLabGroupNotFoundError(
        `GitLab has no group "${target.group}" that ${me.username} can see (404 Group Not Found).`,
      );
    throw error;
  }
  for (const probe of [`/groups/${groupId}/members/all`, `/groups/${groupId}/projects`]) {
    await client.get(probe, { per_page: '1' });
  }
  const admin = me.is_admin === true;
  const users = target.saas
    ? 'Instance users are not listed on gitlab.com: the users dataset holds the group’s members and is marked partial.'
    : admin
      ? `${me.username} is an instance administrator: blocked, deactivated and bot users are collected.`
      : `${me.username} is not an instance administrator: the users dataset holds the group’s members only and is marked partial.`;
  return {
    status: 'connected',
    errorClass: null,
    message: `Connected to ${target.host} as ${me.username}; group ${target.group} is readable. ${users} ${token ? describeExpiry(token.expires_at) : 'GitLab does not describe this token (a group or project access token): check its expiry in GitLab.'}`,
    nextStep: null,
    checkedAt: new Date().toISOString(),
  };
}

export async function testGitLabConnection(ctx: ConnectorContext): Promise<ConnectionStatus> {
  const parsed = parseGitLabTarget(ctx.config);
  if (!parsed.ok) {
    return failed({
      errorClass: 'missing_configuration',
      message: parsed.problem,
      nextStep: 'Edit the source, then Test Connection.',
    });
  }
  const client = GitLabClient.open(ctx, parsed.target, testPolicy);
  try {
    return await check(client, parsed.target);
  } catch (error) {
    return failed(
      classifyGitLabFailure(error, `${parsed.target.baseUrl}/-/user_settings/personal_access_tokens`),
    );
  } finally {
    await client.close();
  }
}

export async function gitlabCredentialHealth(ctx: ConnectorContext): Promise<CredentialHealth> {
  const parsed = parseGitLabTarget(ctx.config);
  if (!parsed.ok) throw new Error(parsed.problem);
  const client = GitLabClient.open(ctx, parsed.target, testPolicy);
  try {
    const token = await tokenSelf(client);
    if (!token) {
      return {
        credential: 'a GitLab access token',
        expiresAt: null,
        granted: null,
        required: [REQUIRED_SCOPE],
        missing: [],
        notes: ['GitLab did not describe this token (personal_access_tokens/self answered nothing usable).'],
      };
    }
    return {
      credential: `the GitLab access token "${token.name}"`,
      expiresAt: token.expires_at ? `${token.expires_at.slice(0, 10)}T00:00:00.000Z` : null,
      granted: token.scopes,
      required: [REQUIRED_SCOPE],
      missing: token.scopes.some((s) => SATISFIED_BY.includes(s)) ? [] : [REQUIRED_SCOPE],
      notes: token.expires_at
        ? []
        : ['The token never expires: GitLab lets admins allow that; rotate it anyway.'],
    };
  } finally {
    await client.close();
  }
}
