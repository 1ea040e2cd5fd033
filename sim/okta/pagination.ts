// Okta's cursor pagination: `limit` (clamped to the endpoint's maximum), an opaque `after` cursor, and
// `Link: <...>; rel="self"` / `rel="next"` headers with absolute URLs. Our cursor is the id of the last
// item returned, which is what Okta itself uses for users; clients must treat it as opaque either way.
import { firstIndexAfter } from './org-index.ts';

export interface PageLimits {
  defaultLimit: number;
  maxLimit: number;
}

export function pageLimit(url: URL, limits: PageLimits): number {
  const raw = url.searchParams.get('limit');
  if (raw === null || !/^-?\d+$/.test(raw.trim())) return limits.defaultLimit;
  const value = Number(raw);
  // Okta silently clamps oversize pages instead of rejecting them; non-positive limits get the default.
  if (value < 1) return limits.defaultLimit;
  return Math.min(value, limits.maxLimit);
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow; the value to send as `after`. */
  nextCursor?: string;
}

/**
 * Walks `ids` (ascending) from just after `after`, keeping what `pick` returns, until `limit` items.
 * Looks ahead for one more match so the last page carries no `next` link.
 */
export function pageAfter<T>(
  ids: readonly string[],
  after: string | null,
  limit: number,
  pick: (id: string, index: number) => T | undefined,
): Page<T> {
  const items: T[] = [];
  let lastId: string | undefined;
  for (let i = after === null ? 0 : firstIndexAfter(ids, after); i < ids.length; i++) {
    const id = ids[i] as string;
    const item = pick(id, i);
    if (item === undefined) continue;
    if (items.length === limit) return { items, nextCursor: lastId as string };
    items.push(item);
    lastId = id;
  }
  return { items };
}

/** The Link header values Okta sends: always `self`, and `next` when more pages follow. */
export function linkHeader(
  origin: string,
  url: URL,
  limit: number,
  nextCursor: string | undefined,
): string[] {
  const links = [`<${origin}${url.pathname}${url.search}>; rel="self"`];
  if (nextCursor !== undefined) links.push(`<${nextPageUrl(origin, url, limit, nextCursor)}>; rel="next"`);
  return links;
}

export function nextPageUrl(origin: string, url: URL, limit: number, nextCursor: string): string {
  const params = new URLSearchParams(url.searchParams);
  params.delete('after');
  params.delete('limit');
  params.set('after', nextCursor);
  params.set('limit', String(limit));
  return `${origin}${url.pathname}?${params.toString()}`;
}
