// Test Connection for Google Workspace: does the key sign a grant Google accepts for the admin and the
// read-only scopes, may the admin read each dataset (one 1-item call each), and is the optional token
// scope authorised (asked for in its own assertion, so its absence cannot fail the rest).
import type { ConnectionStatus } from '../../../../src-shared/connection-status.ts';
import type { ConnectorContext, CredentialHealth } from '../types.ts';
import { googleWorkspaceConnector } from './google-connector.ts';
import { classifyGoogleFailure, type ClassifiedFailure, type FailureContext } from './google-errors.ts';
import {
  READ_ONLY_SCOPES,
  SCOPES,
  openGoogleSession,
  testPolicy,
  type GoogleSession,
} from './google-session.ts';
import { TokenExchangeError } from './google-token.ts';

/** The permission the connector declares for a dataset (what partial datasets name too). */
function permissionOf(kind: string): string {
  return googleWorkspaceConnector.describe().datasets.find((d) => d.kind === kind)?.permission ?? kind;
}

function failed(failure: ClassifiedFailure): ConnectionStatus {
  return { status: 'failed', ...failure, checkedAt: new Date().toISOString() };
}

interface Probe {
  what: string;
  /** The dataset whose declared permission a refusal names. */
  dataset: string;
  run(session: GoogleSession): Promise<unknown>;
}

const probes: Probe[] = [
  {
    what: 'users',
    dataset: 'google.users',
    run: (s) =>
      s.call('readonly', 'users', (api) =>
        api.users.list({ customer: s.target.customer, maxResults: 1, projection: 'full' }, { retry: false }),
      ),
  },
  {
    what: 'groups',
    dataset: 'google.groups',
    run: (s) =>
      s.call('readonly', 'groups', (api) =>
        api.groups.list({ customer: s.target.customer, maxResults: 1 }, { retry: false }),
      ),
  },
  {
    what: 'admin roles',
    dataset: 'google.roles',
    run: (s) =>
      s.call('readonly', 'admin roles', (api) =>
        api.roles.list({ customer: s.target.customer, maxResults: 1 }, { retry: false }),
      ),
  },
  {
    what: 'admin role assignments',
    dataset: 'google.role_assignments',
    run: (s) =>
      s.call('readonly', 'admin role assignments', (api) =>
        api.roleAssignments.list({ customer: s.target.customer, maxResults: 1 }, { retry: false }),
      ),
  },
];

function contextOf(session: GoogleSession): FailureContext {
  return {
    adminEmail: session.target.adminEmail,
    clientId: session.key.client_id,
    keyId: session.key.private_key_id,
  };
}

/** Whether Google grants the optional token scope: null when it does, else why not. */
async function tokenScopeProblem(session: GoogleSession): Promise<TokenExchangeError | null> {
  try {
    await session.token('security');
    return null;
  } catch (error) {
    if (
      error instanceof TokenExchangeError &&
      (error.error === 'unauthorized_client' || error.error === 'access_denied')
    )
      return error;
    throw error;
  }
}

export async function testGoogleConnection(ctx: ConnectorContext): Promise<ConnectionStatus> {
  let session: GoogleSession;
  try {
    session = await openGoogleSession(ctx, testPolicy);
  } catch (error) {
    return failed(
      classifyGoogleFailure(error, 'the configuration', {
        adminEmail: ctx.config.adminEmail ?? '',
        clientId: null,
        keyId: null,
      }),
    );
  }
  const context = contextOf(session);
  try {
    try {
      await session.token('readonly');
    } catch (error) {
      return failed(classifyGoogleFailure(error, 'an access token', context));
    }
    const missing: Probe[] = [];
    let lastFailure: ClassifiedFailure | null = null;
    for (const probe of probes) {
      try {
        await probe.run(session);
      } catch (error) {
        const failure = classifyGoogleFailure(error, probe.what, context);
        if (failure.errorClass !== 'missing_permissions') return failed(failure);
        missing.push(probe);
        lastFailure = failure;
      }
    }
    if (missing.length > 0 && lastFailure) {
      return failed({
        errorClass: 'missing_permissions',
        message:
          `Domain-wide delegation works, but ${session.target.adminEmail} may not read ${missing.map((p) => p.what).join(', ')} ` +
          `(${lastFailure.message}). Each needs: ${[...new Set(missing.map((p) => permissionOf(p.dataset)))].join('; ')}.`,
        nextStep: lastFailure.nextStep,
      });
    }
    let tokenProblem: TokenExchangeError | null;
    try {
      tokenProblem = await tokenScopeProblem(session);
    } catch (error) {
      return failed(classifyGoogleFailure(error, 'an access token for OAuth tokens', context));
    }
    const tokens = tokenProblem
      ? ` OAuth tokens will be partial: the optional scope ${SCOPES.security} is not authorised for client ID ${session.key.client_id} (it is not read-only: it can also revoke tokens).`
      : ' OAuth tokens are readable too.';
    return {
      status: 'connected',
      errorClass: null,
      message:
        `Connected to Google Workspace as ${session.target.adminEmail} (service account ${session.key.client_email}, key ${session.key.private_key_id}); ` +
        `users, groups, admin roles and role assignments are readable.${tokens}`,
      nextStep: null,
      checkedAt: new Date().toISOString(),
    };
  } finally {
    await session.close();
  }
}

/**
 * Scopes granted vs required, each asked for alone (Google refuses a whole assertion when one scope is not
 * delegated, so only single-scope exchanges tell which). Service account keys carry no expiry that the
 * Workspace APIs report: a deleted key shows up as failed authentication at the next exchange.
 */
export async function googleCredentialHealth(ctx: ConnectorContext): Promise<CredentialHealth> {
  const session = await openGoogleSession(ctx, testPolicy);
  try {
    const granted: string[] = [];
    const missing: string[] = [];
    for (const scope of [...READ_ONLY_SCOPES, SCOPES.security]) {
      try {
        await session.exchange([scope]);
        granted.push(scope);
      } catch (error) {
        if (!(error instanceof TokenExchangeError) || error.error !== 'unauthorized_client') throw error;
        missing.push(scope);
      }
    }
    const required = [...READ_ONLY_SCOPES];
    return {
      // The key id identifies the key in the Cloud console; it is not a secret (the private key is).
      credential: `the service account key ${session.key.private_key_id.slice(0, 8)}… of ${session.key.client_email}`,
      expiresAt: null,
      granted,
      required,
      missing: missing.filter((scope) => (required as readonly string[]).includes(scope)),
      notes: [
        'Google reports no expiry for service account keys: a deleted or disabled key fails at the next sync.',
        ...(missing.includes(SCOPES.security)
          ? [`${SCOPES.security} is not delegated: OAuth tokens are not collected (it is optional).`]
          : []),
      ],
    };
  } finally {
    await session.close();
  }
}
