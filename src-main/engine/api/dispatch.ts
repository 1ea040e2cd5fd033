// The one entry point every transport calls (Electron IPC, HTTP in browser mode): it knows the method, parses
// the untrusted input with the method's schema, runs the handler and turns any failure into data.
import type { z } from 'zod';
import { apiMethods, type ApiError, type ApiMethod, type ApiOutput } from '../../../src-shared/api.ts';
import { InvalidApiInputError, UnknownApiMethodError, toApiError } from './api-errors.ts';

export type ApiHandlers = {
  [M in ApiMethod]: (input: z.infer<(typeof apiMethods)[M]['input']>) => Promise<ApiOutput<M>>;
};

export type ApiCallResult = { ok: true; value: unknown } | { ok: false; error: ApiError };

export interface DispatchOptions {
  /** Where problems are logged (never with input values); default stderr. */
  log?: (line: string) => void;
}

const defaultLog = (line: string) => process.stderr.write(`${line}\n`);

export function isApiMethod(method: string): method is ApiMethod {
  return Object.hasOwn(apiMethods, method);
}

/** Secret values the caller sent (sources.add, sources.updateCredentials), so no error can echo them. */
function secretsIn(input: unknown): string[] {
  if (typeof input !== 'object' || input === null) return [];
  const secrets = (input as { secrets?: unknown }).secrets;
  if (typeof secrets !== 'object' || secrets === null) return [];
  return Object.values(secrets).flatMap((value) => {
    if (typeof value !== 'string' || value === '') return [];
    return value.trim() === value ? [value] : [value, value.trim()];
  });
}

export async function dispatchApiCall(
  handlers: ApiHandlers,
  method: string,
  rawInput: unknown,
  options: DispatchOptions = {},
): Promise<ApiCallResult> {
  const log = options.log ?? defaultLog;
  const secrets = secretsIn(rawInput);
  const fail = (error: unknown): ApiCallResult => ({
    ok: false,
    error: toApiError(error, { method: isApiMethod(method) ? method : 'an unknown method', secrets, log }),
  });
  if (!isApiMethod(method)) {
    log(`api: dropped a call to an unknown method (${JSON.stringify(method.slice(0, 80))})`);
    return fail(new UnknownApiMethodError(method));
  }
  const parsed = apiMethods[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    // Paths and issue codes only: the values may be secrets.
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.code}`);
    log(`api ${method}: dropped a call with invalid input (${issues.join(', ')})`);
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'the input'}: ${issue.message.slice(0, 200)}`,
    );
    return fail(new InvalidApiInputError(method, problems));
  }
  const handler = handlers[method] as (input: unknown) => Promise<unknown>;
  try {
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return fail(error);
  }
}
