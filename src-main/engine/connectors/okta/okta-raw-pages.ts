// Pages of raw JSON through the SDK's HTTP layer (our transport: pacing, retries, page counts), for the
// high-volume listings and those whose SDK models drop fields we need. The SDK's model objects cost 2-3x
// the CPU per row of plain JSON (bench/okta-sync), which sets the tail of a large sync; and Group stats lose
// `hasAdminPrivilege`, because the published schema (so the SDK) spells it `hasAdminPrivlege`.
import type { Client } from '@okta/okta-sdk-nodejs';

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

export async function* listRawItems(
  client: Client,
  orgUrl: string,
  pathAndQuery: string,
): AsyncGenerator<Record<string, unknown>> {
  let url: string | null = `${orgUrl}${pathAndQuery}`;
  while (url) {
    const response = (await client.http.http(
      url,
      { method: 'get', headers: { Accept: 'application/json' } } as never,
      {
        isCollection: true,
      } as never,
    )) as RawResponse;
    const items = (await response.json()) as Record<string, unknown>[];
    if (!Array.isArray(items)) throw new Error(`Okta returned a non-list body for ${pathAndQuery}.`);
    yield* items;
    const next = nextLink(response.headers.get('link'));
    if (next && !isOnOrgOrigin(orgUrl, next)) throw new OffOriginNextLinkError(orgUrl, next);
    url = next;
  }
}
