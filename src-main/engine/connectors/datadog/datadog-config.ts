// Where a Datadog source points: one of Datadog's sites (the API host is api.SITE) or an explicit base URL
// (a proxy, a simulator), checked without any request.

export const DATADOG_SITES = [
  'datadoghq.com',
  'datadoghq.eu',
  'us3.datadoghq.com',
  'us5.datadoghq.com',
  'ap1.datadoghq.com',
  'ddog-gov.com',
] as const;

export const DEFAULT_DATADOG_SITE = 'datadoghq.com';

export type DatadogTarget =
  { ok: true; site: string; baseUrl: string; host: string } | { ok: false; problem: string };

export function parseDatadogTarget(config: Record<string, string>): DatadogTarget {
  const site = (config.site ?? '').trim() || DEFAULT_DATADOG_SITE;
  if (!(DATADOG_SITES as readonly string[]).includes(site)) {
    return {
      ok: false,
      problem: `Unknown Datadog site "${site}". Use one of ${DATADOG_SITES.join(', ')} (the address you log in at, without app.).`,
    };
  }
  const raw = (config.baseUrl ?? '').trim();
  if (!raw) return { ok: true, site, baseUrl: `https://api.${site}`, host: `api.${site}` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: `The base URL "${raw}" is not a URL; e.g. https://api.datadoghq.eu.` };
  }
  if (url.protocol !== 'https:')
    return {
      ok: false,
      problem: `The base URL must use https (the keys travel in headers), not ${url.protocol}`,
    };
  if (url.username || url.password || url.search || url.hash)
    return { ok: false, problem: 'The base URL takes no user, password, query or fragment.' };
  const baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return { ok: true, site, baseUrl, host: url.host };
}
