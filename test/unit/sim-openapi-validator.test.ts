import { describe, expect, it } from 'vitest';
import { OpenApiResponseValidator } from '../../sim/shared/openapi-validator.ts';
import type { OpenApiDocument } from '../../sim/shared/openapi-validator.ts';

// A miniature description using the OpenAPI 3.0 features Okta's relies on.
const document = {
  paths: {
    '/pets': {
      get: {
        responses: {
          '200': {
            content: {
              'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } },
            },
          },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
    },
    '/roles': {
      get: {
        responses: {
          '200': {
            content: {
              'application/json': {
                schema: {
                  type: 'array',
                  items: {
                    oneOf: [
                      { $ref: '#/components/schemas/Standard' },
                      { $ref: '#/components/schemas/Custom' },
                    ],
                    discriminator: {
                      propertyName: 'type',
                      mapping: {
                        ADMIN: '#/components/schemas/Standard',
                        CUSTOM: '#/components/schemas/Custom',
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  components: {
    responses: {
      NotFound: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    },
    schemas: {
      Error: { type: 'object', properties: { errorCode: { type: 'string' } } },
      Pet: {
        type: 'object',
        required: ['kind'],
        properties: {
          id: { type: 'string', readOnly: true },
          kind: { type: 'string', enum: ['CAT', 'DOG', 'DOG'] },
          born: { type: 'string', format: 'date-time', nullable: true },
          secret: { type: 'string', writeOnly: true },
          tags: { type: 'object', additionalProperties: true },
          _links: {
            allOf: [{ $ref: '#/components/schemas/Links' }, { properties: { owner: { type: 'string' } } }],
          },
        },
        discriminator: { propertyName: 'kind', mapping: { CAT: '#/components/schemas/Cat' } },
      },
      Cat: {
        allOf: [
          { $ref: '#/components/schemas/Pet' },
          {
            type: 'object',
            required: ['lives'],
            properties: { lives: { type: 'integer', minimum: 0, exclusiveMinimum: true } },
          },
        ],
      },
      Links: { type: 'object', properties: { self: { type: 'string' } } },
      Standard: { type: 'object', properties: { type: { type: 'string' }, label: { type: 'string' } } },
      Custom: {
        type: 'object',
        required: ['role'],
        properties: { type: { type: 'string' }, role: { type: 'string' } },
      },
    },
  },
} as unknown as OpenApiDocument;

describe('OpenAPI response validator', () => {
  const validator = new OpenApiResponseValidator(document);
  const pets = (body: unknown) => validator.validate('GET', '/pets', 200, body);

  it('accepts conforming bodies, nullable values and inherited subtypes', () => {
    expect(pets([{ id: 'p1', kind: 'DOG', born: null, _links: { self: 's', owner: 'o' } }]).errors).toEqual(
      [],
    );
    expect(pets([{ kind: 'CAT', lives: 9, born: '2020-01-01T00:00:00.000Z' }]).valid).toBe(true);
  });

  it('rejects wrong types, formats and enum values in any array item', () => {
    expect(pets([{ kind: 'DOG' }, { kind: 123 }]).valid).toBe(false);
    expect(pets([{ kind: 'DOG', born: 'yesterday' }]).valid).toBe(false);
    expect(pets([{ kind: 'FISH' }]).valid).toBe(false);
  });

  it('dispatches on the discriminator, including allOf inheritance from the base', () => {
    expect(pets([{ kind: 'CAT' }]).valid).toBe(false); // a Cat needs lives
    expect(pets([{ kind: 'CAT', lives: 0 }]).valid).toBe(false); // exclusive minimum
    const roles = (body: unknown) => validator.validate('GET', '/roles', 200, body);
    expect(
      roles([
        { type: 'ADMIN', label: 'x' },
        { type: 'CUSTOM', role: 'r' },
      ]).valid,
    ).toBe(true);
    expect(roles([{ type: 'CUSTOM', label: 'x' }]).valid).toBe(false); // Custom requires role
  });

  it('rejects writeOnly properties and, in strict mode, undeclared ones', () => {
    expect(pets([{ kind: 'DOG', secret: 'hunter2' }]).valid).toBe(false);
    expect(pets([{ kind: 'DOG', colour: 'brown' }]).valid).toBe(false);
    expect(pets([{ kind: 'DOG', _links: { self: 's', other: 'x' } }]).valid).toBe(false);
    expect(pets([{ kind: 'DOG', tags: { anything: 1 } }]).valid).toBe(true); // additionalProperties: true
    expect(
      new OpenApiResponseValidator(document, { strict: false }).validate('GET', '/pets', 200, [
        { kind: 'DOG', colour: 'brown' },
      ]).valid,
    ).toBe(true);
  });

  it('uses documented error responses, and the Error schema for undocumented ones', () => {
    expect(validator.validate('GET', '/pets', 404, { errorCode: 'E1' })).toMatchObject({
      valid: true,
      schemaSource: 'operation',
    });
    expect(validator.validate('GET', '/pets', 401, { errorCode: 'E1' })).toMatchObject({
      valid: true,
      schemaSource: 'fallback',
    });
    expect(validator.validate('GET', '/pets', 401, { errorCode: 1 }).valid).toBe(false);
    expect(() => validator.validate('GET', '/nope', 200, [])).toThrow(/no operation/);
  });

  it('applies amendments, and refuses stale ones', () => {
    const amended = new OpenApiResponseValidator(document, {
      amendments: [
        { schema: 'Links', pointer: '', addProperties: { other: { type: 'string' } }, reason: 'test' },
      ],
    });
    expect(amended.validate('GET', '/pets', 200, [{ kind: 'DOG', _links: { other: 'x' } }]).valid).toBe(true);
    expect(
      () =>
        new OpenApiResponseValidator(document, {
          amendments: [{ schema: 'Links', pointer: '', addProperties: { self: {} }, reason: 'stale' }],
        }),
    ).toThrow(/drop the amendment/);
  });
});
