// The health of the source's own credential, from its app registration: the expiry of the client secret
// in use (matched by its hint, the first three characters of the value) or of the certificate (matched by
// its SHA-1 thumbprint, Graph's default customKeyIdentifier), and the granted vs required permissions.
import type { ConnectorContext, CredentialHealth } from '../types.ts';
import type { EntraCredential } from './entra-config.ts';
import { openEntraSession, testPolicy } from './entra-graph.ts';
import { missingPermissions, permissionNeeds } from './entra-permissions.ts';
import { graphApplicationSchema, parseGraph, type GraphApplication } from './entra-records.ts';
import { decodeClaims } from './entra-token.ts';

/** The expiry of the credential in use, or null when the registration does not show it unambiguously. */
export function ownExpiry(app: GraphApplication, credential: EntraCredential, now: number): string | null {
  const ends =
    credential.kind === 'secret'
      ? app.passwordCredentials
          .filter((p) => p.hint === credential.secret.slice(0, 3))
          .map((p) => p.endDateTime)
      : app.keyCredentials
          .filter((k) => k.customKeyIdentifier === credential.thumbprintSha1Base64)
          .map((k) => k.endDateTime);
  // The credential just obtained a token, so it has not expired: among same-hint secrets, the live ones.
  // Several live ones sharing a hint: the earliest expiry, so the countdown never runs late.
  const live = ends.filter((end): end is string => !!end && Date.parse(end) > now).sort();
  if (live[0]) return live[0];
  return credential.kind === 'certificate' ? credential.notAfter : null;
}

export async function entraCredentialHealth(ctx: ConnectorContext): Promise<CredentialHealth> {
  const session = openEntraSession(ctx, testPolicy);
  try {
    const { roles } = decodeClaims(await session.tokens.token());
    const missing = missingPermissions(roles).map((need) => need.least);
    let expiresAt: string | null =
      session.credential.kind === 'certificate' ? session.credential.notAfter : null;
    const notes: string[] = [];
    try {
      const found = (await session.client
        .api('/applications')
        .filter(`appId eq '${session.target.clientId}'`)
        .select(['id', 'appId', 'displayName', 'passwordCredentials', 'keyCredentials'])
        .get()) as { value?: unknown[] };
      const app = found.value?.[0];
      if (app)
        expiresAt = ownExpiry(
          parseGraph(graphApplicationSchema, app, 'the app registration'),
          session.credential,
          Date.now(),
        );
      else notes.push("The app registration was not found, so the secret's expiry is not known.");
    } catch {
      // Without Application.Read.All the registration is unreadable; `missing` already says so.
      notes.push(
        'The app registration could not be read (Application.Read.All), so the expiry is not known.',
      );
    }
    return {
      credential:
        session.credential.kind === 'certificate'
          ? `the certificate of app ${session.target.clientId}`
          : `a client secret of app ${session.target.clientId}`,
      expiresAt,
      granted: [...roles].sort(),
      required: Object.values(permissionNeeds).map((need) => need.least),
      missing,
      notes,
    };
  } finally {
    await session.close();
  }
}
