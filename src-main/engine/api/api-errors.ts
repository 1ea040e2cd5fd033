// Errors become data before they cross to a shell: a stable code, a message for people and the next step.
// Only VouchErrors (raised on purpose, written for users) keep their message; anything else is a bug and
// crosses as a generic `internal` error whose details stay in the engine's log.
import type { ApiError } from '../../../src-shared/api.ts';
import { VouchError, isVouchError } from '../errors.ts';
import { ArtifactCorruptedError, ArtifactNotFoundError } from '../evidence/artifact-reader.ts';
import { redactSecrets } from '../secrets/redact.ts';

export class UnknownApiMethodError extends VouchError {
  constructor(method: string) {
    super(
      'unknown_method',
      `The engine has no method "${method.slice(0, 80)}".`,
      'Reload the window: the interface and the engine are from different versions.',
    );
  }
}

export class InvalidApiInputError extends VouchError {
  constructor(method: string, problems: string[]) {
    super(
      'invalid_input',
      `The request to ${method} is not valid: ${problems.slice(0, 5).join('; ')}.`,
      'Reload the window and try again; if it keeps happening, report it.',
    );
  }
}

/** Engine errors that predate VouchError, translated to what a user can act on. */
function knownError(error: unknown): VouchError | null {
  if (error instanceof ArtifactNotFoundError) {
    return new VouchError(
      'artifact_not_found',
      'That artifact no longer exists.',
      'Refresh the list of artifacts.',
    );
  }
  if (error instanceof ArtifactCorruptedError) {
    return new VouchError(
      'artifact_corrupted',
      error.message,
      'Re-run the sync to collect a fresh snapshot of this population.',
    );
  }
  return null;
}

export function toApiError(
  error: unknown,
  context: { method: string; secrets: string[]; log: (line: string) => void },
): ApiError {
  const vouchError = isVouchError(error) ? error : knownError(error);
  if (vouchError) {
    return {
      code: vouchError.code,
      message: redactSecrets(vouchError.message, context.secrets),
      nextStep: vouchError.nextStep === null ? null : redactSecrets(vouchError.nextStep, context.secrets),
    };
  }
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  context.log(`api ${context.method}: unexpected error: ${redactSecrets(detail, context.secrets)}`);
  return {
    code: 'internal',
    message: `Vouch hit an unexpected problem while handling ${context.method}.`,
    nextStep: 'Try again. If it keeps happening, report it with the log of the process running Vouch.',
  };
}
