// The simulator against Microsoft's own SDKs, as the connector will use them: @azure/msal-node for the
// client-credentials grant (secret and certificate) and @microsoft/microsoft-graph-client for Graph.
// Both are pointed at the simulator's HTTPS origin with its test CA, which shows how the connector
// must wire them: MSAL 7 calls the global fetch, so the custom CA goes in through `system.networkClient`;
// the Graph client passes `fetchOptions` to fetch, so an undici `dispatcher` carries the CA there, and
// `customHosts` (hostnames, no port) lets it attach the token to a non-Microsoft host.
import { X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { Client, GraphError, PageIterator } from '@microsoft/microsoft-graph-client';
import type { FetchOptions } from '@microsoft/microsoft-graph-client';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntraSimulator } from '../../sim/entra/index.ts';
import type { EntraSimulator } from '../../sim/entra/index.ts';

const SCOPES = ['https://graph.microsoft.com/.default'];

let sim: EntraSimulator;
let agent: Agent;

beforeAll(async () => {
  sim = await startEntraSimulator({ users: 300, seed: 17, clientCertificate: true });
  agent = new Agent({ connect: { ca: sim.caPem } });
});

afterAll(async () => {
  await agent?.close();
  await sim?.close();
});

/** MSAL's INetworkModule over undici with the simulator's CA. */
function networkClient(): INetworkModule {
  const send = async <T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> => {
    const response = await fetch(url, {
      dispatcher: agent,
      method,
      headers: options?.headers,
      body: method === 'POST' ? (options?.body ?? '') : undefined,
    });
    return {
      headers: Object.fromEntries(response.headers),
      body: (await response.json()) as T,
      status: response.status,
    };
  };
  return {
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}

function msalApp(auth: {
  clientSecret?: string;
  tenant?: string;
  certificate?: boolean;
  metadata?: boolean;
}) {
  const tenant = auth.tenant ?? sim.tenantId;
  const certificate = sim.clientCertificate!;
  return new ConfidentialClientApplication({
    auth: {
      clientId: sim.clientId,
      authority: `${sim.url}/${tenant}`,
      // The simulator's host is its own cloud: skip instance discovery against login.microsoftonline.com.
      knownAuthorities: [new URL(sim.url).host],
      ...(auth.metadata
        ? {
            authorityMetadata: JSON.stringify({
              token_endpoint: `${sim.url}/${tenant}/oauth2/v2.0/token`,
              issuer: `${sim.url}/${tenant}/v2.0`,
              authorization_endpoint: `${sim.url}/${tenant}/oauth2/v2.0/authorize`,
              end_session_endpoint: `${sim.url}/${tenant}/oauth2/v2.0/logout`,
              jwks_uri: `${sim.url}/${tenant}/discovery/v2.0/keys`,
            }),
          }
        : {}),
      ...(auth.certificate
        ? {
            clientCertificate: {
              thumbprintSha256: new X509Certificate(certificate.certificatePem).fingerprint256.replace(
                /:/g,
                '',
              ),
              privateKey: certificate.privateKeyPem,
              x5c: certificate.certificatePem,
            },
          }
        : { clientSecret: auth.clientSecret ?? sim.clientSecret }),
    },
    system: { networkClient: networkClient() },
  });
}

function graphClient(accessToken: string): Client {
  return Client.initWithMiddleware({
    baseUrl: sim.url,
    customHosts: new Set([new URL(sim.url).hostname]),
    // Node's fetch takes an undici dispatcher; the Graph client's types predate it.
    fetchOptions: { dispatcher: agent } as unknown as FetchOptions,
    authProvider: { getAccessToken: () => Promise.resolve(accessToken) },
  });
}

async function token(): Promise<string> {
  const result = await msalApp({}).acquireTokenByClientCredential({ scopes: SCOPES });
  return result!.accessToken;
}

describe('@azure/msal-node against the simulator', () => {
  it('gets a token with the secret and with the certificate', async () => {
    const bySecret = await msalApp({}).acquireTokenByClientCredential({ scopes: SCOPES });
    expect(bySecret?.tokenType).toBe('Bearer');
    expect(bySecret?.accessToken.split('.')).toHaveLength(3);
    const byCertificate = await msalApp({ certificate: true }).acquireTokenByClientCredential({
      scopes: SCOPES,
    });
    const claims = JSON.parse(
      Buffer.from(byCertificate!.accessToken.split('.')[1]!, 'base64url').toString(),
    ) as {
      appidacr: string;
      roles: string[];
    };
    expect(claims.appidacr).toBe('2');
    expect(claims.roles).toContain('User.Read.All');
  });

  it('surfaces AADSTS codes: a secret id pasted as the secret, an unknown tenant', async () => {
    const badSecret = await msalApp({ clientSecret: sim.clientSecretId })
      .acquireTokenByClientCredential({ scopes: SCOPES })
      .catch((error: unknown) => error);
    expect(badSecret).toMatchObject({ errorCode: 'invalid_client', status: 401 });
    expect(String((badSecret as { errorNo: unknown }).errorNo)).toBe('7000215');
    // With discovery, MSAL reports an unknown tenant as endpoints_resolution_error (the metadata GET
    // failed); with the authority metadata given, the token endpoint's AADSTS90002 comes through.
    const tenant = '00000000-0000-4000-8000-000000000000';
    const discovered = await msalApp({ tenant })
      .acquireTokenByClientCredential({ scopes: SCOPES })
      .catch((error: unknown) => error);
    expect(discovered).toMatchObject({ errorCode: 'endpoints_resolution_error' });
    const direct = await msalApp({ tenant, metadata: true })
      .acquireTokenByClientCredential({ scopes: SCOPES })
      .catch((error: unknown) => error);
    expect(direct).toMatchObject({ errorCode: 'invalid_request' });
    expect(String((direct as { errorNo: unknown }).errorNo)).toBe('90002');
  });
});

describe('@microsoft/microsoft-graph-client against the simulator', () => {
  it('pages every user once with PageIterator, selected properties and the count', async () => {
    const client = graphClient(await token());
    const first = (await client
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .select(['id', 'accountEnabled', 'userType', 'signInActivity'])
      .count(true)
      .top(999)
      .get()) as { value: unknown[]; '@odata.count': number };
    expect(first.value).toHaveLength(120);
    expect(first['@odata.count']).toBe(sim.tenant.users.length);
    const seen: string[] = [];
    // The nextLink carries $count=true, so later pages need the header too.
    const iterator = new PageIterator(
      client,
      first as never,
      (user: { id: string; accountEnabled: boolean }) => {
        seen.push(user.id);
        return true;
      },
      { headers: { ConsistencyLevel: 'eventual' } },
    );
    await iterator.iterate();
    expect(new Set(seen).size).toBe(sim.tenant.users.length);
    expect(seen).toHaveLength(sim.tenant.users.length);
  });

  it('raises GraphError with Graph code and request id; its retry handler honours Retry-After', async () => {
    const client = graphClient(await token());
    const error = (await client
      .api('/users')
      .top(1000)
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ statusCode: 400, code: 'Request_BadRequest' });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    sim.resetStats();
    sim.setFaults({ throttle: { count: 2, status: 429, retryAfterSeconds: 1 } });
    const groups = (await client.api('/groups').top(5).get()) as { value: unknown[] };
    sim.setFaults({});
    expect(groups.value).toHaveLength(5);
    expect(sim.stats().throttled).toBe(2);
  });
});
