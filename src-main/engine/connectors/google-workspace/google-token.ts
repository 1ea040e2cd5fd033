// Domain-wide delegation by the JWT-bearer grant, signed here rather than by google-auth-library: its
// token client (gtoken) hard-codes https://oauth2.googleapis.com/token as both the assertion's audience and
// the URL it posts to, while a key file names its own `token_uri` (and tests, proxies and sovereign
// clouds need another). The assertion: RS256, iss = client_email, sub = the admin, the scopes, aud =
// token_uri, one hour. Google refuses the whole exchange if any scope is not authorised for the client.
import { createPrivateKey, sign } from 'node:crypto';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { z } from 'zod';
import type { ServiceAccountKey } from './google-config.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string(),
});

const tokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** The token endpoint refused the assertion: `error` is Google's OAuth error code. */
export class TokenExchangeError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly scopes: readonly string[],
  ) {
    super(`${error}${description ? `: ${description}` : ''}`);
  }
}

export interface AccessToken {
  token: string;
  expiresAt: number;
  scopes: readonly string[];
}

export function signAssertion(
  key: ServiceAccountKey,
  subject: string,
  scopes: readonly string[],
  nowMs: number,
): string {
  const now = Math.floor(nowMs / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: key.private_key_id };
  const claims = {
    iss: key.client_email,
    sub: subject,
    scope: scopes.join(' '),
    aud: key.token_uri,
    iat: now,
    exp: now + 3600,
  };
  const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const input = `${encode(header)}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(input), createPrivateKey(key.private_key));
  return `${input}.${signature.toString('base64url')}`;
}

export async function exchangeAssertion(
  key: ServiceAccountKey,
  subject: string,
  scopes: readonly string[],
  dispatcher: Dispatcher,
  signal: AbortSignal,
): Promise<AccessToken> {
  const body = new URLSearchParams({
    grant_type: JWT_BEARER,
    assertion: signAssertion(key, subject, scopes, Date.now()),
  });
  const response = await undiciFetch(key.token_uri, {
    method: 'POST',
    body,
    dispatcher,
    signal,
    redirect: 'error',
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: not Google's token endpoint (a proxy page, another server).
  }
  if (response.ok) {
    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success)
      throw new TokenExchangeError(
        response.status,
        'invalid_response',
        'the token endpoint did not answer with an access token',
        scopes,
      );
    return { token: parsed.data.access_token, expiresAt: Date.now() + parsed.data.expires_in * 1000, scopes };
  }
  const error = tokenErrorSchema.safeParse(json);
  if (error.success)
    throw new TokenExchangeError(
      response.status,
      error.data.error,
      error.data.error_description ?? '',
      scopes,
    );
  throw new TokenExchangeError(
    response.status,
    'not_a_token_endpoint',
    `HTTP ${response.status} without an OAuth error body`,
    scopes,
  );
}
