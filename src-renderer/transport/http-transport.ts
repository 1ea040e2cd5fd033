// Browser mode: calls go to `vouch serve` as `POST /api/call/:method`, live updates come over SSE from
// `/api/events`. Answers are `{ok: true, value}` or `{ok: false, error}`. The session cookie set when the
// printed `?token=` URL was opened authenticates both; it is bound to the page's private per-run host
// (`vouch-<random>.localhost`), so every route here is relative to the page's own origin.
import {
  apiEventSchema,
  apiMethods,
  type ApiEvent,
  type ApiInput,
  type ApiMethod,
  type ApiOutput,
  type Transport,
} from '../../src-shared/api.ts';
import { ApiCallError } from './api-call-error.ts';

const serverGone = {
  code: 'server_unreachable',
  message: 'Vouch is not responding.',
  nextStep: 'Check that `vouch serve` is still running, then reload this page.',
};

const sessionExpired = {
  code: 'unauthorized',
  message: 'This browser session is not signed in to Vouch.',
  nextStep: 'Open the address `vouch serve` printed (it carries the session token) again.',
};

const reconnectDelaysMs = [1_000, 2_000, 5_000, 10_000];
/** EventSource.CLOSED, spelled out so the module also loads where EventSource is not a global. */
const closedState = 2;

export interface HttpTransportOptions {
  /** Prefix of the API routes; '' when the UI is served by the API server itself. */
  baseUrl?: string;
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSource;
}

export function createHttpTransport(options: HttpTransportOptions = {}): Transport {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const createEventSource =
    options.createEventSource ?? ((url: string) => new EventSource(url, { withCredentials: true }));
  const listeners = new Set<(event: ApiEvent) => void>();
  let source: EventSource | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  /** Set when the stream dropped: events may have been missed meanwhile. */
  let dropped = false;

  const emit = (event: ApiEvent) => {
    for (const listener of listeners) listener(event);
  };

  const connect = () => {
    reconnectTimer = null;
    const es = createEventSource(`${baseUrl}/api/events`);
    source = es;
    es.onopen = () => {
      // Events may have been missed while the stream was down: have every view reload what it shows.
      if (dropped) {
        emit({ type: 'sources.changed' });
        emit({ type: 'artifacts.changed' });
      }
      dropped = false;
      failures = 0;
    };
    es.onmessage = (message: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = apiEventSchema.safeParse(data);
      if (parsed.success) emit(parsed.data);
    };
    es.onerror = () => {
      dropped = true;
      // EventSource retries by itself while CONNECTING; once CLOSED (a 401, a restart) it gives up.
      if (es.readyState !== closedState) return;
      es.close();
      if (source !== es || listeners.size === 0) return;
      source = null;
      const delay = reconnectDelaysMs[Math.min(failures, reconnectDelaysMs.length - 1)] ?? 10_000;
      failures += 1;
      reconnectTimer = setTimeout(connect, delay);
    };
  };

  const disconnect = () => {
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    source?.close();
    source = null;
  };

  return {
    async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}/api/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(input),
        });
      } catch {
        throw new ApiCallError(serverGone);
      }
      let body: unknown = null;
      try {
        body = await response.json();
      } catch {
        body = null;
      }
      if (response.status === 401) throw ApiCallError.fromBody(errorOf(body), sessionExpired);
      if (!isRecord(body) || body.ok !== true) {
        throw ApiCallError.fromBody(errorOf(body), {
          code: 'http_error',
          message: `Vouch answered ${response.status} ${response.statusText}.`.replace(/ \.$/, '.'),
          nextStep: null,
        });
      }
      const parsed = apiMethods[method].output.safeParse(body.value);
      if (!parsed.success) {
        throw new ApiCallError({
          code: 'invalid_response',
          message: `Vouch sent an answer to ${method} this window cannot read.`,
          nextStep: 'Reload the page; if it persists, the UI and the engine are different versions.',
        });
      }
      return parsed.data as ApiOutput<M>;
    },

    subscribe(listener) {
      listeners.add(listener);
      if (!source && !reconnectTimer) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) disconnect();
      };
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorOf(body: unknown): unknown {
  return isRecord(body) && 'error' in body ? body.error : body;
}
