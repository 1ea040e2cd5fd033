// The HTTPS plumbing every simulator shares: a TLS server on 127.0.0.1 with the test CA's leaf, an
// ephemeral port by default, request bodies read with a size cap, and a close that drops keep-alive
// sockets and pending delayed replies so test runs end promptly.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ReplyScheduler } from './replies.ts';
import { testCertificates } from './test-ca.ts';

export interface TlsServerOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Pending delayed replies to cancel on close. */
  replies?: ReplyScheduler;
}

export interface TlsServer {
  /** `https://127.0.0.1:PORT` */
  origin: string;
  /** `127.0.0.1:PORT` */
  host: string;
  port: number;
  /** The test CA's certificate (PEM): what a client must trust. */
  caPem: string;
  close(): Promise<void>;
}

/**
 * Starts `handle` on HTTPS. The handler may read `origin` lazily (it is only known once listening), which
 * is why it receives it per request.
 */
export async function startTlsServer(
  handle: (req: IncomingMessage, res: ServerResponse, origin: string) => void,
  options: TlsServerOptions = {},
): Promise<TlsServer> {
  const { caPem, certPem, keyPem } = testCertificates();
  let origin = '';
  const server = createServer({ key: keyPem, cert: certPem }, (req, res) => handle(req, res, origin));
  // A client that does not trust our CA aborts the handshake; that is its test failing, not ours.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  origin = `https://${host}`;
  return {
    origin,
    host,
    port,
    caPem,
    close: async () => {
      options.replies?.cancelAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The request URL on our origin. Concatenated, not resolved: `//x/y` must stay a path on our origin. */
export function requestUrl(req: IncomingMessage, origin: string): URL {
  return new URL(origin + (req.url ?? '/'));
}

/** Reads a request body; resolves `undefined` when it exceeds `maxBytes` (answer 413). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Destroys the socket without a response: the client sees ECONNRESET (the `resetEvery` fault). */
export function resetConnection(req: IncomingMessage): void {
  req.socket.destroy();
}
