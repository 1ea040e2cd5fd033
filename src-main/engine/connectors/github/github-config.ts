// What a user types for a GitHub source, checked before any request: the organization login and, for
// GitHub Enterprise Server, the API base URL (https://HOST/api/v3; a bare https://HOST is completed).
export interface GitHubTarget {
  org: string;
  /** REST base URL without a trailing slash, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  baseUrl: string;
  /** host[:port] of the API, for NO_PROXY matching. */
  host: string;
  /** Where people sign in (token settings, SSO authorization): https://github.com or the GHES instance. */
  webUrl: string;
}

export type GitHubTargetResult = ({ ok: true } & GitHubTarget) | { ok: false; problem: string };

const githubApi = 'https://api.github.com';
/** GitHub logins: alphanumerics and single hyphens, not at either end, at most 39 characters. */
const loginPattern = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

function parseOrg(input: string): { ok: true; org: string } | { ok: false; problem: string } {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, problem: 'No GitHub organization was given.' };
  const fromUrl = /^https?:\/\/[^/]+\/(?:orgs\/)?([^/?#]+)\/?$/i.exec(trimmed);
  if (fromUrl) {
    return {
      ok: false,
      problem: `"${trimmed}" is an address; give only the organization's login, e.g. ${fromUrl[1]}.`,
    };
  }
  if (!loginPattern.test(trimmed)) {
    return {
      ok: false,
      problem: `"${trimmed}" is not a GitHub organization login (letters, digits and single hyphens, e.g. acme-corp).`,
    };
  }
  return { ok: true, org: trimmed };
}

function parseBaseUrl(input: string | undefined): { ok: true; url: URL } | { ok: false; problem: string } {
  const trimmed = (input ?? '').trim();
  if (!trimmed) return { ok: true, url: new URL(githubApi) };
  if (/^http:\/\//i.test(trimmed)) {
    return { ok: false, problem: `The token would travel unencrypted to "${trimmed}"; use https.` };
  }
  let url: URL;
  try {
    url = new URL(/^https:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return {
      ok: false,
      problem: `"${trimmed}" is not a URL (expected e.g. https://ghe.example.com/api/v3).`,
    };
  }
  if (url.search || url.hash || url.username || url.password) {
    return {
      ok: false,
      problem: `"${trimmed}" has a query, fragment or credentials; give only the API address, e.g. https://ghe.example.com/api/v3.`,
    };
  }
  const host = url.hostname.toLowerCase();
  if (host === 'github.com' || host === 'www.github.com') return { ok: true, url: new URL(githubApi) };
  const path = url.pathname.replace(/\/+$/, '');
  // GitHub Enterprise Server serves the API under /api/v3 of the instance's address.
  if (path === '' && host !== 'api.github.com' && !host.endsWith('.ghe.com')) url.pathname = '/api/v3';
  else url.pathname = path || '/';
  return { ok: true, url };
}

export function parseGitHubTarget(config: Record<string, string>): GitHubTargetResult {
  const org = parseOrg(config.org ?? '');
  if (!org.ok) return org;
  const base = parseBaseUrl(config.baseUrl);
  if (!base.ok) return base;
  const baseUrl = base.url.toString().replace(/\/+$/, '');
  return {
    ok: true,
    org: org.org,
    baseUrl,
    host: base.url.host,
    webUrl:
      base.url.hostname === 'api.github.com'
        ? 'https://github.com'
        : base.url.origin.replace(/^https:\/\/api\.([^.]+\.ghe\.com)/i, 'https://$1'),
  };
}
