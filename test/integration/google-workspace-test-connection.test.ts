// Test Connection against the Google Workspace simulator: each failure class from a real (simulated)
// Google answer — the token endpoint's unauthorized_client and invalid_grant, the Directory API's 403
// "Not Authorized", rate limits sent as 403 with a reason — and credential health's granted vs missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DELEGATED_SCOPES, DIRECTORY_SCOPES, startGoogleSimulator } from '../../sim/google/index.ts';
import type { GoogleSimulator } from '../../sim/google/index.ts';
import { googleWorkspaceConnector as connector } from '../../src-main/engine/connectors/google-workspace/google-connector.ts';
import type { ConnectorContext } from '../../src-main/engine/connectors/types.ts';

let sim: GoogleSimulator;

beforeAll(async () => {
  sim = await startGoogleSimulator({ users: 30, seed: 7 });
});
afterAll(() => sim.close());

function context(config: Record<string, string> = {}, key = sim.keyFileJson): ConnectorContext {
  return {
    config: { adminEmail: sim.adminEmail, apiUrl: sim.url, ...config },
    secrets: { serviceAccountKey: key },
    caPem: sim.caPem,
    proxyUrl: null,
    signal: AbortSignal.timeout(30_000),
  };
}

function reset(): void {
  sim.setFaults({});
  sim.setDelegatedScopes(DEFAULT_DELEGATED_SCOPES);
}

describe('Google Workspace test connection', () => {
  it('connects, naming the admin, the service account and its key id', async () => {
    reset();
    const status = await connector.test(context());
    expect(status).toMatchObject({ status: 'connected', errorClass: null });
    expect(status.message).toContain(sim.adminEmail);
    expect(status.message).toContain(sim.keyFile.private_key_id);
    expect(status.message).toContain('OAuth tokens are readable');
    expect(JSON.stringify(status)).not.toContain('PRIVATE KEY');
  });

  it('asks for the read-only scopes and the token scope in separate assertions', async () => {
    reset();
    sim.resetStats();
    await connector.test(context());
    const requests = sim.stats().tokenScopes;
    expect(requests).toContainEqual([DIRECTORY_SCOPES.security]);
    const readOnly = requests.find((s) => s.includes(DIRECTORY_SCOPES.users));
    expect(readOnly).toBeDefined();
    expect(readOnly).not.toContain(DIRECTORY_SCOPES.security);
  });

  it('unauthorized_client is missing_configuration naming the client id and the exact scopes', async () => {
    reset();
    sim.setDelegatedScopes([DIRECTORY_SCOPES.users]);
    const status = await connector.test(context());
    reset();
    expect(status).toMatchObject({ status: 'failed', errorClass: 'missing_configuration' });
    expect(status.message).toContain('unauthorized_client');
    expect(status.message).toContain(sim.serviceAccount.clientId);
    expect(status.nextStep).toContain('Domain Wide Delegation');
    for (const scope of [
      DIRECTORY_SCOPES.users,
      DIRECTORY_SCOPES.groups,
      DIRECTORY_SCOPES.members,
      DIRECTORY_SCOPES.roles,
    ])
      expect(status.nextStep).toContain(scope);
  });

  it('a deleted key is failed_authentication (invalid_grant, Invalid JWT Signature)', async () => {
    reset();
    const status = await connector.test(context({}, sim.deletedKeyFileJson));
    expect(status).toMatchObject({ status: 'failed', errorClass: 'failed_authentication' });
    expect(status.message).toContain('Invalid JWT Signature');
    expect(status.nextStep).toContain('Update Credentials');
    sim.setFaults({ keyDeleted: true });
    expect((await connector.test(context())).errorClass).toBe('failed_authentication');
    reset();
  });

  it('an admin email Google does not know is missing_configuration', async () => {
    reset();
    const status = await connector.test(context({ adminEmail: `nobody@${sim.domain.domain}` }));
    expect(status).toMatchObject({ status: 'failed', errorClass: 'missing_configuration' });
    expect(status.message).toContain('Invalid email or User ID');
  });

  it('403 Not Authorized with a working exchange is missing_permissions naming the user and the privilege', async () => {
    reset();
    sim.setFaults({ subjectNotAdmin: true });
    const status = await connector.test(context());
    reset();
    expect(status).toMatchObject({ status: 'failed', errorClass: 'missing_permissions' });
    expect(status.message).toContain('Not Authorized to access this resource/api');
    expect(status.message).toContain(sim.adminEmail);
    expect(status.message).toContain('Users › Read');
  });

  it('names only the dataset that is refused', async () => {
    reset();
    sim.setFaults({ forbiddenPaths: ['/admin/directory/v1/customer/*/roleassignments'] });
    const status = await connector.test(context());
    reset();
    expect(status.errorClass).toBe('missing_permissions');
    expect(status.message).toContain('may not read admin role assignments');
    expect(status.message).not.toContain('read users');
  });

  it('403 userRateLimitExceeded is rate_limited, never missing_permissions', async () => {
    reset();
    sim.setFaults({ throttle: { count: 50, reason: 'userRateLimitExceeded' } });
    const status = await connector.test(context());
    reset();
    expect(status).toMatchObject({ status: 'failed', errorClass: 'rate_limited' });
    expect(status.message).toContain('userRateLimitExceeded');
  });

  it('a rate limit that clears within the backoff is survived', async () => {
    reset();
    sim.setFaults({ throttle: { count: 1, reason: 'quotaExceeded' } });
    const status = await connector.test(context());
    reset();
    expect(status.status).toBe('connected');
  });

  it('without the optional token scope it connects and says OAuth tokens will be partial', async () => {
    reset();
    sim.setDelegatedScopes(DEFAULT_DELEGATED_SCOPES.filter((s) => s !== DIRECTORY_SCOPES.security));
    const status = await connector.test(context());
    reset();
    expect(status.status).toBe('connected');
    expect(status.message).toContain('OAuth tokens will be partial');
    expect(status.message).toContain(DIRECTORY_SCOPES.security);
  });

  it('a host that is not Google is missing_configuration; an unreachable one is unreachable', async () => {
    reset();
    sim.setFaults({ wrongDomain: true });
    const wrong = await connector.test(context());
    reset();
    expect(wrong.errorClass).toBe('missing_configuration');
    const closed = await connector.test(context({ apiUrl: 'https://127.0.0.1:1' }));
    expect(closed.errorClass).toBe('unreachable');
  });

  it('refuses a key file that is not a service account key, without echoing it', () => {
    const problem = connector.checkCredentials?.(
      {},
      { serviceAccountKey: '{"type":"authorized_user","secret":"s3cr3t"}' },
    );
    expect(problem).toContain('not a service account key');
    expect(problem).not.toContain('s3cr3t');
    expect(connector.checkConfig({ adminEmail: 'not-an-email' })).toContain('super admin');
    expect(connector.checkConfig({ adminEmail: 'a@b.example', apiUrl: 'http://insecure.example' })).toContain(
      'https://',
    );
  });

  it('credential health: scopes granted vs required', async () => {
    reset();
    sim.setDelegatedScopes([DIRECTORY_SCOPES.users, DIRECTORY_SCOPES.groups, DIRECTORY_SCOPES.members]);
    const health = await connector.credentialHealth?.(context());
    reset();
    expect(health?.expiresAt).toBeNull();
    expect(health?.granted).toEqual([
      DIRECTORY_SCOPES.users,
      DIRECTORY_SCOPES.groups,
      DIRECTORY_SCOPES.members,
    ]);
    // The token scope is optional: not a missing requirement, but said in the notes.
    expect(health?.missing).toEqual([DIRECTORY_SCOPES.roles]);
    expect(health?.notes.join('\n')).toContain(`${DIRECTORY_SCOPES.security} is not delegated`);
  });
});
