// `vouch:call` in main: the only way from a renderer to the engine. A call is forwarded only when it comes
// from the top frame of a window we created, showing our page, and names a method of the contract with an
// input its schema accepts. Anything else is logged (method and problem only, never the input: it may hold
// credentials) and dropped before the engine sees it.
import type { IpcMain } from 'electron';
import { apiMethods, type ApiError, type ApiMethod } from '../../src-shared/api.ts';
import { isAppUrl } from './app-origin.ts';
import type { AppWindows } from './app-windows.ts';
import type { ApiCallResult } from './call-result.ts';
import { callChannel } from './ipc-channels.ts';

/** The parts of IpcMainInvokeEvent the checks read. */
export interface CallEvent {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface EngineCaller {
  /** `input` has been parsed with the method's schema. */
  call(method: ApiMethod, input: unknown): Promise<ApiCallResult>;
}

export interface CallHandlerDependencies {
  windows: Pick<AppWindows, 'isOurs'>;
  engine: EngineCaller;
  log(line: string): void;
}

/** Why a sender is not trusted, or null when it is. */
export function untrustedSenderReason(event: CallEvent, windows: Pick<AppWindows, 'isOurs'>): string | null {
  if (!windows.isOurs(event.sender)) return 'a WebContents this app did not create';
  const frame = event.senderFrame;
  if (frame === null) return 'a frame that navigated away or was destroyed';
  if (frame.parent !== null) return 'a subframe';
  if (!isAppUrl(frame.url)) return `a frame showing ${originOf(frame.url)}`;
  return null;
}

export function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && Object.hasOwn(apiMethods, method);
}

/** The listener for ipcMain.handle(callChannel); resolves undefined for a dropped call. */
export function createCallHandler(
  deps: CallHandlerDependencies,
): (event: CallEvent, method: unknown, input: unknown) => Promise<ApiCallResult | undefined> {
  return async (event, method, input) => {
    const untrusted = untrustedSenderReason(event, deps.windows);
    if (untrusted !== null) {
      deps.log(`ipc: dropped a call from ${untrusted}`);
      return undefined;
    }
    if (!isApiMethod(method)) {
      const name = typeof method === 'string' ? method : typeof method;
      deps.log(`ipc: refused the unknown method ${JSON.stringify(name.slice(0, 80))}`);
      return failure({
        code: 'unknown_method',
        message: `Vouch has no method "${name.slice(0, 80)}".`,
        nextStep: 'Reload the window: the interface and the app are from different versions.',
      });
    }
    // A missing input means {} (methods without parameters), as the engine's dispatcher reads it.
    const parsed = apiMethods[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`,
      );
      deps.log(
        `ipc: refused ${method}: invalid input at ${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`,
      );
      return failure({
        code: 'invalid_input',
        message: `The request to ${method} is not valid: ${problems.slice(0, 5).join('; ')}.`,
        nextStep: 'Reload the window and try again; if it keeps happening, report it.',
      });
    }
    return deps.engine.call(method, parsed.data);
  };
}

export function installIpcBridge(ipcMain: Pick<IpcMain, 'handle'>, deps: CallHandlerDependencies): void {
  const handler = createCallHandler(deps);
  ipcMain.handle(callChannel, (event, method: unknown, input: unknown) => handler(event, method, input));
}

/** Same codes and wording as the engine's own checks (engine/api/api-errors.ts), without loading the engine. */
function failure(error: ApiError): ApiCallResult {
  return { ok: false, error };
}

function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'an invalid URL';
  }
}
