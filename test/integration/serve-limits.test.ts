// `vouch serve` against clients that hold sockets: one that never finishes its headers is cut off, and past the
// connection cap new sockets are closed at once while the ones already open stay.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectionLimits, startServer, type RunningServer } from '../../src-main/cli/serve/server.ts';

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-serve-limits-'));
  server = await startServer({
    dataDir: path.join(dir, 'data'),
    env: { ...process.env, VOUCH_MASTER_KEY: randomBytes(32).toString('base64') },
    rendererDir: path.join(dir, 'no-renderer'),
    scheduler: false,
    log: () => {},
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface OpenSocket {
  socket: net.Socket;
  closed: Promise<string>;
}

function connect(port: number): Promise<OpenSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise<string>((done) => socket.on('close', () => done(received)));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

it('hangs up on a client that never finishes its request headers', { timeout: 40_000 }, async () => {
  const slow = await connect(server.port);
  slow.socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Slow: `);
  // Node answers 408 and closes: the socket does not stay with the slow client (Node's default: 60 s + 30 s).
  expect(await slow.closed).toMatch(/^HTTP\/1\.1 408/);
});

it('closes connections past the cap and keeps the ones already open', { timeout: 40_000 }, async () => {
  const cap = connectionLimits.maxConnections;
  const first = await Promise.all(Array.from({ length: cap }, () => connect(server.port)));
  const extra = await Promise.all(Array.from({ length: 4 }, () => connect(server.port)));
  // Each extra socket is closed by the server without an answer.
  expect(await Promise.all(extra.map((s) => s.closed))).toEqual(['', '', '', '']);
  const stillOpen = first.filter((s) => !s.socket.destroyed && s.socket.readyState === 'open');
  expect(stillOpen).toHaveLength(cap);
  for (const s of first) s.socket.destroy();
  await Promise.all(first.map((s) => s.closed));
  // Once they are gone, a new client is served again.
  const again = await connect(server.port);
  again.socket.end(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
  expect(await again.closed).toMatch(/^HTTP\/1\.1 401/);
});
