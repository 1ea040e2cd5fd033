// Test Connection for GitHub: does the token authenticate and carry the scopes it needs, can it see the
// organization, may it read each dataset, and is its user an organization owner (needed for the 2FA check,
// the owner-only settings and SAML identities). Says when the token expires, as GitHub reports it.
import type { ConnectionStatus } from '../../../../src-shared/connection-status.ts';
import { needsSentence } from '../declared-permissions.ts';
import type { ConnectorContext } from '../types.ts';
import { GitHubAppStepError, type GitHubAppAuth } from './github-app-auth.ts';
import { graphqlWithLimits } from './github-directory.ts';
import { classifyGitHubFailure, isOwnersOnlyRefusal, type ClassifiedFailure } from './github-errors.ts';
import { membershipSchema, organizationSchema } from './github-records.ts';
import {
  GitHubConfigurationError,
  GitHubCredentialError,
  openGitHubSession,
  testPolicy,
  type GitHubSession,
} from './github-session.ts';
import { appLabel, readTokenFacts, type TokenFacts, type ViewerRole } from './github-viewer.ts';

/** Classic scopes the connector needs, each with the scopes that include it. */
const requiredScopes: { scope: string; satisfiedBy: string[]; datasets: string[] }[] = [
  {
    scope: 'read:org',
    satisfiedBy: ['read:org', 'write:org', 'admin:org'],
    datasets: [
      'github.members',
      'github.outside_collaborators',
      'github.teams',
      'github.team_members',
      'github.admin_roles',
    ],
  },
  { scope: 'repo', satisfiedBy: ['repo'], datasets: ['github.repo_permissions'] },
];

const datasetProbes = [
  { what: 'members', route: 'GET /orgs/{org}/members', dataset: 'github.members' },
  { what: 'teams', route: 'GET /orgs/{org}/teams', dataset: 'github.teams' },
  {
    what: 'outside collaborators',
    route: 'GET /orgs/{org}/outside_collaborators',
    dataset: 'github.outside_collaborators',
  },
  { what: 'repositories', route: 'GET /orgs/{org}/repos', dataset: 'github.repo_permissions' },
];

const samlQuery = `query VouchTestSaml($org: String!) {
  organization(login: $org) {
    viewerCanAdminister
    samlIdentityProvider { externalIdentities(first: 1) { totalCount } }
  }
}`;

function failed(failure: ClassifiedFailure): ConnectionStatus {
  return { status: 'failed', ...failure, checkedAt: new Date().toISOString() };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

function utcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** What GitHub says about the token's lifetime, for the message. */
export function describeExpiry(expiresAt: Date | null, now = Date.now()): string {
  if (!expiresAt) return 'GitHub reports no expiry for the token.';
  const days = Math.floor((expiresAt.getTime() - now) / 86_400_000);
  if (expiresAt.getTime() <= now) return `The token expired on ${utcMinute(expiresAt)}.`;
  if (days < 7)
    return `The token expires on ${utcMinute(expiresAt)}, in ${days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`}: rotate it soon (Update Credentials).`;
  return `The token expires on ${utcMinute(expiresAt)} (in ${days} days).`;
}

function tokenKind(token: TokenFacts): string {
  return token.scopes === null
    ? 'a fine-grained personal access token'
    : `a classic personal access token with scopes ${token.scopes.join(', ') || '(none)'}`;
}

interface SamlState {
  text: string;
}

async function probeSaml(session: GitHubSession): Promise<SamlState> {
  try {
    const data = (await graphqlWithLimits(session, samlQuery, { org: session.target.org })) as {
      organization?: {
        viewerCanAdminister?: boolean;
        samlIdentityProvider?: { externalIdentities?: { totalCount?: number } } | null;
      } | null;
    };
    const organization = data.organization;
    const provider = organization?.samlIdentityProvider;
    if (provider) {
      const count = provider.externalIdentities?.totalCount;
      return { text: `SAML SSO is enabled${typeof count === 'number' ? ` (${count} identities)` : ''}.` };
    }
    return {
      text: organization?.viewerCanAdminister
        ? 'The organization does not use SAML SSO: members are linked by email.'
        : 'SAML identities are visible to organization owners only.',
    };
  } catch (error) {
    const failure = classifyGitHubFailure(error, 'SAML identities', {
      org: session.target.org,
      webUrl: session.target.webUrl,
    });
    return { text: `SAML identities cannot be read: ${failure.message}` };
  }
}

export async function testGitHubConnection(ctx: ConnectorContext): Promise<ConnectionStatus> {
  let session: GitHubSession;
  try {
    session = openGitHubSession(ctx, testPolicy);
  } catch (error) {
    if (!(error instanceof GitHubConfigurationError)) throw error;
    return failed({
      errorClass: 'missing_configuration',
      message: error.message,
      nextStep:
        error instanceof GitHubCredentialError
          ? 'Use Update Credentials: a personal access token, or a GitHub App ID with the PEM private key from the app settings.'
          : 'Edit the source: the organization login (e.g. acme-corp) and, for GitHub Enterprise Server, the API base URL (https://HOST/api/v3).',
    });
  }
  const { org, baseUrl, webUrl } = session.target;
  const context = { org, webUrl };
  if (session.app) {
    try {
      return await testAppConnection(session, session.app);
    } finally {
      await session.close();
    }
  }
  try {
    let token: TokenFacts;
    try {
      token = await readTokenFacts(session);
    } catch (error) {
      if (statusOf(error) === 404) {
        return failed({
          errorClass: 'missing_configuration',
          message: `${baseUrl} does not answer like the GitHub API (404 for /user).`,
          nextStep:
            'Leave the base URL empty for github.com; for GitHub Enterprise Server use https://HOST/api/v3.',
        });
      }
      return failed(classifyGitHubFailure(error, "the token's user (GET /user)", context));
    }
    const expiry = describeExpiry(token.expiresAt);

    if (token.scopes !== null) {
      const granted = token.scopes;
      const lacking = requiredScopes.filter((r) => !r.satisfiedBy.some((s) => granted.includes(s)));
      const missing = lacking.map((r) => r.scope);
      if (missing.length) {
        return failed({
          errorClass: 'missing_permissions',
          message: `The token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (it has: ${granted.join(', ') || 'none'}). ${needsSentence(lacking.flatMap((r) => r.datasets))} ${expiry}`,
          nextStep: `Edit the token at ${webUrl}/settings/tokens and tick ${missing.join(' and ')}, then Test Connection.`,
        });
      }
    }

    let orgJson: Record<string, unknown>;
    try {
      orgJson = organizationSchema.parse((await session.client.request('GET /orgs/{org}', { org })).data);
    } catch (error) {
      const failure = classifyGitHubFailure(error, `organization ${org}`, context);
      if (statusOf(error) === 404) {
        return failed({
          errorClass: 'missing_configuration',
          message: `The token cannot see organization ${org}, or it does not exist (GitHub answered 404).`,
          nextStep: `Check the organization's login (${webUrl}/${org}) and that the token's user is a member of it, then Test Connection.`,
        });
      }
      return failed(failure);
    }

    let role: ViewerRole = 'unknown';
    try {
      const response = await session.client.request('GET /orgs/{org}/memberships/{username}', {
        org,
        username: token.login,
      });
      const membership = membershipSchema.parse(response.data);
      role = membership.state !== 'active' ? 'not_member' : membership.role === 'admin' ? 'owner' : 'member';
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) role = 'not_member';
      else if (status !== 403)
        return failed(classifyGitHubFailure(error, 'the token user’s membership', context));
    }

    const forbidden: string[] = [];
    const forbiddenDatasets: string[] = [];
    let forbiddenFailure: ClassifiedFailure | null = null;
    for (const probe of datasetProbes) {
      try {
        await session.client.request(probe.route as never, { org, per_page: 1 } as never);
      } catch (error) {
        const failure = classifyGitHubFailure(error, probe.what, context);
        if (failure.errorClass !== 'missing_permissions') return failed(failure);
        forbidden.push(probe.what);
        forbiddenDatasets.push(probe.dataset);
        forbiddenFailure = failure;
      }
    }
    if (forbiddenFailure || role === 'not_member') {
      return failed({
        errorClass: 'missing_permissions',
        message:
          role === 'not_member'
            ? `The token's user ${token.login} is not a member of ${org}: it sees only public data.`
            : `The token cannot read ${forbidden.join(', ')} of ${org}. ${forbiddenFailure?.message ?? ''} ${needsSentence(forbiddenDatasets)}`.trim(),
        nextStep:
          forbiddenFailure?.nextStep ??
          `Use the token of a member (better: an owner) of ${org}, as the integration guide describes.`,
      });
    }

    let twoFactor = '';
    if (role === 'owner') {
      try {
        await session.client.request('GET /orgs/{org}/members', { org, filter: '2fa_disabled', per_page: 1 });
        twoFactor = 'Two-factor status is readable.';
      } catch (error) {
        if (!isOwnersOnlyRefusal(error))
          return failed(classifyGitHubFailure(error, 'two-factor status', context));
        twoFactor =
          'GitHub refused the two-factor filter ("Only owners can use this filter."): the 2FA check will be not evaluable.';
      }
    }
    const fullSettings = 'billing_email' in orgJson || 'default_repository_permission' in orgJson;
    const saml = await probeSaml(session);

    const who =
      role === 'owner'
        ? `${token.login}, an organization owner`
        : `${token.login}, a ${role === 'member' ? 'member' : 'user'} who is not an organization owner`;
    const parts = [
      `Connected to GitHub organization ${org} as ${who}, with ${tokenKind(token)}.`,
      expiry,
      'The token can read members, teams, outside collaborators and repositories.',
    ];
    if (role === 'owner') {
      parts.push(twoFactor);
      if (!fullSettings) {
        parts.push(
          'The owner-only organization settings (2FA requirement, base permission, ...) are not visible: they need admin:org (classic) or Administration: read (fine-grained).',
        );
      }
    } else {
      parts.push(
        "Not an owner's token: two-factor status, the owner-only organization settings and SAML identities are not visible to it, so the 2FA check will be reported as not evaluable. Use an owner's token for a complete collection.",
      );
    }
    parts.push(saml.text);
    return {
      status: 'connected',
      errorClass: null,
      message: parts.filter(Boolean).join(' '),
      nextStep: null,
      checkedAt: new Date().toISOString(),
    };
  } finally {
    await session.close();
  }
}

/** Installation permissions the connector needs, as GitHub names them in the access token response. */
const requiredAppPermissions = [
  {
    name: 'members',
    label: 'Members (organization, read)',
    datasets: ['github.members', 'github.outside_collaborators', 'github.teams', 'github.team_members'],
  },
  { name: 'metadata', label: 'Metadata (repository, read)', datasets: ['github.repo_permissions'] },
];

/** The JWT, the installation, its token and permissions, then the same org and dataset probes as a token. */
async function testAppConnection(session: GitHubSession, app: GitHubAppAuth): Promise<ConnectionStatus> {
  const { org, webUrl } = session.target;
  const context = { org, webUrl };
  const settings = `${webUrl}/organizations/${org}/settings/installations`;
  try {
    await app.token();
  } catch (error) {
    if (!(error instanceof GitHubAppStepError)) throw error;
    const status = statusOf(error.error);
    if (status === 401) {
      return failed({
        errorClass: 'failed_authentication',
        message: `GitHub rejected the JSON Web Token of GitHub App ${app.appId} while ${error.message} (401): the private key does not belong to this app, was revoked, or the App ID is wrong (or this computer's clock is off by minutes).`,
        nextStep: `Check the App ID on the app's settings page, generate a new private key there if needed, then use Update Credentials.`,
      });
    }
    if (status === 404) {
      return failed({
        errorClass: 'missing_configuration',
        message:
          error.step === 'installation'
            ? `GitHub App ${app.appId} is not installed on organization ${org} (404 for /orgs/${org}/installation).`
            : `GitHub App ${app.appId} has no installation ${app.installationId ?? ''} (404 creating an installation token).`,
        nextStep:
          error.step === 'installation'
            ? `Install the app on ${org} (the app's page → Install App), then Test Connection.`
            : `Check the installation ID (${settings}), or leave it empty to look it up from the organization.`,
      });
    }
    return failed(classifyGitHubFailure(error.error, `GitHub App ${app.appId} (${error.message})`, context));
  }
  const facts = app.facts;
  const permissions = facts?.permissions ?? {};
  const who = `${appLabel(app)}${app.installationConfigured ? '' : ', found from the organization'}`;
  const lacking = requiredAppPermissions.filter((p) => !permissions[p.name]);
  const missing = lacking.map((p) => p.label);
  const granted =
    Object.entries(permissions)
      .map(([name, level]) => `${name}: ${level}`)
      .join(', ') || 'none';
  if (missing.length) {
    return failed({
      errorClass: 'missing_permissions',
      message: `${who} lacks the permission${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (it has: ${granted}). ${needsSentence(lacking.flatMap((p) => p.datasets))}`,
      nextStep: `Add ${missing.join(' and ')} in the app's settings (Permissions & events), accept the new permissions for ${org} (${settings}), then Test Connection.`,
    });
  }
  let orgJson: Record<string, unknown>;
  try {
    orgJson = organizationSchema.parse((await session.client.request('GET /orgs/{org}', { org })).data);
  } catch (error) {
    return failed(classifyGitHubFailure(error, `organization ${org}`, context));
  }
  for (const probe of datasetProbes) {
    try {
      await session.client.request(probe.route as never, { org, per_page: 1 } as never);
    } catch (error) {
      const failure = classifyGitHubFailure(error, probe.what, context);
      return failed(
        failure.errorClass === 'missing_permissions'
          ? {
              ...failure,
              message: `${who} may not read ${probe.what} of ${org}. ${failure.message} ${needsSentence([probe.dataset])}`,
            }
          : failure,
      );
    }
  }
  let twoFactor: string;
  try {
    await session.client.request('GET /orgs/{org}/members', { org, filter: '2fa_disabled', per_page: 1 });
    twoFactor = 'Two-factor status is readable.';
  } catch (error) {
    if (!isOwnersOnlyRefusal(error))
      return failed(classifyGitHubFailure(error, 'two-factor status', context));
    twoFactor =
      'GitHub refused the two-factor filter: the 2FA check will be not evaluable (give the app Organization administration: read).';
  }
  const fullSettings = 'billing_email' in orgJson || 'default_repository_permission' in orgJson;
  const saml = await probeSaml(session);
  const expires = facts
    ? ` Installation tokens last an hour and are renewed during a sync (this one until ${utcMinute(new Date(facts.expiresAt))}).`
    : '';
  const parts = [
    `Connected to GitHub organization ${org} as ${who}, a GitHub App with permissions ${granted}.${expires}`,
    facts?.repositorySelection === 'selected'
      ? 'The app is installed on selected repositories only: repository permissions cover just those.'
      : 'The app can read members, teams, outside collaborators and repositories.',
    twoFactor,
    fullSettings
      ? ''
      : 'The owner-only organization settings (2FA requirement, base permission, ...) are not visible: they need the app permission Organization administration (read).',
    saml.text,
  ];
  return {
    status: 'connected',
    errorClass: null,
    message: parts.filter(Boolean).join(' '),
    nextStep: null,
    checkedAt: new Date().toISOString(),
  };
}
