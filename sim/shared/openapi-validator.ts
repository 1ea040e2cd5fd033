// Validates simulator response bodies against a provider's published OpenAPI 3.0 description, so a
// simulator that drifts from the real API fails its tests. OpenAPI 3.0 schemas are not JSON Schema:
// `nullable`, `discriminator` (including allOf inheritance), boolean exclusive bounds and `writeOnly`
// are translated here before Ajv sees them.
//
// Strict mode also rejects properties the description does not declare (where it does not allow
// extra ones), which catches a simulator inventing or misspelling fields: Okta's schemas declare
// almost nothing `required`, so type checks alone would let most drift through.
import { readFileSync } from 'node:fs';
import { Ajv2019 } from 'ajv/dist/2019.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaObject = { [key: string]: Json };

export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, SchemaObject> }>>;
  components?: { schemas?: Record<string, SchemaObject>; responses?: Record<string, SchemaObject> };
}

export interface ResponseValidation {
  valid: boolean;
  errors: string[];
  /** `operation` when the operation documents this status, `fallback` when we used the generic error schema. */
  schemaSource: 'operation' | 'fallback';
}

const SCHEMA_PREFIX = '#/components/schemas/';
const DOCUMENT_ID = 'openapi';

const documents = new Map<string, OpenApiDocument>();

/** Parses (once per process) a YAML or JSON OpenAPI document. Big specs take a second to parse. */
export function loadOpenApiDocument(path: string): OpenApiDocument {
  let document = documents.get(path);
  if (!document) {
    const text = readFileSync(path, 'utf8');
    document = (
      path.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 })
    ) as OpenApiDocument;
    documents.set(path, document);
  }
  return document;
}

function isObject(value: Json | undefined): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function schemaName(ref: string): string {
  if (!ref.startsWith(SCHEMA_PREFIX)) throw new Error(`unsupported $ref ${ref}`);
  return ref.slice(SCHEMA_PREFIX.length);
}

/**
 * OpenAPI discriminators dispatch on a property value. JSON Schema cannot express that directly, and a
 * plain oneOf fails whenever two permissive alternatives both match, so each mapping becomes an
 * if/then. For a base schema whose subtypes `allOf` it back (Application -> SamlApplication), the
 * subtypes get a discriminator-free copy of the base to avoid infinite recursion.
 */
function discriminatorBranches(schema: SchemaObject): Json[] {
  const discriminator = schema.discriminator;
  if (
    !isObject(discriminator) ||
    typeof discriminator.propertyName !== 'string' ||
    !isObject(discriminator.mapping)
  ) {
    return [];
  }
  const property = discriminator.propertyName;
  return Object.entries(discriminator.mapping).map(([value, ref]) => ({
    if: { properties: { [property]: { const: value } }, required: [property] },
    then: { $ref: `${DOCUMENT_ID}#/definitions/${schemaName(String(ref))}` },
  }));
}

class SchemaConverter {
  /** Subtype name -> base names whose `$ref` inside the subtype must point at the base's copy. */
  private readonly basesBySubtype = new Map<string, Set<string>>();

  constructor(
    private readonly schemas: Record<string, SchemaObject>,
    private readonly strict: boolean,
  ) {
    for (const [name, schema] of Object.entries(schemas)) {
      if (!isObject(schema.discriminator) || schema.oneOf || schema.anyOf) continue;
      const mapping = schema.discriminator.mapping;
      if (!isObject(mapping)) continue;
      for (const ref of Object.values(mapping)) {
        const subtype = schemaName(String(ref));
        if (!this.basesBySubtype.has(subtype)) this.basesBySubtype.set(subtype, new Set());
        this.basesBySubtype.get(subtype)?.add(name);
      }
    }
  }

  definitions(): Record<string, Json> {
    const definitions: Record<string, Json> = {};
    for (const [name, schema] of Object.entries(this.schemas)) {
      const bases = this.basesBySubtype.get(name) ?? new Set<string>();
      const isBase = isObject(schema.discriminator) && !schema.oneOf && !schema.anyOf;
      // Definitions are converted as composition members: the closing `unevaluatedProperties` goes
      // where they are used, so that allOf inheritance still sees every branch's properties.
      if (isBase) {
        definitions[`${name}__base`] = this.convert(schema, {
          bases,
          dropDiscriminator: true,
          standalone: false,
        });
        definitions[name] = {
          allOf: [{ $ref: `${DOCUMENT_ID}#/definitions/${name}__base` }, ...discriminatorBranches(schema)],
        };
      } else {
        definitions[name] = this.convert(schema, { bases, dropDiscriminator: false, standalone: false });
      }
    }
    return definitions;
  }

  /**
   * `standalone`: the schema describes a whole value (a response, a property, an array item), not one
   * branch of a composition; only there may strict mode close the object.
   */
  convert(
    node: Json,
    context: { bases: Set<string>; dropDiscriminator: boolean; standalone: boolean },
  ): Json {
    const member = { bases: context.bases, dropDiscriminator: false, standalone: false };
    const whole = { bases: context.bases, dropDiscriminator: false, standalone: true };
    if (Array.isArray(node)) return node.map((item) => this.convert(item, member));
    if (!isObject(node)) return node;
    if (typeof node.$ref === 'string') {
      const name = schemaName(node.$ref);
      const target = context.bases.has(name) ? `${name}__base` : name;
      const ref = { $ref: `${DOCUMENT_ID}#/definitions/${target}` };
      return this.strict && context.standalone ? { ...ref, unevaluatedProperties: false } : ref;
    }
    const out: SchemaObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (
        key.startsWith('x-') ||
        key === 'example' ||
        key === 'examples' ||
        key === 'xml' ||
        key === 'externalDocs'
      )
        continue;
      if (key === 'discriminator' || key === 'nullable') continue;
      if (key === 'properties' && isObject(value)) {
        const properties: SchemaObject = {};
        for (const [property, schema] of Object.entries(value)) {
          // A writeOnly property (a password value) must never appear in a response.
          properties[property] =
            isObject(schema) && schema.writeOnly === true ? false : this.convert(schema, whole);
        }
        out.properties = properties;
      } else if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean') {
        const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
        if (value && typeof node[bound] === 'number') out[key] = node[bound];
      } else if (
        (key === 'minimum' || key === 'maximum') &&
        node[key === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum'] === true
      ) {
        continue;
      } else if (key === 'enum' && Array.isArray(value)) {
        // Okta's description repeats some enum values (AES256_CBC twice); JSON Schema forbids that.
        out.enum = [...new Map(value.map((item) => [JSON.stringify(item), item])).values()];
      } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
        out[key] = this.convert(value, member);
      } else if (key === 'items' || key === 'additionalProperties') {
        out[key] = this.convert(value, whole);
      } else if (key === 'not') {
        out[key] = this.convert(value, member);
      } else {
        out[key] = value;
      }
    }
    // A oneOf with a discriminator: dispatch by value, and require at least one alternative.
    if (!context.dropDiscriminator && isObject(node.discriminator) && Array.isArray(out.oneOf)) {
      const branches = discriminatorBranches(node);
      if (branches.length > 0) {
        out.anyOf = out.oneOf;
        delete out.oneOf;
        out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), ...branches];
      }
    }
    // `properties: {}` alone is how the description spells a free-form object (`_embedded.user`).
    const declaresProperties = isObject(out.properties) && Object.keys(out.properties).length > 0;
    const describesObject =
      declaresProperties || out.allOf !== undefined || out.anyOf !== undefined || out.oneOf !== undefined;
    if (this.strict && context.standalone && describesObject && out.additionalProperties === undefined) {
      out.unevaluatedProperties = false;
    }
    if (node.nullable === true) return nullable(out);
    return out;
  }
}

function nullable(schema: SchemaObject): Json {
  if (typeof schema.type === 'string') {
    const out: SchemaObject = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...schema.enum, null];
    return out;
  }
  return { anyOf: [{ type: 'null' }, schema] };
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}

/**
 * A property the real API sends but the description leaves out. Kept as data, with its evidence, so the
 * list of known deviations is reviewable; an amendment the description no longer needs is an error.
 */
export interface SchemaAmendment {
  /** Component schema name, e.g. `SamlApplicationSettings`. */
  schema: string;
  /** JSON pointer inside that schema to the object gaining properties; empty for its root. */
  pointer: string;
  addProperties: Record<string, Json>;
  reason: string;
}

export interface ValidatorOptions {
  /** Reject properties the description does not declare. Default true. */
  strict?: boolean;
  amendments?: readonly SchemaAmendment[];
  /**
   * Schema for error bodies of statuses an operation does not document. Default: the description's
   * `components.schemas.Error`, when it has one (a dereferenced description has no components).
   */
  fallbackErrorSchema?: Json;
}

function amendSchemas(
  schemas: Record<string, SchemaObject>,
  amendments: readonly SchemaAmendment[],
): Record<string, SchemaObject> {
  if (amendments.length === 0) return schemas;
  const amended = { ...schemas };
  for (const amendment of amendments) {
    const original = amended[amendment.schema];
    if (!original) throw new Error(`amendment targets unknown schema ${amendment.schema}`);
    const copy = structuredClone(original);
    let target: Json = copy;
    for (const step of amendment.pointer.split('/').slice(1)) {
      target = Array.isArray(target)
        ? (target[Number(step)] as Json)
        : isObject(target)
          ? (target[step] as Json)
          : null;
    }
    if (!isObject(target))
      throw new Error(`amendment pointer ${amendment.schema}${amendment.pointer} is not an object schema`);
    const properties = isObject(target.properties) ? target.properties : {};
    for (const [name, schema] of Object.entries(amendment.addProperties)) {
      if (name in properties) {
        throw new Error(`${amendment.schema}${amendment.pointer} now declares "${name}": drop the amendment`);
      }
      properties[name] = schema;
    }
    target.properties = properties;
    amended[amendment.schema] = copy;
  }
  return amended;
}

export class OpenApiResponseValidator {
  private readonly ajv: Ajv2019;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly strict: boolean;
  private readonly fallbackErrorSchema: Json | undefined;

  constructor(
    private readonly document: OpenApiDocument,
    options: ValidatorOptions = {},
  ) {
    this.strict = options.strict ?? true;
    this.fallbackErrorSchema =
      options.fallbackErrorSchema ??
      (document.components?.schemas?.Error ? { $ref: `${SCHEMA_PREFIX}Error` } : undefined);
    this.ajv = new Ajv2019({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: true });
    // ajv-formats is CommonJS with a default export; under NodeNext its default import is the module.
    type AddFormats = (ajv: Ajv2019) => unknown;
    const plugin = ajvFormats as unknown as AddFormats & { default?: AddFormats };
    (plugin.default ?? plugin)(this.ajv);
    const schemas = amendSchemas(document.components?.schemas ?? {}, options.amendments ?? []);
    const converter = new SchemaConverter(schemas, this.strict);
    this.ajv.addSchema({ $id: DOCUMENT_ID, definitions: converter.definitions() });
  }

  /** The JSON schema for one response, or undefined when the operation does not document `status`. */
  private responseSchema(method: string, path: string, status: number): Json | undefined {
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the description has no operation ${method.toUpperCase()} ${path}`);
    const responses = operation.responses ?? {};
    let response = responses[String(status)] ?? responses[`${String(status)[0]}XX`];
    if (isObject(response) && typeof response.$ref === 'string') {
      response = this.document.components?.responses?.[response.$ref.split('/').pop() as string];
    }
    const content =
      isObject(response) && isObject(response.content) ? response.content['application/json'] : undefined;
    return isObject(content) ? content.schema : undefined;
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      const converter = new SchemaConverter({}, this.strict);
      const root = converter.convert(schema, {
        bases: new Set(),
        dropDiscriminator: false,
        standalone: true,
      });
      validate = this.ajv.compile(root as SchemaObject);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /**
   * Validates `body` as the response of `method path` (a path template of the description, such as
   * `/api/v1/users/{id}`) with HTTP `status`. Errors the operation does not document are checked
   * against the description's generic `Error` schema.
   */
  validate(method: string, path: string, status: number, body: unknown): ResponseValidation {
    const documented = this.responseSchema(method, path, status);
    let schema = documented;
    if (schema === undefined) {
      if (status < 400 || this.fallbackErrorSchema === undefined) {
        return {
          valid: false,
          errors: [`${method} ${path} documents no JSON body for status ${status}`],
          schemaSource: 'fallback',
        };
      }
      schema = this.fallbackErrorSchema;
    }
    const validate = this.validator(
      `${method} ${path} ${documented === undefined ? 'fallback' : status}`,
      schema,
    );
    const valid = validate(body) === true;
    return {
      valid,
      errors: valid ? [] : formatErrors(validate.errors),
      schemaSource: documented === undefined ? 'fallback' : 'operation',
    };
  }

  /** Validates against a named component schema, e.g. `User`. */
  validateSchema(name: string, body: unknown): ResponseValidation {
    const validate = this.validator(`schema ${name}`, { $ref: `${SCHEMA_PREFIX}${name}` });
    const valid = validate(body) === true;
    return { valid, errors: valid ? [] : formatErrors(validate.errors), schemaSource: 'operation' };
  }
}
