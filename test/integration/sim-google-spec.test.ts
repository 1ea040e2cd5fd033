// Fidelity of the Google Workspace simulator: every Directory route the connector reads, fetched over
// HTTPS, validated against the Admin SDK Directory description (an OpenAPI 3.0 conversion of Google's
// discovery document; strict: undeclared properties fail), and its error bodies against Google's error
// envelope (sim/google/spec.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTORY_SCOPES, startGoogleSimulator } from '../../sim/google/index.ts';
import type { GoogleSimulator } from '../../sim/google/index.ts';
import { directoryValidator } from '../../sim/google/spec.ts';
import { googleSimClient } from '../../sim/google/test-client.ts';
import type { GoogleSimClient, SimResponse } from '../../sim/google/test-client.ts';
import type { OpenApiResponseValidator } from '../../sim/shared/openapi-validator.ts';

let sim: GoogleSimulator;
let client: GoogleSimClient;
let validator: OpenApiResponseValidator;
let token: string;

const BASE = '/admin/directory/v1';
const TEMPLATES = [
  `${BASE}/users`,
  `${BASE}/groups`,
  `${BASE}/groups/{groupKey}/members`,
  `${BASE}/customer/{customer}/roles`,
  `${BASE}/customer/{customer}/roleassignments`,
  `${BASE}/users/{userKey}/tokens`,
];

beforeAll(async () => {
  validator = directoryValidator();
  for (const template of TEMPLATES)
    for (const status of [200, 400, 401, 403, 404, 429, 503]) validator.validate('GET', template, status, {});
  sim = await startGoogleSimulator({ users: 620, seed: 5 });
  client = googleSimClient(sim);
  token = await client.token({
    keyFile: sim.keyFile,
    subject: sim.adminEmail,
    scopes: Object.values(DIRECTORY_SCOPES).filter((s) => !s.includes('orgunit')),
  });
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
});

function expectConforms(template: string, response: SimResponse, status = 200): Record<string, unknown> {
  expect(response.status, response.text).toBe(status);
  const body = response.json<Record<string, unknown>>();
  const result = validator.validate('GET', template, status, body);
  expect(result.errors).toEqual([]);
  return body;
}

describe('Directory responses conform to the description', () => {
  it('users, full projection, every page, including suspended, archived and deleted users', async () => {
    const pages = await client.pages<Record<string, unknown>>(
      `${BASE}/users?customer=my_customer&projection=full&maxResults=500`,
      token,
    );
    expect(pages.length).toBe(2);
    for (const page of pages)
      expect(validator.validate('GET', TEMPLATES[0] as string, 200, page).errors).toEqual([]);
    const users = pages.flatMap((p) => (p.users as Array<Record<string, unknown>>) ?? []);
    expect(users.some((u) => u.suspended === true && typeof u.suspensionReason === 'string')).toBe(true);
    expect(users.some((u) => u.archived === true)).toBe(true);
    const deleted = await client.get(`${BASE}/users?customer=my_customer&showDeleted=true`, token);
    const body = expectConforms(TEMPLATES[0] as string, deleted);
    expect(
      (body.users as Array<Record<string, unknown>>).every((u) => typeof u.deletionTime === 'string'),
    ).toBe(true);
  });

  it('groups and members (users, nested groups, the whole customer)', async () => {
    const groups = expectConforms(
      TEMPLATES[1] as string,
      await client.get(`${BASE}/groups?customer=my_customer`, token),
    );
    const list = groups.groups as Array<{ id: string; email: string }>;
    const types = new Set<string>();
    for (const group of list) {
      const members = await client.pages<Record<string, unknown>>(
        `${BASE}/groups/${group.id}/members?maxResults=200`,
        token,
      );
      for (const page of members) {
        expect(validator.validate('GET', TEMPLATES[2] as string, 200, page).errors).toEqual([]);
        for (const m of (page.members as Array<{ type: string }>) ?? []) types.add(m.type);
      }
    }
    expect([...types].sort()).toEqual(['CUSTOMER', 'GROUP', 'USER']);
  });

  it('roles, role assignments and tokens', async () => {
    const roles = expectConforms(
      TEMPLATES[3] as string,
      await client.get(`${BASE}/customer/my_customer/roles`, token),
    );
    expect((roles.items as Array<{ isSuperAdminRole?: boolean }>).some((r) => r.isSuperAdminRole)).toBe(true);
    const assignments = expectConforms(
      TEMPLATES[4] as string,
      await client.get(`${BASE}/customer/${sim.customerId}/roleassignments?maxResults=200`, token),
    );
    expect((assignments.items as Array<{ scopeType: string }>).some((a) => a.scopeType === 'ORG_UNIT')).toBe(
      true,
    );
    const holder = [...sim.domain.tokens.keys()][0] as string;
    const tokens = expectConforms(
      TEMPLATES[5] as string,
      await client.get(`${BASE}/users/${holder}/tokens`, token),
    );
    expect((tokens.items as unknown[]).length).toBeGreaterThan(0);
  });

  it('error bodies: 400, 401, 403 (forbidden, scope, rate limit), 404, 429, 503', async () => {
    expectConforms(
      TEMPLATES[0] as string,
      await client.get(`${BASE}/users?customer=my_customer&maxResults=501`, token),
      400,
    );
    expectConforms(
      TEMPLATES[0] as string,
      await client.get(`${BASE}/users?customer=my_customer`, 'ya29.nope'),
      401,
    );
    expectConforms(
      TEMPLATES[2] as string,
      await client.get(`${BASE}/groups/nobody@example.com/members`, token),
      404,
    );
    sim.setFaults({ forbiddenPaths: [`${BASE}/groups`] });
    expectConforms(
      TEMPLATES[1] as string,
      await client.get(`${BASE}/groups?customer=my_customer`, token),
      403,
    );
    sim.setFaults({ throttle: { count: 1 } });
    expectConforms(
      TEMPLATES[1] as string,
      await client.get(`${BASE}/groups?customer=my_customer`, token),
      403,
    );
    sim.setFaults({ rateLimitStorm: true });
    expectConforms(
      TEMPLATES[1] as string,
      await client.get(`${BASE}/groups?customer=my_customer`, token),
      429,
    );
    sim.setFaults({ serverErrors: { count: 1 } });
    expectConforms(
      TEMPLATES[1] as string,
      await client.get(`${BASE}/groups?customer=my_customer`, token),
      503,
    );
    sim.setFaults({});
    const narrow = await client.token({
      keyFile: sim.keyFile,
      subject: sim.adminEmail,
      scopes: [DIRECTORY_SCOPES.users],
    });
    expectConforms(
      TEMPLATES[5] as string,
      await client.get(`${BASE}/users/${sim.adminEmail}/tokens`, narrow),
      403,
    );
  });
});
