// What GitHub tells about a source's credential. A personal access token: its expiry from the
// `github-authentication-token-expiration` header, and for a classic token its scopes (X-OAuth-Scopes)
// against the ones Vouch needs; GitHub reports no permissions for fine-grained tokens. A GitHub App: the
// installation's granted permissions against the required ones (its hour-long tokens renew themselves).
import type { CredentialHealth } from '../../../../src-shared/credential-health.ts';
import type { ConnectorContext } from '../types.ts';
import { openGitHubSession, testPolicy } from './github-session.ts';
import { requiredAppPermissions, requiredScopes } from './github-test-connection.ts';
import { appLabel, readTokenFacts } from './github-viewer.ts';

export async function githubCredentialHealth(ctx: ConnectorContext): Promise<CredentialHealth> {
  const session = openGitHubSession(ctx, testPolicy);
  try {
    const app = session.app;
    if (app) {
      await app.token();
      const permissions = app.facts?.permissions ?? {};
      return {
        credential: `${appLabel(app)}'s installation`,
        expiresAt: null,
        granted: Object.entries(permissions).map(([name, level]) => `${name}: ${level}`),
        required: requiredAppPermissions.map((p) => p.label),
        missing: requiredAppPermissions.filter((p) => !permissions[p.name]).map((p) => p.label),
        notes: [
          'A GitHub App private key does not expire; Vouch renews the hour-long installation tokens itself.',
        ],
      };
    }
    const token = await readTokenFacts(session);
    const expiresAt = token.expiresAt?.toISOString() ?? null;
    const noExpiry = expiresAt === null ? ['GitHub reports no expiry for this token.'] : [];
    if (token.scopes === null) {
      return {
        credential: `a fine-grained personal access token of ${token.login}`,
        expiresAt,
        granted: null,
        required: requiredAppPermissions.map((p) => p.label),
        missing: [],
        notes: [
          ...noExpiry,
          'GitHub does not report the permissions of a fine-grained token; Test Connection tries each dataset instead.',
        ],
      };
    }
    const granted = token.scopes;
    return {
      credential: `a classic personal access token of ${token.login}`,
      expiresAt,
      granted,
      required: requiredScopes.map((r) => r.scope),
      missing: requiredScopes
        .filter((r) => !r.satisfiedBy.some((s) => granted.includes(s)))
        .map((r) => r.scope),
      notes: noExpiry,
    };
  } finally {
    await session.close();
  }
}
