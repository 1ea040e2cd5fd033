// GitLab's two kinds of paging. Offset: `page` and `per_page` (default 20, at most 100), headers
// `X-Page`, `X-Per-Page`, `X-Next-Page`, `X-Prev-Page`, `X-Total`, `X-Total-Pages` and one `Link` header
// with prev/next/first/last; past 10,000 rows GitLab omits `X-Total`, `X-Total-Pages` and rel="last"
// (gitlab-org/gitlab#436373), so clients must follow next. Keyset (`pagination=keyset&order_by=id`):
// only `Link: rel="next"`, whose URL carries `id_after`, and no totals at all.
import { joinedLinkHeader } from '../shared/links.ts';
import { GitLabHttpError, gitlabErrors } from './errors.ts';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
/** GitLab stops counting past this many rows. */
export const COUNT_LIMIT = 10_000;

export interface PageResult<T> {
  items: T[];
  headers: Record<string, string>;
}

function intParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw gitlabErrors.badRequest(`${name} is invalid`);
  return Number(raw);
}

function perPage(url: URL): number {
  const value = intParam(url, 'per_page', DEFAULT_PER_PAGE);
  return value < 1 ? DEFAULT_PER_PAGE : Math.min(value, MAX_PER_PAGE);
}

function pageUrl(url: URL, params: Record<string, string>): string {
  const next = new URL(url);
  for (const [name, value] of Object.entries(params)) next.searchParams.set(name, value);
  return next.toString();
}

export function offsetPage<T>(
  items: readonly T[],
  url: URL,
  omitTotals: boolean,
  countSkew = 0,
): PageResult<T> {
  const size = perPage(url);
  const page = Math.max(1, intParam(url, 'page', 1));
  const total = items.length;
  const pages = Math.max(1, Math.ceil(total / size));
  const slice = items.slice((page - 1) * size, page * size);
  const counted = !omitTotals && total <= COUNT_LIMIT;
  const hasNext = page * size < total;
  const links: Array<[string, string]> = [];
  if (page > 1) links.push(['prev', pageUrl(url, { page: String(page - 1), per_page: String(size) })]);
  if (hasNext) links.push(['next', pageUrl(url, { page: String(page + 1), per_page: String(size) })]);
  links.push(['first', pageUrl(url, { page: '1', per_page: String(size) })]);
  if (counted) links.push(['last', pageUrl(url, { page: String(pages), per_page: String(size) })]);
  const headers: Record<string, string> = {
    link: joinedLinkHeader(links),
    'x-page': String(page),
    'x-per-page': String(size),
    'x-next-page': hasNext ? String(page + 1) : '',
    'x-prev-page': page > 1 ? String(page - 1) : '',
  };
  if (counted) {
    headers['x-total'] = String(total + countSkew);
    headers['x-total-pages'] = String(pages);
  }
  return { items: slice, headers };
}

/** Keyset over items sorted by ascending `id` (the only order the simulator offers). */
export function keysetPage<T extends { id: number }>(items: readonly T[], url: URL): PageResult<T> {
  const orderBy = url.searchParams.get('order_by') ?? 'id';
  if (orderBy !== 'id') {
    throw new GitLabHttpError(405, {
      message: '405 Method Not Allowed - Keyset pagination is not yet available for this type of request',
    });
  }
  if ((url.searchParams.get('sort') ?? 'asc') !== 'asc')
    throw gitlabErrors.badRequest('sort does not have a valid value');
  const size = perPage(url);
  const after = intParam(url, 'id_after', 0);
  let start = 0;
  // Binary search: items are in ascending id order.
  let high = items.length;
  while (start < high) {
    const mid = (start + high) >>> 1;
    if ((items[mid] as T).id <= after) start = mid + 1;
    else high = mid;
  }
  const slice = items.slice(start, start + size);
  const headers: Record<string, string> = { 'x-per-page': String(size) };
  if (start + size < items.length && slice.length > 0) {
    const last = slice[slice.length - 1] as T;
    headers.link = joinedLinkHeader([
      ['next', pageUrl(url, { id_after: String(last.id), per_page: String(size) })],
    ]);
  }
  return { items: slice, headers };
}
