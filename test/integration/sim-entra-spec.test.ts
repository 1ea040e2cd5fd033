// Fidelity of the Entra simulator: every Graph route's responses, fetched over HTTPS, validated against
// Microsoft's Graph v1.0 description (strict: undeclared properties fail too), with the documented
// amendments of sim/entra/spec.ts and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntraSimulator } from '../../sim/entra/index.ts';
import type { EntraSimulator } from '../../sim/entra/index.ts';
import { GRAPH_SPEC_AMENDMENTS, graphResponseValidator } from '../../sim/entra/spec.ts';
import { entraSimClient } from '../../sim/entra/test-client.ts';
import type { EntraSimClient, SimResponse } from '../../sim/entra/test-client.ts';
import type { OpenApiResponseValidator } from '../../sim/shared/openapi-validator.ts';

let sim: EntraSimulator;
let client: EntraSimClient;
let validator: OpenApiResponseValidator;

const TEMPLATES = [
  '/users',
  '/users/{user-id}',
  '/groups',
  '/groups/{group-id}',
  '/groups/{group-id}/members',
  '/groups/{group-id}/transitiveMembers',
  '/applications',
  '/applications/{application-id}',
  '/servicePrincipals',
  '/servicePrincipals/{servicePrincipal-id}',
  '/roleManagement/directory/roleDefinitions',
  '/roleManagement/directory/roleDefinitions/{unifiedRoleDefinition-id}',
  '/roleManagement/directory/roleAssignments',
  '/roleManagement/directory/roleAssignments/{unifiedRoleAssignment-id}',
  '/reports/authenticationMethods/userRegistrationDetails',
  '/reports/authenticationMethods/userRegistrationDetails/{userRegistrationDetails-id}',
];

const EVENTUAL = { headers: { ConsistencyLevel: 'eventual' } };

beforeAll(async () => {
  // The description takes seconds to compile: build it before the simulator's sockets exist.
  validator = graphResponseValidator();
  // Compiling a schema blocks for seconds; doing it between requests lets the server drop the idle
  // keep-alive socket under the client (ECONNRESET). Compile every response schema first.
  for (const template of TEMPLATES)
    for (const status of [200, 400, 401, 403, 404, 429, 500, 503])
      validator.validate('GET', template, status, {});
  validator.validateSchema('ODataCountResponse', 0);
  sim = await startEntraSimulator({ users: 260, seed: 21 });
  client = entraSimClient(sim);
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
});

function expectConforms(
  template: string,
  response: SimResponse,
  expectedStatus = 200,
): Record<string, unknown> {
  expect(response.status, response.text).toBe(expectedStatus);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
  const body = response.json<Record<string, unknown>>();
  const result = validator.validate('GET', template, response.status, body);
  expect(result.errors, `${template} ${response.status}`).toEqual([]);
  return body;
}

/** Walks nextLinks from `path`, validating every page; returns every item. */
async function walk(
  path: string,
  template: string,
  headers?: Record<string, string>,
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let next: string | undefined = path;
  while (next) {
    const body = expectConforms(template, await client.get(next, { headers }));
    expect(body['@odata.context']).toMatch(new RegExp(`^${sim.url}/v1\\.0/\\$metadata#`));
    items.push(...(body.value as Array<Record<string, unknown>>));
    next = body['@odata.nextLink'] as string | undefined;
  }
  return items;
}

async function expectCount(path: string, expected: number): Promise<void> {
  const response = await client.get(path, EVENTUAL);
  expect(response.status, response.text).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  expect(response.text).toBe(String(expected));
  // The description types the bare count as ODataCountResponse (text/plain).
  expect(validator.validateSchema('ODataCountResponse', Number(response.text)).errors).toEqual([]);
}

describe('Entra simulator responses conform to the Graph v1.0 description', () => {
  it('users: default properties, selected properties with sign-in activity, counts, a single user', async () => {
    const users = await walk('/v1.0/users?$top=97', '/users');
    expect(users).toHaveLength(sim.tenant.users.length);
    const selected = await walk(
      '/v1.0/users?$select=id,userPrincipalName,mail,accountEnabled,userType,createdDateTime,signInActivity&$top=120',
      '/users',
    );
    expect(selected.some((u) => u.signInActivity === null)).toBe(true);
    expect(selected.some((u) => u.accountEnabled === false)).toBe(true);
    const counted = expectConforms(
      '/users',
      await client.get('/v1.0/users?$count=true&$filter=accountEnabled eq false', EVENTUAL),
    );
    expect(counted['@odata.count']).toBe(sim.tenant.users.filter((u) => !u.accountEnabled).length);
    await expectCount('/v1.0/users/$count', sim.tenant.users.length);
    for (const user of sim.tenant.users.filter((_, i) => i % 40 === 0)) {
      expectConforms('/users/{user-id}', await client.get(`/v1.0/users/${user.id}`));
      expectConforms(
        '/users/{user-id}',
        await client.get(`/v1.0/users/${user.id}?$select=id,accountEnabled,signInActivity`),
      );
    }
    const guest = sim.tenant.users.find((u) => u.userType === 'Guest')!;
    const byUpn = expectConforms(
      '/users/{user-id}',
      await client.get(`/v1.0/users/${encodeURIComponent(guest.userPrincipalName)}`),
    );
    expect(byUpn.id).toBe(guest.id);
  });

  it('groups, their direct and transitive members (mixed types), and counts', async () => {
    const groups = await walk('/v1.0/groups?$top=4', '/groups');
    expect(groups).toHaveLength(sim.tenant.groups.length);
    await expectCount('/v1.0/groups/$count', sim.tenant.groups.length);
    const withNested = [...sim.tenant.members].find(([, members]) =>
      members.some((m) => m.kind === 'group'),
    )!;
    const withSp = [...sim.tenant.members].find(([, members]) =>
      members.some((m) => m.kind === 'servicePrincipal'),
    )!;
    for (const [groupId] of [withNested, withSp]) {
      expectConforms('/groups/{group-id}', await client.get(`/v1.0/groups/${groupId}`));
      const members = await walk(`/v1.0/groups/${groupId}/members?$top=50`, '/groups/{group-id}/members');
      expect(new Set(members.map((m) => m['@odata.type'])).size).toBeGreaterThan(1);
      await walk(`/v1.0/groups/${groupId}/transitiveMembers`, '/groups/{group-id}/transitiveMembers');
      await walk(
        `/v1.0/groups/${groupId}/members?$select=id,displayName,userPrincipalName,accountEnabled`,
        '/groups/{group-id}/members',
      );
      await expectCount(`/v1.0/groups/${groupId}/members/$count`, sim.index.directMembers(groupId).length);
      await expectCount(
        `/v1.0/groups/${groupId}/transitiveMembers/$count`,
        sim.index.transitiveMembers(groupId).length,
      );
    }
  });

  it('app registrations with their credentials, and service principals', async () => {
    const apps = await walk('/v1.0/applications?$top=2', '/applications');
    expect(apps).toHaveLength(sim.tenant.applications.length);
    const own = expectConforms(
      '/applications',
      await client.get(
        `/v1.0/applications?$filter=appId eq '${sim.clientId}'&$select=id,appId,passwordCredentials,keyCredentials`,
      ),
    );
    expect((own.value as Array<{ passwordCredentials: unknown[] }>)[0]!.passwordCredentials).toHaveLength(2);
    expectConforms(
      '/applications/{application-id}',
      await client.get(`/v1.0/applications/${sim.tenant.applications[1]!.id}`),
    );
    await expectCount('/v1.0/applications/$count', sim.tenant.applications.length);
    const sps = await walk('/v1.0/servicePrincipals?$top=5', '/servicePrincipals');
    expect(sps).toHaveLength(sim.tenant.servicePrincipals.length);
    for (const sp of sim.tenant.servicePrincipals.filter(
      (s) => s.appRoles.length > 0 || s.keyCredentials.length > 0,
    )) {
      expectConforms(
        '/servicePrincipals/{servicePrincipal-id}',
        await client.get(`/v1.0/servicePrincipals/${sp.id}`),
      );
    }
    await expectCount('/v1.0/servicePrincipals/$count', sim.tenant.servicePrincipals.length);
  });

  it('role definitions and role assignments, with principals and definitions expanded', async () => {
    const definitions = await walk(
      '/v1.0/roleManagement/directory/roleDefinitions',
      '/roleManagement/directory/roleDefinitions',
    );
    expect(definitions).toHaveLength(sim.tenant.roleDefinitions.length);
    expectConforms(
      '/roleManagement/directory/roleDefinitions/{unifiedRoleDefinition-id}',
      await client.get(`/v1.0/roleManagement/directory/roleDefinitions/${sim.tenant.roleDefinitions[0]!.id}`),
    );
    const assignments = await walk(
      '/v1.0/roleManagement/directory/roleAssignments?$expand=principal&$top=3',
      '/roleManagement/directory/roleAssignments',
    );
    expect(new Set(assignments.map((a) => (a.principal as Record<string, unknown>)['@odata.type']))).toEqual(
      new Set(['#microsoft.graph.user', '#microsoft.graph.group', '#microsoft.graph.servicePrincipal']),
    );
    await walk(
      '/v1.0/roleManagement/directory/roleAssignments?$expand=roleDefinition',
      '/roleManagement/directory/roleAssignments',
    );
    expectConforms(
      '/roleManagement/directory/roleAssignments/{unifiedRoleAssignment-id}',
      await client.get(`/v1.0/roleManagement/directory/roleAssignments/${sim.tenant.roleAssignments[0]!.id}`),
    );
  });

  it('the MFA registration report (a path the subset lacks, added from Microsoft docs)', async () => {
    const rows = await walk(
      '/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=60',
      '/reports/authenticationMethods/userRegistrationDetails',
    );
    expect(rows).toHaveLength(sim.tenant.registrationDetails.length);
    expectConforms(
      '/reports/authenticationMethods/userRegistrationDetails/{userRegistrationDetails-id}',
      await client.get(
        `/v1.0/reports/authenticationMethods/userRegistrationDetails/${sim.tenant.registrationDetails[0]!.id}`,
      ),
    );
  });

  it('answers errors with Graph error bodies (innerError with date and request ids)', async () => {
    const cases: Array<[string, SimResponse, number, string]> = [
      ['/users', await client.get('/v1.0/users?$top=1000'), 400, 'Request_BadRequest'],
      ['/users', await client.get('/v1.0/users?$count=true'), 400, 'Request_BadRequest'],
      ['/users', await client.get('/v1.0/users?$skip=10'), 400, 'Request_BadRequest'],
      ['/users', await client.get('/v1.0/users?$select=nope'), 400, 'BadRequest'],
      [
        '/users',
        await client.get("/v1.0/users?$filter=userType ne 'Guest'"),
        400,
        'Request_UnsupportedQuery',
      ],
      ['/users', await client.get('/v1.0/users', { token: null }), 401, 'InvalidAuthenticationToken'],
      [
        '/users/{user-id}',
        await client.get('/v1.0/users/00000000-0000-4000-8000-000000000000'),
        404,
        'Request_ResourceNotFound',
      ],
    ];
    sim.setFaults({ noPremiumLicense: true });
    cases.push([
      '/users',
      await client.get('/v1.0/users?$select=id,signInActivity'),
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
    ]);
    sim.setFaults({ forbiddenPaths: ['/v1.0/groups'] });
    cases.push(['/groups', await client.get('/v1.0/groups'), 403, 'Authorization_RequestDenied']);
    sim.setFaults({ rateLimitStorm: true });
    cases.push(['/applications', await client.get('/v1.0/applications'), 429, 'TooManyRequests']);
    sim.setFaults({ serverErrors: { count: 3, status: 503 } });
    cases.push([
      '/servicePrincipals',
      await client.get('/v1.0/servicePrincipals'),
      503,
      'serviceNotAvailable',
    ]);
    sim.setFaults({ serverErrors: { count: 1, status: 500 } });
    cases.push(['/servicePrincipals', await client.get('/v1.0/servicePrincipals'), 500, 'UnknownError']);
    sim.setFaults({});
    for (const [template, response, status, code] of cases) {
      const body = expectConforms(template, response, status) as {
        error: { code: string; innerError: Record<string, string> };
      };
      expect(body.error.code).toBe(code);
      expect(body.error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      expect(body.error.innerError['request-id']).toBe(response.headers.get('request-id'));
    }
  });

  it('fails the check when a body drifts from the description', async () => {
    const body = (await client.get('/v1.0/users?$top=2')).json<{ value: Array<Record<string, unknown>> }>();
    body.value[0]!.accountEnabled = 'yes';
    expect(validator.validate('GET', '/users', 200, body).valid).toBe(false);
    const invented = (await client.get('/v1.0/users?$top=1')).json<{
      value: Array<Record<string, unknown>>;
    }>();
    invented.value[0]!.lastLogin = '2025-01-01T00:00:00Z';
    expect(validator.validate('GET', '/users', 200, invented).valid).toBe(false);
    const member = (await client.get(`/v1.0/groups/${sim.tenant.groups[0]!.id}/members?$top=1`)).json<{
      value: Array<Record<string, unknown>>;
    }>();
    member.value[0]!.servicePrincipalType = 'Application'; // a service principal property on a user
    expect(validator.validate('GET', '/groups/{group-id}/members', 200, member).valid).toBe(false);
    expect(GRAPH_SPEC_AMENDMENTS.every((a) => a.reason.length > 40)).toBe(true);
  });
});
