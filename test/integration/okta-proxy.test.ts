// HTTPS_PROXY: requests to Okta go through the configured proxy (CONNECT tunnel), unless NO_PROXY says not.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { proxyFromEnvironment } from '../../src-main/engine/connectors/http-agent.ts';
import { oktaConnector } from '../../src-main/engine/connectors/okta/okta-connector.ts';

let sim: OktaSimulator;
let proxy: http.Server;
const tunnels: string[] = [];

beforeAll(async () => {
  sim = await startOktaSimulator({ users: 10, seed: 3 });
  // A minimal forward proxy: it only tunnels CONNECT, and records where to.
  proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await sim.close();
});

it('tunnels through the proxy and still verifies the org certificate', async () => {
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const status = await oktaConnector.test({
    config: { domain: sim.host },
    secrets: { apiToken: sim.token },
    caPem: sim.caPem,
    proxyUrl,
    signal: AbortSignal.timeout(20_000),
  });
  expect(status.status).toBe('connected');
  expect(tunnels).toContain(sim.host);
});

it('reads HTTPS_PROXY and honours NO_PROXY', () => {
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'localhost,.internal.example' };
  expect(proxyFromEnvironment('acme.okta.com', env)).toBe('http://proxy.corp:3128');
  expect(proxyFromEnvironment('okta.internal.example:443', env)).toBeNull();
  expect(proxyFromEnvironment('localhost:8443', env)).toBeNull();
  expect(proxyFromEnvironment('acme.okta.com', {})).toBeNull();
});
