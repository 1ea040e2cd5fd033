// What a Graph route handler receives and returns, and the checks every route shares: permissions from
// the token's `roles` claim, the tenant's premium licence, and the generic list/count/get handlers.
import { graphErrors } from '../errors.ts';
import type { FilterRules, ValueReader } from '../filter.ts';
import {
  decodeSkipToken,
  encodeSkipToken,
  isEventual,
  nextLink,
  option,
  pageFrom,
  pageSize,
  parseFilter,
  parseSelect,
  rejectUnsupportedOptions,
  wantsCount,
} from '../odata.ts';
import type { PageSize } from '../odata.ts';
import { project, projection } from '../representations.ts';
import type { ResourceType } from '../representations.ts';
import type { EntraTenantIndex } from '../tenant-index.ts';

/** Collections whose counts the `countDrift` fault can skew (eventual consistency). */
export type CountedCollection = 'users' | 'groups' | 'applications' | 'servicePrincipals';

export interface GraphRequest {
  url: URL;
  origin: string;
  params: Record<string, string>;
  index: EntraTenantIndex;
  consistencyLevel: string | undefined;
  /** Application permissions from the token's `roles` claim. */
  granted: ReadonlySet<string>;
  premium: boolean;
  countDrift(collection: CountedCollection): number;
}

export interface GraphResult {
  status?: number;
  body: unknown;
  /** Default: Graph's OData JSON content type. */
  contentType?: string;
}

export interface GraphRoute {
  path: string;
  handle(request: GraphRequest): GraphResult;
}

/** 403 Authorization_RequestDenied unless the token holds one of `permissions`. */
export function requireAny(request: GraphRequest, permissions: readonly string[]): void {
  if (!permissions.some((p) => request.granted.has(p))) throw graphErrors.insufficientPrivileges();
}

/** Sign-in activity and the registration report: AuditLog.Read.All, then a P1/P2 licence. */
export function requireAuditLogAndPremium(request: GraphRequest): void {
  if (!request.granted.has('AuditLog.Read.All')) throw graphErrors.permissionMissing('AuditLog.Read.All');
  if (!request.premium) throw graphErrors.noPremiumLicense();
}

export function metadata(origin: string, context: string): string {
  return `${origin}/v1.0/$metadata#${context}`;
}

export interface ListSpec<R> {
  type: ResourceType<R>;
  items: readonly R[];
  /** `users`, `directoryObjects`, `roleManagement/directory/roleAssignments`... */
  contextPath: string;
  filterRules?: FilterRules;
  read?: ValueReader<R>;
  size: PageSize;
  counted?: CountedCollection;
  /** Adjusts the page size once the query is known (signInActivity caps pages at 120). */
  sizeFor?(select: readonly string[] | undefined, filtered: ReadonlySet<string>): PageSize;
  /** Extra checks once the query is known (permissions and licence for some properties). */
  checkQuery?(select: readonly string[] | undefined, filtered: ReadonlySet<string>): void;
  /** Default: the type's projection. */
  serialize?(record: R, select: readonly string[] | undefined): Record<string, unknown>;
  allowExpand?: boolean;
  /** Context suffix for `$expand` (`(principal())`). */
  contextSuffix?: string;
}

function defaultRead<R>(record: R, path: string): unknown {
  let value: unknown = record;
  for (const step of path.split('/')) value = (value as Record<string, unknown> | null)?.[step] ?? null;
  return value;
}

export function listCollection<R>(request: GraphRequest, spec: ListSpec<R>): GraphResult {
  const { url, origin } = request;
  rejectUnsupportedOptions(url, spec.allowExpand ?? false);
  const count = wantsCount(url, request.consistencyLevel);
  const select = parseSelect(url, spec.type);
  const filter = parseFilter(
    url,
    spec.filterRules,
    spec.read ?? defaultRead<R>,
    count && isEventual(request.consistencyLevel),
  );
  const filtered = filter?.properties ?? new Set<string>();
  spec.checkQuery?.(select, filtered);
  const size = pageSize(url, spec.sizeFor?.(select, filtered) ?? spec.size);
  const start = decodeSkipToken(url, url.pathname);
  const keep = filter ? (record: R) => filter.matches(record) : () => true;
  const page = pageFrom(spec.items, start, size, keep);
  const fields = projection(spec.type, select);
  const serialize = spec.serialize ?? ((record: R) => project(spec.type, record, fields));
  const selectSuffix = select ? `(${select.join(',')})` : '';
  const body: Record<string, unknown> = {
    '@odata.context': metadata(origin, `${spec.contextPath}${selectSuffix}${spec.contextSuffix ?? ''}`),
  };
  if (count) {
    const total = filter ? spec.items.filter((r) => filter.matches(r)).length : spec.items.length;
    body['@odata.count'] = total + (spec.counted ? request.countDrift(spec.counted) : 0);
  }
  if (page.next !== undefined) {
    body['@odata.nextLink'] = nextLink(
      origin,
      url,
      encodeSkipToken(page.next, url.pathname, option(url, 'filter')),
    );
  }
  body.value = page.items.map((record) => serialize(record, select));
  return { body };
}

/** `/{collection}/$count`: a bare integer as text/plain, only with `ConsistencyLevel: eventual`. */
export function countCollection<R>(request: GraphRequest, spec: ListSpec<R>): GraphResult {
  const { url } = request;
  if (!isEventual(request.consistencyLevel))
    throw graphErrors.badRequest('$count is not currently supported.');
  rejectUnsupportedOptions(url, false);
  const filter = parseFilter(url, spec.filterRules, spec.read ?? defaultRead<R>, true);
  spec.checkQuery?.(undefined, filter?.properties ?? new Set());
  const total = filter ? spec.items.filter((r) => filter.matches(r)).length : spec.items.length;
  const drift = spec.counted ? request.countDrift(spec.counted) : 0;
  return { body: String(total + drift), contentType: 'text/plain' };
}

/** A single object with `$select`. */
export function getOne<R>(
  request: GraphRequest,
  type: ResourceType<R>,
  record: R | undefined,
  id: string,
  contextPath: string,
  checkSelect?: (select: readonly string[] | undefined) => void,
): GraphResult {
  rejectUnsupportedOptions(request.url, false);
  const select = parseSelect(request.url, type);
  checkSelect?.(select);
  if (record === undefined) throw graphErrors.notFound(id);
  const selectSuffix = select ? `(${select.join(',')})` : '';
  return {
    body: {
      '@odata.context': metadata(request.origin, `${contextPath}${selectSuffix}/$entity`),
      ...project(type, record, projection(type, select)),
    },
  };
}
