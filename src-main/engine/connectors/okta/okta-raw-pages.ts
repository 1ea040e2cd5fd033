// Pages of raw JSON through the SDK's HTTP layer (our transport: pacing, retries, page counts), for the
// high-volume listings and those whose SDK models drop fields we need. The SDK's model objects cost 2-3x
// the CPU per row of plain JSON (bench/okta-sync), which sets the tail of a large sync; and Group stats lose
// `hasAdminPrivilege`, because the published schema (so the SDK) spells it `hasAdminPrivlege`.
import type { Client } from '@okta/okta-sdk-nodejs';

interface RawResponse {
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
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
    // Never follow a link off the org: the token would go with it.
    url = next && new URL(next).origin === new URL(orgUrl).origin ? next : null;
  }
}
