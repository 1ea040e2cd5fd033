// What Okta tells about the API token a source uses. Okta API tokens expire 30 days after their last use (a
// sliding window) and the token value does not say which token it is; but the token acts as its admin
// (`/api/v1/users/me`), whose roles are the permissions it has, and a super admin may list the org's API
// tokens (`/api/v1/api-tokens`, metadata only), among which are that admin's.
import { z } from 'zod';
import type { CredentialHealth } from '../../../../src-shared/credential-health.ts';
import type { ConnectorContext } from '../types.ts';
import { classifyOktaFailure } from './okta-errors.ts';
import { testRetryPolicy } from './okta-request-executor.ts';
import { openOktaSession, type OktaSession } from './okta-session.ts';

const meSchema = z.object({
  id: z.string(),
  profile: z.object({ login: z.string() }).passthrough(),
});
const rolesSchema = z.array(z.object({ type: z.string(), label: z.string().optional() }).passthrough());
const apiTokensSchema = z.array(
  z
    .object({
      id: z.string(),
      name: z.string(),
      userId: z.string().optional(),
      expiresAt: z.string().optional(),
      created: z.string().optional(),
      tokenWindow: z.string().optional(),
    })
    .passthrough(),
);

/** Admin roles that may read everything Vouch collects (a Read-Only Administrator is the least of them). */
const sufficientRoles = ['READ_ONLY_ADMIN', 'ORG_ADMIN', 'SUPER_ADMIN'];
const required = 'Read-Only Administrator role (or Organization/Super Administrator)';
const slidingExpiry = 'Okta API tokens expire 30 days after their last use; every sync uses it again.';

async function getJson(session: OktaSession, path: string): Promise<unknown> {
  const response = (await session.client.http.http(`${session.orgUrl}${path}`, {
    method: 'get',
  } as never)) as { json(): Promise<unknown> };
  return response.json();
}

export async function oktaCredentialHealth(ctx: ConnectorContext): Promise<CredentialHealth> {
  const session = openOktaSession(ctx, testRetryPolicy);
  try {
    const me = meSchema.parse(await getJson(session, '/api/v1/users/me'));
    const notes: string[] = [];
    let granted: string[] | null = null;
    try {
      const roles = rolesSchema.parse(
        await getJson(session, `/api/v1/users/${encodeURIComponent(me.id)}/roles`),
      );
      granted = roles.map((r) => r.type);
    } catch (error) {
      notes.push(`The admin's roles are not readable: ${classifyOktaFailure(error, 'its roles').message}`);
    }
    let expiresAt: string | null = null;
    try {
      const tokens = apiTokensSchema
        .parse(await getJson(session, '/api/v1/api-tokens'))
        .filter((t) => t.userId === me.id);
      if (tokens.length === 1) {
        const [token] = tokens as [(typeof tokens)[number]];
        expiresAt = token.expiresAt ?? null;
        notes.push(
          `The token is "${token.name}" (${token.id}), created ${token.created ?? 'at an unknown time'}. ${slidingExpiry}`,
        );
      } else {
        notes.push(
          `${me.profile.login} has ${tokens.length} active API tokens and Okta does not say which one this is, so its expiry is not known. ${slidingExpiry}`,
        );
      }
    } catch (error) {
      const failure = classifyOktaFailure(error, 'the API token list');
      if (failure.errorClass !== 'missing_permissions') throw error;
      notes.push(
        `Its expiry is not readable: listing API tokens needs a Super Administrator (or okta.apiTokens.read). ${slidingExpiry}`,
      );
    }
    const missing =
      granted === null || granted.some((role) => sufficientRoles.includes(role)) ? [] : [required];
    return {
      credential: `an Okta API token of ${me.profile.login}`,
      expiresAt,
      granted,
      required: [required],
      missing,
      notes,
    };
  } finally {
    session.close();
  }
}
