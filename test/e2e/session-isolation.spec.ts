// The browser-mode session must not reach any other listener on this machine. Cookies are scoped to a host,
// not a port: a session cookie set by 127.0.0.1:PORT goes with every request to 127.0.0.1 on any port, so
// another user's process listening there would receive it. A real Chromium signs in to `vouch serve`, then
// visits other loopback listeners (127.0.0.1, localhost and [::1] on another port); they record every
// request and must never see the session token.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { startVouchEnvironment, type VouchEnvironment } from './support/environment.ts';

interface Recorded {
  url: string;
  headers: IncomingHttpHeaders;
}

let env: VouchEnvironment;
let other: Server;
let otherV6: Server | null = null;
const received: Recorded[] = [];

function listen(server: Server, host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => resolve((server.address() as AddressInfo).port));
  });
}

const recorder = () =>
  createServer((req, res) => {
    received.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Another listener</title><p>someone else</p>');
  });

test.beforeAll(async () => {
  env = await startVouchEnvironment();
  other = recorder();
  const port = await listen(other, '127.0.0.1');
  // The same port on ::1 too, where the machine has IPv6: `localhost` may resolve there first.
  otherV6 = recorder();
  await listen(otherV6, '::1', port).catch(() => {
    otherV6 = null;
  });
});
test.afterAll(async () => {
  await new Promise((resolve) => other?.close(resolve));
  await new Promise((resolve) => (otherV6 ? otherV6.close(resolve) : resolve(undefined)));
  await env?.close();
});

test('another loopback listener never receives the session credential', async ({ page }) => {
  await page.goto(env.server.url);
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeVisible();
  // Signed in for real: an API call from the page succeeds and the live event stream is open.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('key-backend')).toBeVisible();

  const port = (other.address() as AddressInfo).port;
  const targets = [`http://127.0.0.1:${port}/`, `http://localhost:${port}/probe`];
  if (otherV6) targets.push(`http://[::1]:${port}/probe-v6`);
  for (const target of targets) {
    await page.goto(target);
    await expect(page.getByText('someone else')).toBeVisible();
  }
  // A page on that listener fetching itself with credentials: still nothing of ours.
  await page.evaluate(() => fetch('/fetched', { credentials: 'include' }).then((r) => r.text()));

  expect(received.length).toBeGreaterThanOrEqual(targets.length + 1);
  const leaked = received
    .filter((r) => JSON.stringify(r).includes(env.server.token))
    .map((r) => `${String(r.headers.host)}${r.url}`);
  expect(leaked, 'requests to the other listener that carried the session token').toEqual([]);
  expect(received.filter((r) => r.headers.cookie !== undefined)).toEqual([]);
  expect(received.filter((r) => r.headers.authorization !== undefined)).toEqual([]);

  // And the session still works when the user comes back to Vouch's own address.
  await page.goto(`${env.server.origin}/#/settings`);
  await expect(page.getByTestId('key-backend')).toBeVisible();
});
