// A `next` link to another origin (a hostile or misconfigured front rewriting Okta's Link headers): Vouch must
// neither follow it (the API token would go along) nor stop quietly and call the dataset complete.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { testCertificates } from '../../sim/shared/test-ca.ts';
import { oktaConnector } from '../../src-main/engine/connectors/okta/okta-connector.ts';
import type { SyncEvent } from '../../src-main/engine/connectors/types.ts';

let sim: OktaSimulator;
let front: https.Server;
let elsewhere: https.Server;
const elsewhereRequests: Array<{ url: string; authorized: boolean }> = [];

function listen(server: https.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  // 450 users and 250 apps: both listings need a second page (users through Vouch's raw pages, apps
  // through the Okta SDK's own collection paging).
  sim = await startOktaSimulator({ users: 450, apps: 250, seed: 5 });
  const { certPem, keyPem } = testCertificates();
  // Another origin on this machine (localhost, not 127.0.0.1, and its own port) that records what reaches it.
  elsewhere = https.createServer({ cert: certPem, key: keyPem }, (req, res) => {
    elsewhereRequests.push({ url: req.url ?? '', authorized: req.headers.authorization !== undefined });
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  const elsewhereOrigin = `https://localhost:${await listen(elsewhere)}`;
  // The front Vouch talks to: the simulator's answers, with every `next` link moved to the other origin.
  const [simHost, simPort] = sim.host.split(':');
  front = https.createServer({ cert: certPem, key: keyPem }, (req, res) => {
    const upstream = https.request(
      {
        host: simHost,
        port: Number(simPort),
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: sim.host },
        ca: sim.caPem,
      },
      (answer) => {
        const headers = { ...answer.headers };
        if (typeof answer.headers.link === 'string') {
          headers.link = answer.headers.link.replace(
            /<https:\/\/[^/>]+(\/[^>]*)>;\s*rel="next"/g,
            `<${elsewhereOrigin}$1>; rel="next"`,
          );
        }
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await listen(front);
});

afterAll(async () => {
  for (const server of [front, elsewhere]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await sim.close();
});

it('marks a dataset partial, with the reason, when a next link leaves the org, and never follows it', async () => {
  const events: SyncEvent[] = [];
  for await (const event of oktaConnector.sync({
    config: { domain: `127.0.0.1:${(front.address() as AddressInfo).port}` },
    secrets: { apiToken: sim.token },
    caPem: sim.caPem,
    proxyUrl: null,
    signal: AbortSignal.timeout(60_000),
  })) {
    events.push(event);
  }
  const ends = new Map(
    events.flatMap((event) => (event.type === 'dataset_end' ? [[event.dataset, event] as const] : [])),
  );
  for (const dataset of ['okta.users', 'okta.apps']) {
    const end = ends.get(dataset);
    expect(end?.complete, dataset).toBe(false);
    expect(end?.reason, dataset).toMatch(/next-page link points to https:\/\/localhost:\d+/);
    expect(end?.reason, dataset).toContain('paging stopped before the last page');
  }
  // Nothing, token or not, went to the other origin.
  expect(elsewhereRequests).toEqual([]);
});
