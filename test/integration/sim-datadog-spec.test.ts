// Every response the Datadog simulator sends, deserialized strictly with the official client's models
// (sim/datadog/spec.ts): what the connector parses must be what Datadog's own client understands.
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatadogSimulator, type DatadogSimulator } from '../../sim/datadog/index.ts';
import { validateDatadogResponse } from '../../sim/datadog/spec.ts';

let sim: DatadogSimulator;
let agent: Agent;

beforeAll(async () => {
  sim = await startDatadogSimulator({ users: 240, seed: 5 });
  agent = new Agent({ connect: { ca: sim.caPem } });
});

afterAll(async () => {
  await agent?.close();
  await sim?.close();
});

async function get(path: string, keys = { api: sim.apiKey, app: sim.appKey }) {
  const response = await fetch(`${sim.url}${path}`, {
    dispatcher: agent,
    headers: { 'DD-API-KEY': keys.api, 'DD-APPLICATION-KEY': keys.app, accept: 'application/json' },
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
}

describe('Datadog simulator against the client models', () => {
  const someRole = () => sim.org.roles[0]!.id;
  const cases: Array<[operation: string, path: () => string]> = [
    ['GET /api/v1/validate', () => '/api/v1/validate'],
    ['GET /api/v2/validate_keys', () => '/api/v2/validate_keys'],
    ['GET /api/v2/users', () => '/api/v2/users?page[size]=100&page[number]=0'],
    ['GET /api/v2/users', () => '/api/v2/users?page[size]=100&page[number]=2'],
    ['GET /api/v2/users', () => '/api/v2/users?filter[status]=Disabled,Pending'],
    ['GET /api/v2/roles', () => '/api/v2/roles?page[size]=100'],
    ['GET /api/v2/roles/{role_id}/permissions', () => `/api/v2/roles/${someRole()}/permissions`],
    ['GET /api/v2/roles/{role_id}/users', () => `/api/v2/roles/${someRole()}/users?page[size]=50`],
    ['GET /api/v2/permissions', () => '/api/v2/permissions'],
  ];
  it.each(cases)('%s conforms (%#)', async (operation, path) => {
    const { status, body } = await get(path());
    expect(status).toBe(200);
    expect(validateDatadogResponse(operation, body)).toEqual([]);
  });

  it('the validator rejects a key outside the model and an unknown enum value', () => {
    const user = { type: 'users', id: 'x', attributes: { name: 'n', allowed_login_methods: [] } };
    expect(validateDatadogResponse('GET /api/v2/users', { data: [user] })).toEqual([
      expect.stringContaining('allowed_login_methods'),
    ]);
    const role = { type: 'role', id: 'r', attributes: { name: 'x' } };
    expect(validateDatadogResponse('GET /api/v2/roles', { data: [role] }).length).toBeGreaterThan(0);
  });

  it('error bodies (403, 404, 400, 429, 500) are the client APIErrorResponse', async () => {
    const forbidden = await get('/api/v2/users', { api: 'wrong', app: sim.appKey });
    const notFound = await get('/api/v2/roles/nope/permissions');
    const badPage = await get('/api/v2/users?page[size]=101');
    sim.setFaults({ rateLimitStorm: true });
    const limited = await get('/api/v2/users');
    sim.setFaults({ serverErrors: { count: 1, status: 500 } });
    const failed = await get('/api/v2/users');
    sim.setFaults({});
    expect([forbidden, notFound, badPage, limited, failed].map((r) => r.status)).toEqual([
      403, 404, 400, 429, 500,
    ]);
    for (const reply of [forbidden, notFound, badPage, limited, failed])
      expect(validateDatadogResponse('error', reply.body)).toEqual([]);
    expect(forbidden.body).toEqual({ errors: ['Forbidden'] });
  });
});
