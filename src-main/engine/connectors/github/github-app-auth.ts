// GitHub App credentials: an RS256 JSON Web Token (iss = app ID, iat 60 s back for clock drift, exp 9 min)
// signed with the app's private key finds the org's installation (`GET /orgs/{org}/installation`, unless
// the installation ID is configured) and buys an installation access token (`POST /app/installations/{id}/
// access_tokens`, valid one hour), renewed five minutes before it expires. Neither the key nor the
// installation token ever goes into a message.
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

export type GitHubCredential =
  | { kind: 'token'; token: string }
  | { kind: 'app'; appId: string; installationId: string | null; key: KeyObject };

/** Which credential a source holds; a problem (worded for the user) when it is neither or both. */
export function githubCredential(
  config: Record<string, string>,
  secrets: Record<string, string>,
): { ok: true; credential: GitHubCredential } | { ok: false; problem: string } {
  const token = (secrets.token ?? '').trim();
  const privateKey = (secrets.privateKey ?? '').trim();
  const appId = (config.appId ?? '').trim();
  const installationId = (config.installationId ?? '').trim();
  if (token && (privateKey || appId)) {
    return {
      ok: false,
      problem:
        'The source has both a personal access token and GitHub App credentials; keep exactly one of them.',
    };
  }
  if (token) return { ok: true, credential: { kind: 'token', token } };
  if (!appId && !privateKey) {
    return {
      ok: false,
      problem:
        'No credential is stored for this source: give a personal access token, or a GitHub App ID and its private key.',
    };
  }
  if (!appId) return { ok: false, problem: 'A GitHub App private key is stored but no App ID.' };
  if (!/^\d+$/.test(appId))
    return { ok: false, problem: `"${appId}" is not a GitHub App ID (a number, e.g. 123456).` };
  if (installationId && !/^\d+$/.test(installationId))
    return { ok: false, problem: `"${installationId}" is not an installation ID (a number).` };
  if (!privateKey) return { ok: false, problem: `No private key is stored for GitHub App ${appId}.` };
  let key: KeyObject;
  try {
    key = createPrivateKey(rewrapPem(privateKey));
  } catch {
    return {
      ok: false,
      problem: `The private key of GitHub App ${appId} is not a PEM private key (download one from the app's settings: "Generate a private key").`,
    };
  }
  if (key.asymmetricKeyType !== 'rsa')
    return { ok: false, problem: `The private key of GitHub App ${appId} is not an RSA key.` };
  return { ok: true, credential: { kind: 'app', appId, installationId: installationId || null, key } };
}

/** A PEM pasted into a one-line field loses its line breaks; put them back (64 characters a line). */
function rewrapPem(text: string): string {
  const match = /^(-----BEGIN [A-Z ]+-----)\s*([A-Za-z0-9+/=\s]+?)\s*(-----END [A-Z ]+-----)$/.exec(
    text.trim(),
  );
  if (!match) return text;
  const body = (match[2] as string).replace(/\s+/g, '');
  return `${match[1]}\n${(body.match(/.{1,64}/g) ?? []).join('\n')}\n${match[3]}\n`;
}

/** Without secrets: what checkConfig can say about the app fields. */
export function checkAppConfig(config: Record<string, string>): string | null {
  const appId = (config.appId ?? '').trim();
  const installationId = (config.installationId ?? '').trim();
  if (appId && !/^\d+$/.test(appId)) return `"${appId}" is not a GitHub App ID (a number, e.g. 123456).`;
  if (installationId && !appId) return 'An installation ID is given without a GitHub App ID.';
  if (installationId && !/^\d+$/.test(installationId))
    return `"${installationId}" is not an installation ID (a number).`;
  return null;
}

export function appJwt(appId: string, key: KeyObject, nowMs = Date.now()): string {
  const now = Math.floor(nowMs / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iat: now - 60, exp: now + 9 * 60, iss: appId })}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url')}`;
}

/** Which step of the app flow failed, for the test's message. */
export class GitHubAppStepError extends Error {
  constructor(
    readonly step: 'installation' | 'access_token',
    readonly error: unknown,
  ) {
    super(step === 'installation' ? 'finding the installation' : 'creating an installation token');
  }
}

export interface InstallationToken {
  token: string;
  expiresAt: number;
  permissions: Record<string, string>;
  repositorySelection: string | null;
}

type AppRequest = (route: string, params: Record<string, unknown>) => Promise<{ data: unknown }>;

/** The installation token of one session: bought on first use, renewed before it runs out. */
export class GitHubAppAuth {
  installationId: string | null;
  /** The installation ID came with the source (else it is looked up from the organization). */
  readonly installationConfigured: boolean;
  private current: InstallationToken | null = null;
  private pending: Promise<InstallationToken> | null = null;

  constructor(
    readonly appId: string,
    private readonly key: KeyObject,
    configuredInstallationId: string | null,
    private readonly org: string,
    private readonly request: AppRequest,
    private readonly now: () => number = Date.now,
  ) {
    this.installationId = configuredInstallationId;
    this.installationConfigured = configuredInstallationId !== null;
  }

  /** The latest token's facts (permissions), once one was bought. */
  get facts(): InstallationToken | null {
    return this.current;
  }

  async token(): Promise<string> {
    if (this.current && this.current.expiresAt - this.now() > 5 * 60_000) return this.current.token;
    this.pending ??= this.renew().finally(() => {
      this.pending = null;
    });
    return (await this.pending).token;
  }

  private async renew(): Promise<InstallationToken> {
    const authorization = `bearer ${appJwt(this.appId, this.key, this.now())}`;
    if (this.installationId === null) {
      try {
        const { data } = await this.request('GET /orgs/{org}/installation', {
          org: this.org,
          headers: { authorization },
        });
        this.installationId = String((data as { id: number }).id);
      } catch (error) {
        throw new GitHubAppStepError('installation', error);
      }
    }
    try {
      const { data } = await this.request('POST /app/installations/{installation_id}/access_tokens', {
        installation_id: Number(this.installationId),
        headers: { authorization },
      });
      const body = data as {
        token: string;
        expires_at: string;
        permissions?: Record<string, string>;
        repository_selection?: string;
      };
      const expiresAt = Date.parse(body.expires_at);
      this.current = {
        token: body.token,
        expiresAt: Number.isNaN(expiresAt) ? this.now() + 55 * 60_000 : expiresAt,
        permissions: body.permissions ?? {},
        repositorySelection: body.repository_selection ?? null,
      };
      return this.current;
    } catch (error) {
      throw new GitHubAppStepError('access_token', error);
    }
  }
}
