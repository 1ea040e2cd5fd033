// The one error type a failed API call turns into, whichever transport carried it: the engine's code, a
// message for people and the step that fixes it (DESIGN.md: errors are typed and carry the next step).
import { apiErrorSchema, type ApiError } from '../../src-shared/api.ts';

export class ApiCallError extends Error {
  readonly code: string;
  readonly nextStep: string | null;

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    this.nextStep = error.nextStep;
  }

  /** Whatever crossed the boundary as an error body: the engine's shape when it parses, a generic one if not. */
  static fromBody(body: unknown, fallback: ApiError): ApiCallError {
    const parsed = apiErrorSchema.safeParse(body);
    return new ApiCallError(parsed.success ? parsed.data : fallback);
  }
}

/** Any thrown value as an ApiCallError, so the UI has one shape to show. */
export function toApiCallError(error: unknown): ApiCallError {
  if (error instanceof ApiCallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiCallError({ code: 'internal_error', message, nextStep: null });
}
