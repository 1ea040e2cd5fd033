// `Link` headers (RFC 8288) as providers send them: Okta repeats the header once per relation, GitHub and
// GitLab join the relations into one header. Both parse back with `parseLinkHeader`.

/** `<url>; rel="name"` for each relation, in the given order. */
export function linkValues(links: ReadonlyArray<readonly [rel: string, url: string]>): string[] {
  return links.map(([rel, url]) => `<${url}>; rel="${rel}"`);
}

/** One header value with every relation, comma-separated (GitHub, GitLab). */
export function joinedLinkHeader(links: ReadonlyArray<readonly [rel: string, url: string]>): string {
  return linkValues(links).join(', ');
}

/** Relation name -> URL, from one or several header values. */
export function parseLinkHeader(
  value: string | readonly string[] | null | undefined,
): Record<string, string> {
  const links: Record<string, string> = {};
  const text = Array.isArray(value) ? value.join(', ') : ((value as string | null | undefined) ?? '');
  for (const match of text.matchAll(/<([^>]*)>\s*;\s*rel="([^"]+)"/g)) {
    links[match[2] as string] = match[1] as string;
  }
  return links;
}

/** `url` with `params` set (replacing earlier values), other query parameters kept in order. */
export function withQuery(base: string, url: URL, params: Record<string, string>): string {
  const query = new URLSearchParams(url.searchParams);
  for (const name of Object.keys(params)) query.delete(name);
  for (const [name, value] of Object.entries(params)) query.append(name, value);
  return `${base}?${query.toString()}`;
}
