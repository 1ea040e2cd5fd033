// The simulator's "spec" check: Datadog publishes no description we keep locally, so the official client's
// models are the contract. A body passes when the client's ObjectSerializer deserializes it as the type the
// client expects for that operation with nothing left over: no key outside the model (which the client
// would park in `additionalProperties`), no enum value it does not know (`_unparsed`), no missing
// required property (the serializer throws).
import { createRequire } from 'node:module';

interface Serializer {
  deserialize(data: unknown, type: string, format?: string): unknown;
}

const load = createRequire(import.meta.url);

function serializers(): { v1: Serializer; v2: Serializer } {
  const sdk = load('@datadog/datadog-api-client') as {
    v1: { ObjectSerializer: Serializer };
    v2: { ObjectSerializer: Serializer };
  };
  return { v1: sdk.v1.ObjectSerializer, v2: sdk.v2.ObjectSerializer };
}

/** The client's response type per simulated operation. */
export const RESPONSE_TYPES: Record<string, { version: 'v1' | 'v2'; type: string }> = {
  'GET /api/v1/validate': { version: 'v1', type: 'AuthenticationValidationResponse' },
  'GET /api/v2/validate_keys': { version: 'v2', type: 'ValidateAPIKeyResponse' },
  'GET /api/v2/users': { version: 'v2', type: 'UsersResponse' },
  'GET /api/v2/roles': { version: 'v2', type: 'RolesResponse' },
  'GET /api/v2/roles/{role_id}/permissions': { version: 'v2', type: 'PermissionsResponse' },
  'GET /api/v2/roles/{role_id}/users': { version: 'v2', type: 'UsersResponse' },
  'GET /api/v2/permissions': { version: 'v2', type: 'PermissionsResponse' },
  error: { version: 'v2', type: 'APIErrorResponse' },
};

/** Problems found walking a deserialized model: extra keys and unknown enum values, by path. */
function leftovers(value: unknown, path: string, out: string[]): void {
  if (value === null || typeof value !== 'object' || value instanceof Date) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => leftovers(item, `${path}[${i}]`, out));
    return;
  }
  const record = value as Record<string, unknown>;
  if (record.constructor?.name === 'UnparsedObject') out.push(`${path}: value the client cannot parse`);
  if (record._unparsed === true && !out.some((p) => p.startsWith(path)))
    out.push(`${path}: contains a value the client cannot parse`);
  if (record.additionalProperties && Object.keys(record.additionalProperties).length)
    out.push(`${path}: keys outside the model: ${Object.keys(record.additionalProperties).join(', ')}`);
  for (const [key, child] of Object.entries(record)) {
    if (key === 'additionalProperties' || key === '_unparsed') continue;
    leftovers(child, `${path}.${key}`, out);
  }
}

/** Deserializes `body` strictly; returns the problems (empty when it conforms). */
export function validateDatadogResponse(operation: string, body: unknown): string[] {
  const target = RESPONSE_TYPES[operation];
  if (!target) return [`no response type known for ${operation}`];
  const serializer = serializers()[target.version];
  let model: unknown;
  try {
    model = serializer.deserialize(body, target.type);
  } catch (error) {
    return [`${target.type}: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  leftovers(model, target.type, problems);
  return problems;
}
