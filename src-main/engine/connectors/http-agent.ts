// One HTTPS agent per connector call: the system roots plus the source's custom CA, through HTTPS_PROXY if set.
import https from 'node:https';
import tls from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';

/**
 * https-proxy-agent applies constructor TLS options to the proxy connection only; the tunnelled connection
 * to the provider takes them from each request, which node-fetch does not fill. Inject the CA there.
 */
class CaAwareProxyAgent extends HttpsProxyAgent<string> {
  constructor(
    proxyUrl: string,
    private readonly ca: string[] | undefined,
    maxSockets: number,
  ) {
    super(proxyUrl, { keepAlive: true, maxSockets });
  }

  override connect(...[request, options]: Parameters<HttpsProxyAgent<string>['connect']>) {
    return super.connect(request, this.ca ? ({ ...options, ca: this.ca } as typeof options) : options);
  }
}

export interface AgentOptions {
  caPem: string | null;
  proxyUrl: string | null;
  maxSockets: number;
}

export function createHttpsAgent({ caPem, proxyUrl, maxSockets }: AgentOptions): https.Agent {
  // Extra CAs are added to, not substituted for, the public roots: a proxy or a second host may need those.
  const ca = caPem ? [...tls.rootCertificates, caPem] : undefined;
  if (proxyUrl) {
    return new CaAwareProxyAgent(proxyUrl, ca, maxSockets);
  }
  // One secure context built up front instead of `ca`: https.Agent names its connection pools by
  // concatenating every TLS option into a string on each request, which for ~150 root certificates cost
  // milliseconds of CPU per request (a fifth of a whole sync's CPU), and TLS would parse them per connection.
  const secureContext = ca ? tls.createSecureContext({ ca }) : undefined;
  return new https.Agent({ secureContext, keepAlive: true, maxSockets });
}

/** The proxy the process environment asks for, honouring NO_PROXY for the target host. */
export function proxyFromEnvironment(
  targetHost: string,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const proxy = env.HTTPS_PROXY ?? env.https_proxy ?? null;
  if (!proxy) return null;
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  const host = targetHost.toLowerCase().replace(/:\d+$/, '');
  const bypass = noProxy.some(
    (entry) =>
      entry === '*' ||
      host === entry.replace(/^\./, '') ||
      host.endsWith(entry.startsWith('.') ? entry : `.${entry}`),
  );
  return bypass ? null : proxy;
}
