// The Admin SDK Directory description (../../../shared/specs/google-admin-directory-v1.json) as the
// simulator's tests use it. It is an OpenAPI 3.0 conversion of Google's discovery document, so the kit's
// validator reads it as is; it documents no error bodies, so Google's error envelope is written here from
// the reference (https://developers.google.com/admin-sdk/directory/v1/limits and the error pages).
import { OpenApiResponseValidator, loadOpenApiDocument } from '../shared/openapi-validator.ts';
import type { Json } from '../shared/openapi-validator.ts';

export const DIRECTORY_DESCRIPTION_PATH = new URL(
  '../../../shared/specs/google-admin-directory-v1.json',
  import.meta.url,
).pathname;

/** `{"error": {code, message, errors: [...], status}}` as every Google API sends it. */
export const GOOGLE_ERROR_SCHEMA: Json = {
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message', 'errors'],
      properties: {
        code: { type: 'integer' },
        message: { type: 'string' },
        status: { type: 'string' },
        errors: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['message', 'domain', 'reason'],
            properties: {
              message: { type: 'string' },
              domain: { type: 'string' },
              reason: { type: 'string' },
              location: { type: 'string' },
              locationType: { type: 'string' },
            },
          },
        },
      },
    },
  },
};

export function directoryValidator(): OpenApiResponseValidator {
  return new OpenApiResponseValidator(loadOpenApiDocument(DIRECTORY_DESCRIPTION_PATH), {
    fallbackErrorSchema: GOOGLE_ERROR_SCHEMA,
  });
}
