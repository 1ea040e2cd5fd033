// `vouch serve --open`: the session URL must not appear on any command line (readable by every local user in
// /proc/PID/cmdline) and the opened program must not inherit VOUCH_MASTER_KEY. The real opener runs, with a
// stand-in `xdg-open` on PATH that records what it was given.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openInSystemBrowser } from '../../src-main/cli/serve/open-browser.ts';
import { startServer, type RunningServer } from '../../src-main/cli/serve/server.ts';
import { httpRequest } from '../helpers/serve-client.ts';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-serve-open-'));
  // The stand-in opener: its argv, its environment, and the file it was asked to open with its mode.
  const script = [
    '#!/bin/sh',
    'out="$OPENER_RECORD"',
    'printf "%s\\n" "$@" > "$out/argv"',
    'env > "$out/env"',
    'target="${1#file://}"',
    'stat -c %a "$target" > "$out/mode"',
    'stat -c %a "$(dirname "$target")" > "$out/dir-mode"',
    'cat "$target" > "$out/page"',
    'touch "$out/done"',
  ].join('\n');
  writeFileSync(path.join(dir, 'xdg-open'), `${script}\n`);
  chmodSync(path.join(dir, 'xdg-open'), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function waitForFile(file: string): Promise<void> {
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 50));
}

it('gives the browser a private redirect file, never the token, and no secrets in its environment', async () => {
  const token = randomBytes(32).toString('base64url');
  const url = `http://127.0.0.1:4321/?token=${token}`;
  const record = mkdtempSync(path.join(dir, 'record-'));
  const env = {
    PATH: `${dir}:${process.env.PATH ?? ''}`,
    OPENER_RECORD: record,
    VOUCH_MASTER_KEY: randomBytes(32).toString('base64'),
    VOUCH_DATA_DIR: '/somewhere',
    GITHUB_TOKEN: 'ghp_not_for_the_browser',
    DISPLAY: ':0',
  };
  await openInSystemBrowser(url, env, 'linux');
  await waitForFile(path.join(record, 'done'));
  const argv = readFileSync(path.join(record, 'argv'), 'utf8');
  expect(argv).not.toContain(token);
  expect(argv).toMatch(/^file:\/\//);
  expect(readFileSync(path.join(record, 'mode'), 'utf8').trim()).toBe('600');
  expect(readFileSync(path.join(record, 'dir-mode'), 'utf8').trim()).toBe('700');
  expect(readFileSync(path.join(record, 'page'), 'utf8')).toContain(`url=${url}`);
  const childEnv = readFileSync(path.join(record, 'env'), 'utf8');
  expect(childEnv).not.toContain('VOUCH_MASTER_KEY');
  expect(childEnv).not.toContain(env.VOUCH_MASTER_KEY);
  expect(childEnv).not.toContain('ghp_not_for_the_browser');
  expect(childEnv).toContain('DISPLAY=:0');
  expect(fileURLToPath(argv.trim())).toContain('vouch-open-');
});

it('signs in a browser arriving from the redirect file (a cross-site navigation) without a redirect', async () => {
  const server: RunningServer = await startServer({
    dataDir: path.join(dir, 'data'),
    env: { ...process.env, VOUCH_MASTER_KEY: randomBytes(32).toString('base64') },
    rendererDir: path.join(dir, 'no-renderer'),
    scheduler: false,
    log: () => {},
  });
  try {
    const reply = await httpRequest(server.port, `/sources?token=${server.token}`, {
      headers: {
        host: `${server.hostName}:${server.port}`,
        'sec-fetch-site': 'cross-site',
        'sec-fetch-mode': 'navigate',
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
    expect(reply.text).toContain('<meta http-equiv="refresh" content="0;url=/sources">');
    expect(reply.text).not.toContain(server.token);
  } finally {
    await server.close();
  }
});
