// `vouch serve`, browser mode (DESIGN.md): the renderer build and the API contract over HTTP on the loopback
// interface, guarded by a per-run session token (session-guard.ts). The engine runs in this process; syncs
// run in lane processes; the scheduler runs here too. startServer() is also what end-to-end tests start.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startApiScheduler, type RunningScheduler } from '../../engine/api/api-scheduler.ts';
import { createApiHandlers, dispatchApiCall, type KeyProtectionInfo } from '../../engine/api/handlers.ts';
import { Engine } from '../../engine/engine.ts';
import { VouchError } from '../../engine/errors.ts';
import { ChildProcessHost } from '../../engine/jobs/child-process-host.ts';
import type { ProcessHost } from '../../engine/jobs/process-host.ts';
import type { LaneKind } from '../../engine/lanes/lane-kinds.ts';
import { LaneManager, defaultLanes } from '../../engine/lanes/lane-manager.ts';
import type { SchedulerOptions } from '../../engine/scheduling/scheduler.ts';
import { chooseHeadlessKeyWrapper } from '../../engine/secrets/headless-key-wrapper.ts';
import type { KeyWrapper } from '../../engine/secrets/key-wrapper.ts';
import { UsageError } from '../usage-error.ts';
import { DownloadStore } from './download-store.ts';
import { EventStreams } from './event-stream.ts';
import {
  escapeHtml,
  RequestBodyError,
  readJsonBody,
  sendApiError,
  sendJson,
  sendPage,
  setSecurityHeaders,
} from './http-responses.ts';
import { SessionGuard, newPrivateHostName, newSessionToken } from './session-guard.ts';
import { StaticFiles } from './static-files.ts';
import { auditActor } from '../../engine/audit/audit-actor.ts';
import { installRoot } from '../../engine/install-root.ts';

export const defaultRendererDir = path.join(installRoot, 'dist', 'renderer');
const bodyLimit = 1024 * 1024;

/**
 * Socket limits for a local UI with one user: a browser opens at most six connections per host plus the event
 * stream, so a few dozen is plenty; a client that trickles its headers or body is cut off in seconds instead
 * of holding a socket for minutes.
 */
export const connectionLimits = {
  maxConnections: 32,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  /** How often Node looks for requests past their timeouts (its default, 30 s, would triple them). */
  checkIntervalMs: 1_000,
};

export interface ServeOptions {
  /** The data directory to open; or pass an already open `engine` (then keyProtection describes it). */
  dataDir?: string;
  engine?: Engine;
  /** 0 (default): any free port. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default), localhost or ::1. */
  host?: string;
  env?: NodeJS.ProcessEnv;
  rendererDir?: string;
  processHost?: ProcessHost;
  /**
   * The long-lived lanes this server keeps up while it runs (default lane-manager.ts defaultLanes: two full
   * lanes); they run the syncs asked for through the API and the scheduler. false: none, each sync forks its
   * own lanes through processHost.
   */
  lanes?: LaneKind[] | false;
  /** Stop grace for the lanes when the server closes (default the LaneManager's, 30 s). */
  laneStopGraceMs?: number;
  /** false: no scheduled syncs or connection tests (tests); default on with the system clock. */
  scheduler?: boolean | SchedulerOptions;
  keyProtection?: KeyProtectionInfo;
  log?: (line: string) => void;
}

export interface RunningServer {
  /** The address to open, with the session token: `http://vouch-<random>.localhost:PORT/?token=...`. */
  url: string;
  /** `http://vouch-<random>.localhost:PORT`: the private origin the browser uses (session-guard.ts). */
  origin: string;
  /** `vouch-<random>.localhost`, new every run. */
  hostName: string;
  /** `http://127.0.0.1:PORT` (or `http://[::1]:PORT`): for scripts with a Bearer token. */
  loopbackOrigin: string;
  port: number;
  token: string;
  engine: Engine;
  /** Whether dist/renderer holds a build (else index requests explain how to build it). */
  rendererBuilt: boolean;
  close(): Promise<void>;
}

export class NonLoopbackHostError extends UsageError {
  constructor(host: string) {
    super(
      `vouch serve only listens on this machine's loopback interface, not on "${host}".`,
      'Use --host 127.0.0.1 (the default), localhost or ::1. To reach Vouch from elsewhere, use an SSH tunnel ' +
        '(ssh -L PORT:127.0.0.1:PORT host) rather than exposing it on the network.',
    );
  }
}

export class PortInUseError extends VouchError {
  constructor(port: number) {
    super(
      'port_in_use',
      `Port ${port} is already in use on this machine's loopback (127.0.0.1 or ::1).`,
      'Pick another --port, or leave it out to use any free port.',
    );
  }
}

/** The address to bind for an allowed --host, or NonLoopbackHostError. */
export function loopbackBindAddress(host: string): '127.0.0.1' | '::1' {
  const normalized = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (normalized === '127.0.0.1' || normalized === 'localhost') return '127.0.0.1';
  if (normalized === '::1') return '::1';
  throw new NonLoopbackHostError(host);
}

function keyProtectionOf(wrapper: KeyWrapper): KeyProtectionInfo {
  switch (wrapper.backend) {
    case 'env':
      return {
        backend: 'env',
        weak: false,
        description: 'Credentials are sealed with a data key wrapped by the master key in VOUCH_MASTER_KEY.',
      };
    case 'keyfile':
      return {
        backend: 'keyfile',
        weak: false,
        description:
          'Credentials are sealed with a data key wrapped by the master.key file in the data directory, ' +
          'readable only by your user.',
      };
    default:
      return { backend: wrapper.backend, weak: false, description: `Key protection: ${wrapper.backend}.` };
  }
}

/** HTTP status for an API error code (the body always carries the error itself). */
export function httpStatusFor(code: string): number {
  if (
    [
      'invalid_input',
      'invalid_source_input',
      'invalid_sync_interval',
      'unsupported_export_format',
      'unknown_connector',
    ].includes(code)
  ) {
    return 400;
  }
  if (code === 'unknown_method' || code.endsWith('_not_found')) return 404;
  if (code === 'source_exists' || code === 'source_busy') return 409;
  if (code === 'shutting_down') return 503;
  if (code === 'internal') return 500;
  return 422;
}

function listen(server: Server, port: number, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(error);
    server.once('error', onError);
    server.listen({ port, host: address, exclusive: true }, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/**
 * Listens on `address` and, on the same port, on the other loopback address. A browser may reach
 * `vouch-<random>.localhost` over ::1 or 127.0.0.1, whichever it tries first; if we held only one, another
 * local user could listen on the other with our port number and receive the browser's requests, session
 * cookie included. A machine without the other address (no IPv6) cannot be reached there by anyone. With any
 * free port (0), a port whose twin is taken is given up and another tried.
 */
async function listenOnLoopback(
  primary: Server,
  twin: Server,
  requestedPort: number,
  address: '127.0.0.1' | '::1',
): Promise<{ port: number; twinListening: boolean }> {
  const twinAddress = address === '::1' ? '127.0.0.1' : '::1';
  for (let attempt = 0; ; attempt += 1) {
    let port: number;
    try {
      port = await listen(primary, requestedPort, address);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(requestedPort);
      throw error;
    }
    try {
      await listen(twin, port, twinAddress);
      return { port, twinListening: true };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') return { port, twinListening: false };
      await closeServer(primary);
      if (code !== 'EADDRINUSE') throw error;
      if (requestedPort !== 0 || attempt >= 20) throw new PortInUseError(port);
    }
  }
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const bindAddress = loopbackBindAddress(options.host ?? '127.0.0.1');
  const requestedPort = options.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65_535) {
    throw new UsageError(
      `"${requestedPort}" is not a port number.`,
      'Use --port with a number from 1 to 65535.',
    );
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const env = options.env ?? process.env;

  let engine: Engine;
  let keyProtection: KeyProtectionInfo;
  const ownsEngine = options.engine === undefined;
  if (options.engine) {
    engine = options.engine;
    keyProtection = options.keyProtection ?? {
      backend: 'unknown',
      weak: false,
      description: 'Not reported.',
    };
  } else {
    if (!options.dataDir) throw new Error('startServer needs a dataDir or an engine.');
    const wrapper = chooseHeadlessKeyWrapper(options.dataDir, env);
    engine = Engine.open(options.dataDir, env, wrapper, auditActor('serve'));
    keyProtection = options.keyProtection ?? keyProtectionOf(wrapper);
  }

  const downloads = new DownloadStore();
  const processHost = options.processHost ?? new ChildProcessHost();
  // Started after the engine opened the store, so migrations ran once, here, not in every lane at once.
  const lanes =
    options.lanes === false
      ? null
      : new LaneManager({
          host: processHost,
          dataDir: engine.dataDir,
          env,
          lanes: options.lanes ?? defaultLanes(),
          log,
        });
  lanes?.start();
  const runtime = createApiHandlers({
    engine,
    delivery: downloads,
    processHost,
    ...(lanes ? { lanes } : {}),
    shell: 'browser',
    keyProtection,
    log,
  });
  const streams = new EventStreams(runtime.events);
  const staticFiles = new StaticFiles(options.rendererDir ?? defaultRendererDir);
  const token = newSessionToken();
  const hostName = newPrivateHostName();
  // The guard needs the port, known only once listening; requests cannot arrive before that.
  let guard: SessionGuard | null = null;

  const newHttpServer = () => {
    const server = createServer(
      {
        headersTimeout: connectionLimits.headersTimeoutMs,
        requestTimeout: connectionLimits.requestTimeoutMs,
        keepAliveTimeout: connectionLimits.keepAliveTimeoutMs,
        connectionsCheckingInterval: connectionLimits.checkIntervalMs,
      },
      (req, res) => {
        setSecurityHeaders(res);
        handleRequest(req, res).catch((error: unknown) => {
          log(
            `serve: ${req.method} ${(req.url ?? '').split('?')[0]} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
          if (!res.headersSent) {
            sendApiError(res, 500, {
              code: 'internal',
              message: 'Vouch hit an unexpected problem.',
              nextStep: null,
            });
          } else {
            res.destroy();
          }
        });
      },
    );
    // Past the cap Node closes new sockets at once; the user's own tab keeps its connections.
    server.maxConnections = connectionLimits.maxConnections;
    return server;
  };
  const server = newHttpServer();
  const twinServer = newHttpServer();

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!guard) return sendPage(res, 503, 'Starting', ['Vouch is starting; reload in a moment.']);
    const url = new URL(req.url ?? '/', 'http://vouch.localhost');
    const { pathname } = url;
    const machinePath = pathname.startsWith('/api/') || pathname.startsWith('/download/');
    const refuse = (status: number, code: string, message: string, nextStep: string | null) =>
      machinePath
        ? sendApiError(res, status, { code, message, nextStep })
        : sendPage(res, status, status === 401 ? 'Not signed in' : 'Refused', [message, nextStep ?? '']);

    const hostKind = guard.hostKind(req);
    if (hostKind === null) {
      return refuse(
        403,
        'wrong_host',
        'Vouch only answers requests addressed to its own address and port.',
        'Open the URL printed by vouch serve.',
      );
    }
    const method = req.method ?? 'GET';
    const presented = url.searchParams.get('token');
    if ((method === 'GET' || method === 'HEAD') && presented !== null && !machinePath) {
      if (!guard.tokenMatches(presented)) {
        return refuse(
          401,
          'unauthorized',
          'This link is not valid (any more): each run of vouch serve prints a new one.',
          'Open the URL printed by vouch serve.',
        );
      }
      if (hostKind === 'loopback') {
        // The session lives on the private host only (a cookie here would reach every port of 127.0.0.1).
        res.writeHead(302, {
          Location: `${guard.appOrigin}${url.pathname}${url.search}`,
          'Cache-Control': 'no-store',
        });
        res.end();
        return;
      }
      url.searchParams.delete('token');
      const landing = `${url.pathname}${url.search}`;
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'none' && site !== 'same-origin') {
        // Arrived from another page (`serve --open`'s redirect file): a SameSite=Strict cookie set here would
        // not go with a redirect of that cross-site navigation, so the cookie is set on a page that then
        // navigates to the landing address itself, same-origin.
        res.setHeader('Set-Cookie', guard.sessionCookie());
        return sendPage(res, 200, 'Opening Vouch', [
          `<meta http-equiv="refresh" content="0;url=${escapeHtml(landing)}">` +
            `<a href="${escapeHtml(landing)}">Continue to Vouch</a>`,
        ]);
      }
      // The token leaves the address bar (and history) at once; the cookie carries the session.
      res.writeHead(302, {
        'Set-Cookie': guard.sessionCookie(),
        Location: landing,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    if (!guard.authenticated(req, hostKind)) {
      return refuse(
        401,
        'unauthorized',
        'This page needs the session link that vouch serve printed when it started.',
        'Open the URL printed by vouch serve (http://vouch-….localhost:PORT/?token=...).',
      );
    }
    const isNavigation = !machinePath && (method === 'GET' || method === 'HEAD');
    if (!isNavigation && !guard.sameOrigin(req, pathname.startsWith('/download/'))) {
      return refuse(403, 'cross_origin', 'Vouch refuses requests made by other web pages.', null);
    }

    if (pathname.startsWith('/api/call/')) {
      if (method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return sendApiError(res, 405, { code: 'method_not_allowed', message: 'Use POST.', nextStep: null });
      }
      let input: unknown;
      try {
        input = await readJsonBody(req, bodyLimit);
      } catch (error) {
        if (!(error instanceof RequestBodyError)) throw error;
        if (error.status === 413) res.setHeader('Connection', 'close');
        return sendApiError(res, error.status, error.apiError);
      }
      let apiMethod: string;
      try {
        apiMethod = decodeURIComponent(pathname.slice('/api/call/'.length));
      } catch {
        apiMethod = '';
      }
      const result = await dispatchApiCall(runtime.handlers, apiMethod, input, { log });
      return result.ok ? sendJson(res, 200, result) : sendJson(res, httpStatusFor(result.error.code), result);
    }
    if (pathname === '/api/events') {
      if (method !== 'GET') {
        return sendApiError(res, 405, { code: 'method_not_allowed', message: 'Use GET.', nextStep: null });
      }
      return streams.open(req, res);
    }
    if (pathname.startsWith('/download/')) {
      if (method !== 'GET') {
        return sendApiError(res, 405, { code: 'method_not_allowed', message: 'Use GET.', nextStep: null });
      }
      const served = await downloads.serve(pathname.slice('/download/'.length), res);
      if (served) return;
      return sendApiError(res, 404, {
        code: 'download_not_found',
        message: 'This download was already taken or has expired (downloads last 10 minutes and work once).',
        nextStep: 'Export the file again.',
      });
    }
    if (pathname.startsWith('/api/')) {
      return sendApiError(res, 404, { code: 'not_found', message: 'No such API route.', nextStep: null });
    }
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendPage(res, 405, 'Method not allowed', ['Only GET is served here.']);
    }
    return staticFiles.serve(req, res, pathname);
  }

  let port: number;
  let twinListening: boolean;
  try {
    ({ port, twinListening } = await listenOnLoopback(server, twinServer, requestedPort, bindAddress));
  } catch (error) {
    await runtime.close();
    await lanes?.stop(options.laneStopGraceMs);
    downloads.close();
    if (ownsEngine) engine.close();
    throw error;
  }
  guard = new SessionGuard(token, port, hostName);
  const origin = guard.appOrigin;
  const loopbackOrigin = `http://${bindAddress === '::1' ? '[::1]' : '127.0.0.1'}:${port}`;

  let scheduler: RunningScheduler | null = null;
  if (options.scheduler !== false) {
    scheduler = startApiScheduler(runtime, engine, {
      ...(typeof options.scheduler === 'object' ? options.scheduler : {}),
      log,
    });
  }

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      scheduler?.stop();
      const closed = [server, ...(twinListening ? [twinServer] : [])].map((s) => closeServer(s));
      streams.closeAll();
      server.closeAllConnections();
      twinServer.closeAllConnections();
      await Promise.all(closed);
      await runtime.close();
      // Running jobs are released (or finish their last commit) before the store closes.
      await lanes?.stop(options.laneStopGraceMs);
      downloads.close();
      if (ownsEngine) engine.close();
    })());

  return {
    url: `${origin}/?token=${token}`,
    origin,
    hostName,
    loopbackOrigin,
    port,
    token,
    engine,
    rendererBuilt: staticFiles.built,
    close,
  };
}
