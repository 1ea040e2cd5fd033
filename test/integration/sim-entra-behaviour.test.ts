// Behaviour of the Entra simulator that a connector relies on: paging yields every object exactly once,
// $select and $count do what Graph does, tokens carry the consented permissions, and every fault answers
// as Entra ID / Graph answer it.
import { createHash, createSign, randomUUID } from 'node:crypto';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntraSimulator } from '../../sim/entra/index.ts';
import type { EntraSimulator } from '../../sim/entra/index.ts';
import { entraSimClient } from '../../sim/entra/test-client.ts';
import type { EntraSimClient, SimResponse } from '../../sim/entra/test-client.ts';

const EVENTUAL = { headers: { ConsistencyLevel: 'eventual' } };

interface EstsBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

function graphError(response: SimResponse): { code: string; message: string } {
  return response.json<{ error: { code: string; message: string } }>().error;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

function expectAadsts(response: SimResponse, status: number, error: string, code: number): EstsBody {
  expect(response.status, response.text).toBe(status);
  const body = response.json<EstsBody>();
  expect(body.error).toBe(error);
  expect(body.error_codes).toEqual([code]);
  expect(body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
  expect(body.error_description).toContain(`Trace ID: ${body.trace_id}`);
  expect(body.error_description).toContain(`Correlation ID: ${body.correlation_id}`);
  expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
  expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.error_uri).toBe(`https://login.microsoftonline.com/error?code=${code}`);
  return body;
}

let sim: EntraSimulator;
let client: EntraSimClient;

beforeAll(async () => {
  sim = await startEntraSimulator({ users: 700, seed: 5 });
  client = entraSimClient(sim);
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
});

async function ids(
  path: string,
  headers?: Record<string, string>,
): Promise<{ ids: string[]; pages: number; sizes: number[] }> {
  const pages = await client.pages<{ id: string }>(path, { headers });
  return {
    ids: pages.flatMap((p) => p.value.map((v) => v.id)),
    pages: pages.length,
    sizes: pages.map((p) => p.value.length),
  };
}

function expectExactlyOnce(seen: string[], expected: string[]): void {
  expect(new Set(seen).size).toBe(seen.length);
  expect([...seen].sort()).toEqual([...expected].sort());
}

describe('Entra simulator paging', () => {
  it('yields every object exactly once, whatever the page size', async () => {
    const users = sim.tenant.users.map((u) => u.id);
    for (const top of [37, 100, 999]) {
      const walked = await ids(`/v1.0/users?$top=${top}`);
      expectExactlyOnce(walked.ids, users);
      expect(walked.pages).toBe(Math.ceil(users.length / top));
    }
    const byDefault = await ids('/v1.0/users');
    expect(byDefault.sizes.slice(0, -1).every((n) => n === 100)).toBe(true);
    expectExactlyOnce(
      (await ids('/v1.0/groups?$top=7')).ids,
      sim.tenant.groups.map((g) => g.id),
    );
    expectExactlyOnce(
      (await ids('/v1.0/applications?$top=2')).ids,
      sim.tenant.applications.map((a) => a.id),
    );
    expectExactlyOnce(
      (await ids('/v1.0/servicePrincipals?$top=3')).ids,
      sim.tenant.servicePrincipals.map((s) => s.id),
    );
    expectExactlyOnce(
      (await ids('/v1.0/roleManagement/directory/roleAssignments?$top=2')).ids,
      sim.tenant.roleAssignments.map((a) => a.id),
    );
    expectExactlyOnce(
      (await ids('/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=250')).ids,
      sim.tenant.registrationDetails.map((r) => r.id),
    );
    const allStaff = sim.tenant.groups[0]!.id;
    expectExactlyOnce(
      (await ids(`/v1.0/groups/${allStaff}/members?$top=999`)).ids,
      sim.index.directMembers(allStaff).map((m) => m.id),
    );
  });

  it('caps pages at 120 users when signInActivity is selected', async () => {
    const walked = await ids('/v1.0/users?$top=999&$select=id,signInActivity');
    expect(Math.max(...walked.sizes)).toBe(120);
    expectExactlyOnce(
      walked.ids,
      sim.tenant.users.map((u) => u.id),
    );
    const plain = await ids('/v1.0/users?$top=999&$select=id,accountEnabled');
    expect(plain.pages).toBe(1);
  });

  it('flattens nested groups in transitiveMembers, each member once', async () => {
    const [groupId] = [...sim.tenant.members].find(([, members]) => members.some((m) => m.kind === 'group'))!;
    const direct = await ids(`/v1.0/groups/${groupId}/members`);
    const transitive = await ids(`/v1.0/groups/${groupId}/transitiveMembers?$top=5`);
    expect(new Set(transitive.ids).size).toBe(transitive.ids.length);
    expect(transitive.ids.length).toBeGreaterThan(direct.ids.length);
    for (const id of direct.ids) expect(transitive.ids).toContain(id);
  });

  it('keeps the query in nextLink, and refuses a skiptoken from another query', async () => {
    const first = (
      await client.get("/v1.0/users?$top=5&$select=id,userType&$filter=userType eq 'Member'")
    ).json<{
      '@odata.nextLink': string;
      value: Array<Record<string, unknown>>;
    }>();
    const next = new URL(first['@odata.nextLink']);
    expect(next.origin).toBe(sim.url);
    expect(next.searchParams.get('$select')).toBe('id,userType');
    expect(next.searchParams.get('$filter')).toBe("userType eq 'Member'");
    expect(next.searchParams.get('$skiptoken')).toMatch(/^[A-Za-z0-9_-]+$/);
    const page2 = (await client.get(first['@odata.nextLink'])).json<{
      value: Array<Record<string, unknown>>;
    }>();
    expect(page2.value.every((u) => u.userType === 'Member' && Object.keys(u).length === 2)).toBe(true);
    const foreign = `/v1.0/groups?$skiptoken=${next.searchParams.get('$skiptoken')}`;
    const refused = await client.get(foreign);
    expect(refused.status).toBe(400);
    expect(graphError(refused).code).toBe('Directory_ExpiredPageToken');
  });
});

describe('Entra simulator query options', () => {
  it('returns the default property set without $select, and exactly the selection with it', async () => {
    const plain = (await client.get('/v1.0/users?$top=3')).json<{ value: Array<Record<string, unknown>> }>();
    for (const user of plain.value) {
      expect(Object.keys(user).sort()).toEqual(
        [
          'businessPhones',
          'displayName',
          'givenName',
          'id',
          'jobTitle',
          'mail',
          'mobilePhone',
          'officeLocation',
          'preferredLanguage',
          'surname',
          'userPrincipalName',
        ].sort(),
      );
    }
    const chosen = (
      await client.get('/v1.0/users?$top=3&$select=ID,accountEnabled,userType,createdDateTime')
    ).json<{
      value: Array<Record<string, unknown>>;
    }>();
    for (const user of chosen.value) {
      expect(Object.keys(user).sort()).toEqual(['accountEnabled', 'createdDateTime', 'id', 'userType']);
      expect(typeof user.accountEnabled).toBe('boolean');
    }
    const unknown = await client.get('/v1.0/users?$select=id,lastLogin');
    expect(unknown.status).toBe(400);
    expect(graphError(unknown).message).toBe(
      "Could not find a property named 'lastLogin' on type 'microsoft.graph.user'.",
    );
  });

  it('counts with ConsistencyLevel: eventual only, and applies the count drift fault', async () => {
    const counted = (await client.get('/v1.0/users?$count=true&$top=1', EVENTUAL)).json<{
      '@odata.count': number;
    }>();
    expect(counted['@odata.count']).toBe(sim.tenant.users.length);
    const bare = await client.get('/v1.0/users/$count', EVENTUAL);
    expect(bare.text).toBe(String(sim.tenant.users.length));
    for (const path of ['/v1.0/users/$count', '/v1.0/users?$count=true', '/v1.0/groups/$count']) {
      const refused = await client.get(path);
      expect(refused.status, path).toBe(400);
      expect(graphError(refused)).toMatchObject({
        code: 'Request_BadRequest',
        message: '$count is not currently supported.',
      });
    }
    sim.setFaults({ countDrift: { groups: -2 } });
    expect((await client.get('/v1.0/groups/$count', EVENTUAL)).text).toBe(
      String(sim.tenant.groups.length - 2),
    );
    expect((await client.get('/v1.0/users/$count', EVENTUAL)).text).toBe(String(sim.tenant.users.length));
    sim.setFaults({});
  });

  it('filters where the connector filters, and refuses what Graph refuses', async () => {
    const disabled = await ids('/v1.0/users?$filter=accountEnabled eq false&$select=id');
    expectExactlyOnce(
      disabled.ids,
      sim.tenant.users.filter((u) => !u.accountEnabled).map((u) => u.id),
    );
    const guests = await ids("/v1.0/users?$filter=userType eq 'Guest'");
    expectExactlyOnce(
      guests.ids,
      sim.tenant.users.filter((u) => u.userType === 'Guest').map((u) => u.id),
    );
    const own = (await client.get(`/v1.0/applications?$filter=appId eq '${sim.clientId}'`)).json<{
      value: Array<{ id: string }>;
    }>();
    expect(own.value.map((a) => a.id)).toEqual([sim.tenant.client.applicationId]);
    const sp = (await client.get(`/v1.0/servicePrincipals?$filter=appId eq '${sim.clientId}'`)).json<{
      value: Array<{ id: string }>;
    }>();
    expect(sp.value.map((s) => s.id)).toEqual([sim.tenant.client.servicePrincipalId]);
    const cutoff = '2025-03-01T00:00:00Z';
    const stale = await ids(
      `/v1.0/users?$filter=signInActivity/lastSignInDateTime le ${cutoff}&$select=id,signInActivity`,
    );
    expectExactlyOnce(
      stale.ids,
      sim.tenant.users
        .filter(
          (u) =>
            u.signInActivity?.lastSignInDateTime &&
            Date.parse(u.signInActivity.lastSignInDateTime) <= Date.parse(cutoff),
        )
        .map((u) => u.id),
    );
    const unified = await ids("/v1.0/groups?$filter=groupTypes/any(c:c eq 'Unified')");
    expectExactlyOnce(
      unified.ids,
      sim.tenant.groups.filter((g) => g.groupTypes.includes('Unified')).map((g) => g.id),
    );
    // `ne` is an advanced query: refused without the headers, answered with them.
    const ne = await client.get("/v1.0/users?$filter=userType ne 'Member'");
    expect(ne.status).toBe(400);
    expect(graphError(ne).code).toBe('Request_UnsupportedQuery');
    expect(graphError(ne).message).toContain('ConsistencyLevel:eventual');
    const advanced = await ids("/v1.0/users?$filter=userType ne 'Member'&$count=true", EVENTUAL.headers);
    expect(advanced.ids).toHaveLength(guests.ids.length);
    const unsupported = await client.get("/v1.0/users?$filter=jobTitle eq 'Engineer'");
    expect(graphError(unsupported)).toMatchObject({ code: 'Request_UnsupportedQuery' });
    const broken = await client.get("/v1.0/users?$filter=userType eq 'Guest");
    expect(broken.status).toBe(400);
  });

  it('expands role assignment principals as directory objects with their type', async () => {
    const assignments = (
      await client.pages<{ principalId: string; principal: { id: string; '@odata.type': string } }>(
        '/v1.0/roleManagement/directory/roleAssignments?$expand=principal',
      )
    ).flatMap((p) => p.value);
    expect(assignments).toHaveLength(sim.tenant.roleAssignments.length);
    for (const assignment of assignments) {
      expect(assignment.principal.id).toBe(assignment.principalId);
      const record = sim.tenant.roleAssignments.find((a) => a.principalId === assignment.principalId)!;
      expect(assignment.principal['@odata.type']).toBe(`#microsoft.graph.${record.principalKind}`);
    }
  });
});

describe('Entra simulator tokens and permissions', () => {
  it('issues a JWT whose roles claim lists the consented application permissions', async () => {
    const response = await client.requestToken({ tenant: sim.tenantDomain });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = response.json<{
      token_type: string;
      expires_in: number;
      ext_expires_in: number;
      access_token: string;
    }>();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    const claims = claimsOf(body.access_token);
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${sim.tenantId}/`,
      tid: sim.tenantId,
      appid: sim.clientId,
      idtyp: 'app',
      oid: sim.tenant.client.servicePrincipalId,
    });
    expect(claims.roles).toEqual(sim.tenant.client.grantedPermissions);
    expect(claims.scp).toBeUndefined();
  });

  it('omits revoked permissions from roles, and Graph then refuses the routes that need them', async () => {
    sim.setFaults({ revokedPermissions: ['RoleManagement.Read.Directory', 'AuditLog.Read.All'] });
    const token = (await client.requestToken()).json<{ access_token: string }>().access_token;
    sim.setFaults({});
    expect(claimsOf(token).roles).not.toContain('RoleManagement.Read.Directory');
    const roles = await client.get('/v1.0/roleManagement/directory/roleAssignments', { token });
    expect(roles.status).toBe(403);
    expect(graphError(roles)).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
    const signIns = await client.get('/v1.0/users?$select=id,signInActivity', { token });
    expect(signIns.status).toBe(403);
    expect(graphError(signIns)).toMatchObject({
      code: 'Authentication_MSGraphPermissionMissing',
      message: 'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
    });
    const report = await client.get('/v1.0/reports/authenticationMethods/userRegistrationDetails', { token });
    expect(graphError(report).code).toBe('Authentication_MSGraphPermissionMissing');
    // Users without sign-in activity still work: the permission gap is per property.
    expect((await client.get('/v1.0/users?$select=id,accountEnabled', { token })).status).toBe(200);
  });

  it('leaves roles out when nothing is consented; members then come back with type and id only', async () => {
    const bare = await startEntraSimulator({ users: 20, seed: 8, grantedPermissions: [] });
    const bareClient = entraSimClient(bare);
    try {
      const token = await bareClient.token();
      expect('roles' in claimsOf(token)).toBe(false);
      expect((await bareClient.get('/v1.0/users')).status).toBe(403);
    } finally {
      await bareClient.close();
      await bare.close();
    }
    const groupsOnly = await startEntraSimulator({
      users: 20,
      seed: 8,
      grantedPermissions: ['GroupMember.Read.All'],
    });
    const groupsClient = entraSimClient(groupsOnly);
    try {
      const allStaff = groupsOnly.tenant.groups[0]!.id;
      const members = (await groupsClient.get(`/v1.0/groups/${allStaff}/members`)).json<{
        value: Array<Record<string, unknown>>;
      }>();
      expect(members.value.length).toBeGreaterThan(0);
      for (const member of members.value) expect(Object.keys(member).sort()).toEqual(['@odata.type', 'id']);
    } finally {
      await groupsClient.close();
      await groupsOnly.close();
    }
  });

  it('accepts the client credentials in a Basic Authorization header (client_secret_basic)', async () => {
    const agent = new Agent({ connect: { ca: sim.caPem } });
    try {
      const basic = (secret: string) =>
        fetch(sim.tokenEndpoint, {
          dispatcher: agent,
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`${sim.clientId}:${encodeURIComponent(secret)}`).toString('base64')}`,
          },
          body: 'grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
        });
      expect((await basic(sim.clientSecret)).status).toBe(200);
      expect((await basic('wrong')).status).toBe(401);
    } finally {
      await agent.close();
    }
  });

  it('answers AADSTS errors as Entra ID does', async () => {
    expectAadsts(
      await client.requestToken({ clientSecret: 'not-the-secret' }),
      401,
      'invalid_client',
      7000215,
    );
    const pastedId = expectAadsts(
      await client.requestToken({ clientSecret: sim.clientSecretId }),
      401,
      'invalid_client',
      7000215,
    );
    expect(pastedId.error_description).toContain('client secret value, not the client secret ID');
    const expired = expectAadsts(
      await client.requestToken({ clientSecret: sim.expiredClientSecret }),
      401,
      'invalid_client',
      7000222,
    );
    expect(expired.error_description).toContain(`app '${sim.clientId}' are expired`);
    sim.setFaults({ secretExpired: true });
    expectAadsts(await client.requestToken(), 401, 'invalid_client', 7000222);
    sim.setFaults({});
    const otherTenant = randomUUID();
    const notFound = expectAadsts(
      await client.requestToken({ tenant: otherTenant }),
      400,
      'invalid_request',
      90002,
    );
    expect(notFound.error_description).toContain(`Tenant '${otherTenant}' not found`);
    const otherApp = randomUUID();
    const notInTenant = expectAadsts(
      await client.requestToken({ clientId: otherApp }),
      400,
      'unauthorized_client',
      700016,
    );
    expect(notInTenant.error_description).toContain(
      `identifier '${otherApp}' was not found in the directory`,
    );
    expectAadsts(await client.requestToken({ scope: 'User.Read.All' }), 400, 'invalid_scope', 1002012);
    expectAadsts(
      await client.requestToken({ form: { grant_type: 'password' } }),
      400,
      'unsupported_grant_type',
      70003,
    );
    // The right secret still works afterwards.
    expect((await client.requestToken()).status).toBe(200);
  });

  it('accepts a certificate client assertion signed by the registered key, and refuses others', async () => {
    const certSim = await startEntraSimulator({ users: 10, seed: 3, clientCertificate: true });
    const certClient = entraSimClient(certSim);
    try {
      const certificate = certSim.clientCertificate!;
      const der = Buffer.from(certificate.certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
      const assertion = (key: string, aud = certSim.tokenEndpoint): string => {
        const header = { alg: 'RS256', typ: 'JWT', x5t: createHash('sha1').update(der).digest('base64url') };
        const now = Math.floor(Date.now() / 1000);
        const claims = {
          aud,
          iss: certSim.clientId,
          sub: certSim.clientId,
          jti: randomUUID(),
          nbf: now,
          exp: now + 600,
        };
        const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
        return `${input}.${createSign('RSA-SHA256').update(input).sign(key, 'base64url')}`;
      };
      const form = (value: string) => ({
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: value,
      });
      const ok = await certClient.requestToken({ form: form(assertion(certificate.privateKeyPem)) });
      expect(ok.status, ok.text).toBe(200);
      expect(claimsOf(ok.json<{ access_token: string }>().access_token).appidacr).toBe('2');
      const app = certSim.tenant.applications.find((a) => a.id === certSim.tenant.client.applicationId)!;
      expect(
        app.keyCredentials.map((k) =>
          Buffer.from(k.customKeyIdentifier, 'base64').toString('hex').toUpperCase(),
        ),
      ).toContain(certificate.thumbprint);
      const otherKey = (await import('node:crypto'))
        .generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      expectAadsts(
        await certClient.requestToken({ form: form(assertion(otherKey)) }),
        401,
        'invalid_client',
        700027,
      );
      expectAadsts(
        await certClient.requestToken({
          form: form(assertion(certificate.privateKeyPem, 'https://elsewhere/token')),
        }),
        401,
        'invalid_client',
        700027,
      );
    } finally {
      await certClient.close();
      await certSim.close();
    }
  });
});

describe('Entra simulator faults', () => {
  it('answers without a premium licence as Graph does, for sign-in activity and the MFA report only', async () => {
    sim.setFaults({ noPremiumLicense: true });
    for (const path of [
      '/v1.0/users?$select=id,signInActivity',
      '/v1.0/reports/authenticationMethods/userRegistrationDetails',
    ]) {
      const response = await client.get(path);
      expect(response.status, path).toBe(403);
      expect(graphError(response)).toMatchObject({
        code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
        message: "Neither tenant is B2C or tenant doesn't have premium license",
      });
    }
    expect((await client.get('/v1.0/users?$select=id,accountEnabled,userType')).status).toBe(200);
    sim.setFaults({});
  });

  it('answers like some other web server for a wrong host, and storms 429s on request', async () => {
    sim.setFaults({ wrongDomain: true });
    const token = await client.requestToken();
    expect(token.status).toBe(404);
    expect(token.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await client.get('/v1.0/users', { token: 'x' })).status).toBe(404);
    sim.setFaults({ rateLimitStorm: true });
    const storm = await client.get('/v1.0/users');
    expect(storm.status).toBe(429);
    expect(Number(storm.headers.get('retry-after'))).toBeGreaterThan(0);
    sim.setFaults({});
    expect((await client.get('/v1.0/users?$top=1')).status).toBe(200);
  });

  it('injects 5xx on Graph and on the token endpoint, then recovers', async () => {
    sim.setFaults({ serverErrors: { count: 4, status: 504 } });
    for (let i = 0; i < 4; i++) expect((await client.get('/v1.0/groups')).status).toBe(504);
    expect((await client.get('/v1.0/groups')).status).toBe(200);
    sim.setFaults({ serverErrors: { count: 1, status: 503 } });
    const unavailable = await client.get('/v1.0/groups');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toMatch(/^\d+$/);
    sim.setFaults({ serverErrors: { count: 1, status: 503 } });
    const tokenDown = await client.requestToken();
    expectAadsts(tokenDown, 503, 'temporarily_unavailable', 90033);
    sim.setFaults({});
    expect(sim.stats().serverErrorsSent).toBeGreaterThanOrEqual(6);
  });

  it('resets connections, slows pages, and refuses expired tokens', async () => {
    sim.setFaults({ resetEvery: 2 });
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await client.get('/v1.0/applications?$top=1').then(
          (r) => String(r.status),
          (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
        ),
      );
    }
    // A dropped keep-alive socket surfaces as ECONNRESET or as undici's "other side closed".
    const dropped = outcomes.filter((o) => o === 'ECONNRESET' || o === 'UND_ERR_SOCKET');
    expect(dropped, outcomes.join()).toHaveLength(2);
    expect(outcomes.filter((o) => o === '200')).toHaveLength(2);
    sim.setFaults({ slowPaths: { '/v1.0/users': 30_000 } });
    const slow = client.get('/v1.0/users?$top=1').then(
      () => 'answered',
      () => 'failed',
    );
    // Other paths are not slowed, and the slow page has not answered by the time they have.
    expect((await client.get('/v1.0/groups?$top=1')).status).toBe(200);
    const race = await Promise.race([slow, Promise.resolve('still waiting')]);
    expect(race).toBe('still waiting');
    sim.setFaults({ expiredToken: true });
    const expired = await client.get('/v1.0/groups');
    expect(expired.status).toBe(401);
    expect(graphError(expired)).toMatchObject({
      code: 'InvalidAuthenticationToken',
      message: 'Lifetime validation failed, the token is expired.',
    });
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer /);
    sim.setFaults({});
  });
});

describe('Entra simulator throttling', () => {
  let now = Date.UTC(2026, 0, 5, 12);
  let throttled: EntraSimulator;
  let throttledClient: EntraSimClient;

  beforeAll(async () => {
    throttled = await startEntraSimulator({
      users: 60,
      seed: 2,
      throttleBudget: 5,
      clock: () => now,
      tokenLifetimeSeconds: 600,
    });
    throttledClient = entraSimClient(throttled);
  });

  afterAll(async () => {
    await throttledClient?.close();
    await throttled?.close();
  });

  it('answers 429 with Retry-After once the window budget is spent, and serves again after it', async () => {
    const statuses: number[] = [];
    let limited: SimResponse | undefined;
    for (let i = 0; i < 5 && limited === undefined; i++) {
      const response = await throttledClient.get('/v1.0/users'); // a page costs 2 units
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else expect(response.headers.get('x-ms-resource-unit')).toBe('2');
    }
    expect(statuses).toEqual([200, 200, 429]);
    const retryAfter = Number(limited!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(graphError(limited!)).toMatchObject({ code: 'TooManyRequests' });
    // Coming back early is noticed (a client ignoring Retry-After) and refused again.
    expect((await throttledClient.get('/v1.0/users')).status).toBe(429);
    expect(throttled.stats().requestsBeforeRetryAfter).toBe(1);
    now += retryAfter * 1000;
    expect((await throttledClient.get('/v1.0/users')).status).toBe(200);
    expect(throttled.stats().throttled).toBe(2);
  });

  it('injects 429 or 503 throttles with a chosen Retry-After', async () => {
    throttled.setFaults({ throttle: { count: 2, status: 503, retryAfterSeconds: 7 } });
    for (let i = 0; i < 2; i++) {
      const response = await throttledClient.get('/v1.0/groups?$top=1');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('7');
    }
    throttled.setFaults({});
    now += 20_000;
    expect((await throttledClient.get('/v1.0/groups?$top=1')).status).toBe(200);
  });

  it('expires tokens after their lifetime', async () => {
    now += 601_000;
    const response = await throttledClient.get('/v1.0/groups?$top=1');
    expect(response.status).toBe(401);
    expect(graphError(response).message).toBe('Lifetime validation failed, the token is expired.');
    throttledClient.forgetToken();
    expect((await throttledClient.get('/v1.0/groups?$top=1')).status).toBe(200);
  });
});
