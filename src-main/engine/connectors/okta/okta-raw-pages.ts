// Pages of raw JSON through the SDK's HTTP layer (our transport: pacing, retries, page counts), for every
// listing of a sync; each dataset parses them with its own zod schema (okta-mappers.ts). The SDK's model
// objects cost 2-3x the CPU per row of plain JSON (bench/okta-sync), which sets the pace of a large sync at a
// high rate limit; and Group stats lose `hasAdminPrivilege`, because the published schema (so the SDK)
// spells it `hasAdminPrivlege`.
import type { OktaHttp } from './okta-http-session.ts';

interface RawResponse {
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

/**
 * Okta answered a `next` link to another origin. Following it would send the API token off the org; stopping
 * silently would pass a truncated population off as complete. The listing fails, so the dataset is partial
 * with this as its reason.
 */
export class OffOriginNextLinkError extends Error {
  readonly code = 'OKTA_OFF_ORIGIN_NEXT_LINK';
  constructor(orgUrl: string, next: string) {
    super(
      `Okta's next-page link points to ${describeOrigin(next)}, not to the org ${new URL(orgUrl).origin}; ` +
        'Vouch did not follow it (the API token would go with it), so paging stopped before the last page',
    );
    this.name = 'OffOriginNextLinkError';
  }
}

/** The origin of a link, for messages: never its path or query (they may carry cursors or worse). */
function describeOrigin(link: string): string {
  try {
    return new URL(link).origin;
  } catch {
    return 'an address that is not a valid URL';
  }
}

/** True when `link` is on the org's origin (scheme, host and port). */
export function isOnOrgOrigin(orgUrl: string, link: string): boolean {
  try {
    return new URL(link).origin === new URL(orgUrl).origin;
  } catch {
    return false;
  }
}

function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1] ?? null;
  }
  return null;
}

async function getRaw(http: OktaHttp, url: string): Promise<RawResponse> {
  return (await http.http(
    url,
    { method: 'get', headers: { Accept: 'application/json' } } as never,
    { isCollection: true } as never,
  )) as RawResponse;
}

/** One JSON document from the org (e.g. a page whose next link is in its body), unparsed beyond JSON. */
export async function getRawJson(http: OktaHttp, orgUrl: string, pathAndQuery: string): Promise<unknown> {
  return (await getRaw(http, `${orgUrl}${pathAndQuery}`)).json();
}

/**
 * The pages of a listing, each as the array Okta sent, following Link headers on the org's origin only.
 * Whole pages rather than items: a consumer loops over a page synchronously instead of paying an async
 * generator's round trip per row.
 */
export async function* listRawPages(
  http: OktaHttp,
  orgUrl: string,
  pathAndQuery: string,
): AsyncGenerator<unknown[]> {
  let url: string | null = `${orgUrl}${pathAndQuery}`;
  while (url) {
    const response = await getRaw(http, url);
    const items = await response.json();
    if (!Array.isArray(items)) throw new Error(`Okta returned a non-list body for ${pathAndQuery}.`);
    yield items;
    const next = nextLink(response.headers.get('link'));
    if (next && !isOnOrgOrigin(orgUrl, next)) throw new OffOriginNextLinkError(orgUrl, next);
    url = next;
  }
}
