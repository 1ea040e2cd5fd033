// GitHub's own OpenAPI description (@octokit/openapi, dereferenced) as the simulator's tests use it: the
// one place where we knowingly send what it does not declare, each with its reason. An amendment the
// description no longer needs is an error, so the list cannot go stale silently.
import { createRequire } from 'node:module';
import { OpenApiResponseValidator, loadOpenApiDocument } from '../shared/openapi-validator.ts';
import type { Json, OpenApiDocument } from '../shared/openapi-validator.ts';

/** Path of `api.github.com.deref.json` (73 MB; parse it once per process). */
export const GITHUB_DESCRIPTION_PATH = createRequire(import.meta.url).resolve(
  '@octokit/openapi/generated/api.github.com.deref.json',
);

export interface GitHubSpecAmendment {
  /** Path template and status of the response whose schema gains properties. */
  operation: string;
  status: number;
  addProperties: Record<string, Json>;
  reason: string;
}

export const GITHUB_SPEC_AMENDMENTS: readonly GitHubSpecAmendment[] = [
  {
    operation: '/orgs/{org}/members',
    status: 422,
    addProperties: { status: { type: 'string' } },
    reason:
      'GitHub error bodies carry `status` (a string) next to `message` and `documentation_url`, as the ' +
      "description's own basic-error schema declares; its validation-error schema predates the field.",
  },
];

type Schema = { [key: string]: Json };

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The description with the amendments applied to copies of the operations they touch. */
export function amendedGitHubDescription(): OpenApiDocument {
  const original = loadOpenApiDocument(GITHUB_DESCRIPTION_PATH);
  const paths = { ...original.paths };
  for (const amendment of GITHUB_SPEC_AMENDMENTS) {
    const operation = structuredClone(paths[amendment.operation]);
    const schema = (operation?.get?.responses?.[String(amendment.status)] as Schema | undefined)?.content;
    const target =
      isObject(schema) && isObject(schema['application/json'])
        ? schema['application/json'].schema
        : undefined;
    if (!operation || !isObject(target) || !isObject(target.properties)) {
      throw new Error(`amendment target GET ${amendment.operation} ${amendment.status} has no object schema`);
    }
    for (const [name, property] of Object.entries(amendment.addProperties)) {
      if (name in target.properties) {
        throw new Error(
          `GET ${amendment.operation} ${amendment.status} now declares "${name}": drop the amendment`,
        );
      }
      target.properties[name] = property;
    }
    paths[amendment.operation] = operation;
  }
  return { ...original, paths };
}

/** GitHub's `basic-error`, for error statuses an operation does not document (401, 403, 429, 5xx). */
export function basicErrorSchema(document: OpenApiDocument): Json {
  const response = document.paths['/orgs/{org}']?.get?.responses?.['404'] as Schema | undefined;
  const content = response?.content;
  const schema =
    isObject(content) && isObject(content['application/json'])
      ? content['application/json'].schema
      : undefined;
  if (!isObject(schema) || schema.title !== 'Basic Error') throw new Error('basic-error schema not found');
  return schema;
}

/** A strict validator over GitHub's description (undeclared properties fail), amendments applied. */
export function githubResponseValidator(): OpenApiResponseValidator {
  const document = amendedGitHubDescription();
  return new OpenApiResponseValidator(document, { fallbackErrorSchema: basicErrorSchema(document) });
}
