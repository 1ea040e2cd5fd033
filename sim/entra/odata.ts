// OData query options as Graph applies them to directory collections: `$select`, `$top` (1-999),
// `$count` (only with `ConsistencyLevel: eventual`), `$filter`, `$expand` where a route allows it, and
// server-driven paging through `@odata.nextLink` with an opaque `$skiptoken`. `$skip`, `$orderby` and
// `$search` are refused: Graph rejects `$skip` on directory objects, and the other two are not modelled
// (a connector that needs them must get them added here first).
import { createHash } from 'node:crypto';
import { graphErrors } from './errors.ts';
import { compileFilter } from './filter.ts';
import type { CompiledFilter, FilterRules, ValueReader } from './filter.ts';
import { canonicalProperty } from './representations.ts';
import type { ResourceType } from './representations.ts';

const KNOWN_OPTIONS = [
  'select',
  'top',
  'count',
  'filter',
  'skiptoken',
  'expand',
  'skip',
  'orderby',
  'search',
  'format',
];

/** Graph takes system query options with or without the `$` prefix; `$` wins when both are present. */
export function option(url: URL, name: string): string | null {
  return url.searchParams.get(`$${name}`) ?? url.searchParams.get(name);
}

/** Refuses options Graph refuses on directory collections, and `$`-options that do not exist. */
export function rejectUnsupportedOptions(url: URL, allowExpand: boolean): void {
  for (const key of url.searchParams.keys()) {
    if (!key.startsWith('$')) continue;
    const name = key.slice(1).toLowerCase();
    if (!KNOWN_OPTIONS.includes(name))
      throw graphErrors.badRequest(`Query option '${key}' is not allowed. Make sure that it is supported.`);
  }
  if (option(url, 'skip') !== null) throw graphErrors.badRequest("'$skip' is not supported by the service.");
  if (option(url, 'orderby') !== null || option(url, 'search') !== null) {
    throw graphErrors.unsupportedQuery(
      'The simulator does not model $orderby or $search (see sim/entra/README.md).',
    );
  }
  if (!allowExpand && option(url, 'expand') !== null) {
    throw graphErrors.badRequest('The simulator models $expand only on role assignments.');
  }
}

export function isEventual(consistencyLevel: string | undefined): boolean {
  return consistencyLevel?.trim().toLowerCase() === 'eventual';
}

export interface PageSize {
  default: number;
  max: number;
}

/** `$top`: an integer 1..999 or 400 with Graph's wording; capped at the collection's own maximum. */
export function pageSize(url: URL, size: PageSize): number {
  const raw = option(url, 'top');
  if (raw === null) return size.default;
  const value = Number(raw);
  if (!/^\s*-?\d+\s*$/.test(raw) || value < 1 || value > 999) {
    throw graphErrors.badRequest(
      `Invalid page size specified: '${raw}'. Must be between 1 and 999 inclusive.`,
    );
  }
  return Math.min(value, size.max);
}

/** `$count=true`: needs `ConsistencyLevel: eventual` on directory objects, or Graph answers 400. */
export function wantsCount(url: URL, consistencyLevel: string | undefined): boolean {
  const raw = option(url, 'count');
  if (raw === null || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() !== 'true') throw graphErrors.badRequest(`Invalid value '${raw}' for $count.`);
  if (!isEventual(consistencyLevel)) throw graphErrors.badRequest('$count is not currently supported.');
  return true;
}

export function parseSelect<R>(url: URL, type: ResourceType<R>): string[] | undefined {
  const raw = option(url, 'select');
  if (raw === null) return undefined;
  const names = raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return names.map((name) => {
    const canonical = canonicalProperty(type, name);
    if (canonical === undefined) throw graphErrors.unknownProperty(name, type.name);
    return canonical;
  });
}

export function parseFilter<R>(
  url: URL,
  rules: FilterRules | undefined,
  read: ValueReader<R>,
  advanced: boolean,
): CompiledFilter<R> | undefined {
  const raw = option(url, 'filter');
  if (raw === null) return undefined;
  if (!rules) {
    throw graphErrors.unsupportedQuery(`The simulator does not model $filter on this collection.`);
  }
  return compileFilter(raw, rules, read, advanced);
}

// ---- skiptoken ---------------------------------------------------------------------------------------

const TOKEN_PREFIX = 'RFNwdAIAAQAAA';

function fingerprint(path: string, filter: string | null): string {
  return createHash('sha256')
    .update(`${path}\n${filter ?? ''}`)
    .digest('base64url')
    .slice(0, 10);
}

/** Opaque to clients; bound to the path and filter it was issued for. */
export function encodeSkipToken(index: number, path: string, filter: string | null): string {
  return TOKEN_PREFIX + Buffer.from(`${index}:${fingerprint(path, filter)}`).toString('base64url');
}

export function decodeSkipToken(url: URL, path: string): number {
  const token = option(url, 'skiptoken');
  if (token === null) return 0;
  if (!token.startsWith(TOKEN_PREFIX)) throw graphErrors.expiredPageToken();
  const decoded = Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8');
  const match = /^(\d+):(.+)$/.exec(decoded);
  if (!match || match[2] !== fingerprint(path, option(url, 'filter'))) throw graphErrors.expiredPageToken();
  return Number(match[1]);
}

/** The next page's URL: the same query, `$skiptoken` replaced. */
export function nextLink(origin: string, url: URL, token: string): string {
  const params = new URLSearchParams(url.searchParams);
  params.delete('$skiptoken');
  params.delete('skiptoken');
  params.set('$skiptoken', token);
  return `${origin}${url.pathname}?${params.toString().replace(/%24/g, '$')}`;
}

export interface Page<T> {
  items: T[];
  /** Index to resume from, when more matching items follow. */
  next?: number;
}

/** Up to `limit` items from `start` that `keep`; looks ahead so the last page has no next link. */
export function pageFrom<T>(
  items: readonly T[],
  start: number,
  limit: number,
  keep: (item: T) => boolean,
): Page<T> {
  const out: T[] = [];
  for (let i = start; i < items.length; i++) {
    const item = items[i] as T;
    if (!keep(item)) continue;
    if (out.length === limit) return { items: out, next: i };
    out.push(item);
  }
  return { items: out };
}
