// The source's GitLab target: the instance's base URL (gitlab.com by default, or a self-managed host)
// and the top-level group whose members and projects are collected.

export interface GitLabTarget {
  /** `https://gitlab.example.com` (no trailing slash, no /api/v4). */
  baseUrl: string;
  /** `{baseUrl}/api/v4` */
  apiUrl: string;
  /** Full path of the group, e.g. `acme-corp` or `acme-corp/platform`; null when not configured. */
  group: string | null;
  /** gitlab.com, where no customer is an instance administrator. */
  saas: boolean;
  host: string;
}

export const DEFAULT_BASE_URL = 'https://gitlab.com';

export function parseGitLabTarget(
  config: Record<string, string>,
): { ok: true; target: GitLabTarget } | { ok: false; problem: string } {
  const raw = (config.baseUrl ?? '').trim() || DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return {
      ok: false,
      problem: `The GitLab base URL "${raw}" is not a URL; give e.g. https://gitlab.example.com.`,
    };
  }
  if (url.protocol !== 'https:') {
    return {
      ok: false,
      problem: 'The GitLab base URL must start with https:// (the token must not travel in clear).',
    };
  }
  if (url.search || url.hash || url.username || url.password) {
    return { ok: false, problem: 'The GitLab base URL must not carry a query, fragment or credentials.' };
  }
  // People paste the API address too; the API lives at {base}/api/v4 either way.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
  const baseUrl = `${url.origin}${path}`;
  const group = (config.group ?? '').trim().replace(/^\/+|\/+$/g, '') || null;
  if (group !== null && !/^[\w.-]+(\/[\w.-]+)*$/.test(group)) {
    return {
      ok: false,
      problem: `The group "${group}" is not a GitLab group path; give its full path as in its address, e.g. acme-corp or acme-corp/platform.`,
    };
  }
  const saas = url.hostname === 'gitlab.com';
  if (saas && group === null) {
    return { ok: false, problem: 'On gitlab.com a group is required: give its full path, e.g. acme-corp.' };
  }
  return { ok: true, target: { baseUrl, apiUrl: `${baseUrl}/api/v4`, group, saas, host: url.host } };
}
