// Microsoft's Graph v1.0 description (the subset in ../shared/specs) as the simulator's tests use it, with
// every place where the simulator knowingly sends what the description does not say, each with its
// reason and source. An amendment the description no longer needs is an error, so the list cannot go
// stale silently. What belongs in the kit: `relaxRequired` and `addSchemas`/`addPaths` are generic
// (the kit's amendments only add properties); see the report of the Entra simulator branch.
import { OpenApiResponseValidator, loadOpenApiDocument } from '../shared/openapi-validator.ts';
import type { Json, OpenApiDocument, SchemaAmendment } from '../shared/openapi-validator.ts';

export const GRAPH_DESCRIPTION_PATH = new URL(
  '../../../shared/specs/microsoft-graph-v1.0.subset.json',
  import.meta.url,
).pathname;

type Schema = { [key: string]: Json };

const DATE_TIME = { type: 'string', format: 'date-time' } as const;
const NULLABLE_DATE_TIME = { type: 'string', format: 'date-time', nullable: true } as const;
const NULLABLE_STRING = { type: 'string', nullable: true } as const;

/**
 * The description's generator marks `@odata.type` required on every object; Graph sends it only where a
 * collection mixes types (group members, an expanded principal). We send it exactly there.
 */
export const RELAXED_REQUIRED = ['@odata.type'] as const;

/** Schemas Microsoft documents that the subset lacks (learn.microsoft.com/graph/api/resources/...). */
export const ADDED_SCHEMAS: Record<string, Schema> = {
  // https://learn.microsoft.com/graph/api/resources/signinactivity
  'microsoft.graph.signInActivity': {
    type: 'object',
    properties: {
      lastNonInteractiveSignInDateTime: NULLABLE_DATE_TIME,
      lastNonInteractiveSignInRequestId: NULLABLE_STRING,
      lastSignInDateTime: NULLABLE_DATE_TIME,
      lastSignInRequestId: NULLABLE_STRING,
      lastSuccessfulSignInDateTime: NULLABLE_DATE_TIME,
      lastSuccessfulSignInRequestId: NULLABLE_STRING,
    },
  },
  // https://learn.microsoft.com/graph/api/resources/userregistrationdetails
  'microsoft.graph.userRegistrationDetails': {
    allOf: [
      { $ref: '#/components/schemas/microsoft.graph.entity' },
      {
        type: 'object',
        properties: {
          isAdmin: { type: 'boolean' },
          isMfaCapable: { type: 'boolean' },
          isMfaRegistered: { type: 'boolean' },
          isPasswordlessCapable: { type: 'boolean' },
          isSsprCapable: { type: 'boolean' },
          isSsprEnabled: { type: 'boolean' },
          isSsprRegistered: { type: 'boolean' },
          isSystemPreferredAuthenticationMethodEnabled: { type: 'boolean', nullable: true },
          lastUpdatedDateTime: DATE_TIME,
          methodsRegistered: { type: 'array', items: { type: 'string' } },
          systemPreferredAuthenticationMethods: { type: 'array', items: { type: 'string' } },
          userDisplayName: { type: 'string' },
          userPreferredMethodForSecondaryAuthentication: {
            type: 'string',
            enum: [
              'push',
              'oath',
              'voiceMobile',
              'voiceAlternateMobile',
              'voiceOffice',
              'sms',
              'none',
              'unknownFutureValue',
            ],
          },
          userPrincipalName: { type: 'string' },
          userType: { type: 'string', enum: ['member', 'guest', 'unknownFutureValue'] },
        },
      },
    ],
  },
};

const ERROR_RESPONSES = {
  '4XX': { $ref: '#/components/responses/error' },
  '5XX': { $ref: '#/components/responses/error' },
};

/** Paths Microsoft documents that the subset lacks. */
export const ADDED_PATHS: Record<string, Schema> = {
  // https://learn.microsoft.com/graph/api/authenticationmethodsroot-list-userregistrationdetails
  '/reports/authenticationMethods/userRegistrationDetails': {
    get: {
      responses: {
        '2XX': {
          content: {
            'application/json': {
              schema: {
                allOf: [
                  { $ref: '#/components/schemas/BaseCollectionPaginationCountResponse' },
                  {
                    type: 'object',
                    properties: {
                      value: {
                        type: 'array',
                        items: { $ref: '#/components/schemas/microsoft.graph.userRegistrationDetails' },
                      },
                    },
                  },
                ],
              },
            },
          },
        },
        ...ERROR_RESPONSES,
      },
    },
  },
  // https://learn.microsoft.com/graph/api/userregistrationdetails-get
  '/reports/authenticationMethods/userRegistrationDetails/{userRegistrationDetails-id}': {
    get: {
      responses: {
        '2XX': {
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/microsoft.graph.userRegistrationDetails' },
            },
          },
        },
        ...ERROR_RESPONSES,
      },
    },
  },
};

export const GRAPH_SPEC_AMENDMENTS: readonly SchemaAmendment[] = [
  {
    schema: 'microsoft.graph.ODataErrors.MainError',
    pointer: '',
    addProperties: {
      innerError: {
        type: 'object',
        properties: {
          date: { type: 'string' },
          'request-id': { type: 'string' },
          'client-request-id': { type: 'string' },
          code: { type: 'string' },
          message: { type: 'string' },
          status: { type: 'string' },
        },
      },
    },
    reason:
      'Graph sends `innerError` {date, request-id, client-request-id} (date without a zone, e.g. ' +
      '2021-11-29T20:44:59); the description declares `innererror` with a required `@odata.type`, which the ' +
      "service never sends. Throttling answers add code/message/status (Microsoft's throttling guidance).",
  },
  {
    schema: 'BaseCollectionPaginationCountResponse',
    pointer: '',
    addProperties: { '@odata.context': { type: 'string' } },
    reason: 'Every Graph collection response starts with `@odata.context` (the $metadata URL of the set).',
  },
  {
    schema: 'microsoft.graph.entity',
    pointer: '',
    addProperties: { '@odata.context': { type: 'string' } },
    reason: 'A single entity read (GET /users/{id}) carries `@odata.context` ending in `/$entity`.',
  },
  {
    schema: 'microsoft.graph.user',
    pointer: '/allOf/1',
    addProperties: {
      signInActivity: {
        anyOf: [
          { $ref: '#/components/schemas/microsoft.graph.signInActivity' },
          { type: 'object', nullable: true },
        ],
      },
    },
    reason:
      'signInActivity is a v1.0 user property (learn.microsoft.com/graph/api/resources/user: "Returned only on ' +
      '$select", needs AuditLog.Read.All and Entra ID P1); the subset predates it.',
  },
];

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One deep walk over the schemas that:
 * - removes `names` from every `required` list;
 * - drops discriminator mapping entries naming schemas the subset does not contain (the trimmed
 *   description keeps `entity`'s mapping of 600 subtypes but only some of their schemas; none of the
 *   missing types is one the simulator sends);
 * - turns `format: base64url` and `int16`, unknown to Ajv, into the equivalent pattern and bounds.
 */
function repairSchemas(node: Json, names: readonly string[], known: ReadonlySet<string>): Json {
  if (Array.isArray(node)) return node.map((item) => repairSchemas(item, names, known));
  if (!isObject(node)) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'required' && Array.isArray(value)) {
      const kept = value.filter((name) => !names.includes(name as string));
      if (kept.length > 0) out.required = kept;
    } else if (key === 'mapping' && isObject(value)) {
      out.mapping = Object.fromEntries(
        Object.entries(value).filter(([, ref]) => known.has(String(ref).split('/').pop() as string)),
      );
    } else if (key === 'format' && value === 'base64url') {
      out.pattern = '^[A-Za-z0-9+/_=-]*$';
    } else if (key === 'format' && value === 'int16') {
      out.minimum = -32768;
      out.maximum = 32767;
    } else {
      out[key] = repairSchemas(value, names, known);
    }
  }
  return out;
}

/**
 * directoryObject declares its discriminator inside its `allOf`, where the kit's validator does not
 * dispatch on it, so a mixed collection (group members, an expanded principal) would be checked as bare
 * directoryObjects and every user property would count as undeclared. Moving the discriminator to the
 * schema's root makes `@odata.type` select the subtype, which is what the description means.
 */
function hoistDiscriminator(schemas: Record<string, Schema>, name: string): void {
  const schema = schemas[name];
  const members = Array.isArray(schema?.allOf) ? schema.allOf : [];
  const holder = members.find((member) => isObject(member) && isObject(member.discriminator));
  if (!schema || !isObject(holder))
    throw new Error(`${name} no longer nests its discriminator: drop the hoist`);
  const { discriminator, ...rest } = holder;
  schemas[name] = {
    ...schema,
    discriminator: discriminator as Json,
    allOf: members.map((member) => (member === holder ? rest : member)),
  };
}

/** The description with our documented deviations applied (the original is shared and left untouched). */
export function amendedGraphDescription(): OpenApiDocument {
  const original = loadOpenApiDocument(GRAPH_DESCRIPTION_PATH);
  const originalSchemas = original.components?.schemas ?? {};
  for (const name of Object.keys(ADDED_SCHEMAS)) {
    if (name in originalSchemas)
      throw new Error(`the description now has ${name}: drop it from ADDED_SCHEMAS`);
  }
  const known = new Set([...Object.keys(originalSchemas), ...Object.keys(ADDED_SCHEMAS)]);
  const schemas = repairSchemas({ ...originalSchemas, ...ADDED_SCHEMAS }, RELAXED_REQUIRED, known) as Record<
    string,
    Schema
  >;
  const paths = { ...original.paths };
  for (const [path, item] of Object.entries(ADDED_PATHS)) {
    if (path in paths) throw new Error(`the description now has ${path}: drop it from ADDED_PATHS`);
    paths[path] = item as OpenApiDocument['paths'][string];
  }
  hoistDiscriminator(schemas, 'microsoft.graph.directoryObject');
  return { ...original, paths, components: { ...original.components, schemas } };
}

/** A strict validator (undeclared properties fail) over the amended description. */
export function graphResponseValidator(): OpenApiResponseValidator {
  return new OpenApiResponseValidator(amendedGraphDescription(), { amendments: GRAPH_SPEC_AMENDMENTS });
}
