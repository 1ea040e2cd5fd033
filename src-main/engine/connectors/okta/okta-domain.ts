// What a user types as the Okta domain, checked before any request: host[:port], an https URL tolerated.
export type OktaDomainResult = { ok: true; orgUrl: string; host: string } | { ok: false; problem: string };

const hostPattern = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export function parseOktaDomain(input: string): OktaDomainResult {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, problem: 'No Okta domain was given.' };
  if (/^http:\/\//i.test(trimmed))
    return { ok: false, problem: `Okta is only reachable over HTTPS, not "${trimmed}".` };
  let url: URL;
  try {
    url = new URL(/^https:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return { ok: false, problem: `"${trimmed}" is not a host name (expected e.g. acme.okta.com).` };
  }
  if (
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  ) {
    return {
      ok: false,
      problem: `"${trimmed}" has a path or query; give only the org's host, e.g. acme.okta.com.`,
    };
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.includes(':');
  if (!isIp && !hostPattern.test(hostname)) {
    return { ok: false, problem: `"${hostname}" is not a valid host name.` };
  }
  if (/-admin\./i.test(hostname)) {
    return {
      ok: false,
      problem: `"${hostname}" is the Admin Console's address; the API lives on the org domain (${hostname.replace(/-admin\./i, '.')}).`,
    };
  }
  return { ok: true, orgUrl: url.origin, host: url.host };
}
