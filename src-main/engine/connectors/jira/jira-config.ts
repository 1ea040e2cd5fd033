// The source's Jira Cloud target: the site URL (https://SITE.atlassian.net) and the Atlassian account
// email the API token belongs to (HTTP Basic email:token).

export interface JiraTarget {
  /** `https://acme.atlassian.net` (no trailing slash). */
  siteUrl: string;
  /** `{siteUrl}/rest/api/3` */
  apiUrl: string;
  email: string;
  host: string;
}

export function parseJiraTarget(
  config: Record<string, string>,
): { ok: true; target: JiraTarget } | { ok: false; problem: string } {
  const raw = (config.site ?? '').trim();
  if (!raw) return { ok: false, problem: 'The Jira site is required, e.g. https://acme.atlassian.net.' };
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return {
      ok: false,
      problem: `The Jira site "${raw}" is not a URL; give e.g. https://acme.atlassian.net.`,
    };
  }
  if (url.protocol !== 'https:') return { ok: false, problem: 'The Jira site must start with https://.' };
  if (url.search || url.hash || url.username || url.password)
    return { ok: false, problem: 'The Jira site must not carry a query, fragment or credentials.' };
  const email = (config.email ?? '').trim();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
    return {
      ok: false,
      problem: 'The Atlassian account email is required (the account the API token belongs to).',
    };
  }
  // People paste an address inside the site (a board, the REST root): the API lives at the site's root.
  const siteUrl = url.origin;
  return { ok: true, target: { siteUrl, apiUrl: `${siteUrl}/rest/api/3`, email, host: url.host } };
}
