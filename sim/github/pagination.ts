// GitHub's page-number pagination: `per_page` (default 30, at most 100) and `page` (from 1), and one `Link`
// header with `prev`, `next`, `last` and `first` as they apply, omitted when everything fits on one
// page. Link URLs point at the canonical id-based route (`/organizations/{id}/members`,
// `/repositories/{id}/collaborators`), keep the other query parameters, and put `page` last, as GitHub does.

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface PageRequest {
  perPage: number;
  page: number;
}

function positiveInteger(raw: string | null): number | undefined {
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 ? value : undefined;
}

/** Oversize pages are clamped to 100; missing, zero or non-numeric values get the defaults. */
export function pageRequest(url: URL): PageRequest {
  return {
    perPage: Math.min(positiveInteger(url.searchParams.get('per_page')) ?? DEFAULT_PER_PAGE, MAX_PER_PAGE),
    page: positiveInteger(url.searchParams.get('page')) ?? 1,
  };
}

export interface Page<T> {
  items: T[];
  /** Value for the `Link` header; undefined when the whole list fits on one page. */
  link?: string;
}

export function paginate<T>(items: readonly T[], url: URL, linkBase: string): Page<T> {
  const { perPage, page } = pageRequest(url);
  const start = (page - 1) * perPage;
  const slice = items.slice(start, start + perPage);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  if (last === 1 && page === 1) return { items: slice };
  const href = (n: number): string => {
    const params = new URLSearchParams(url.searchParams);
    params.delete('page');
    params.append('page', String(n));
    return `<${linkBase}?${params.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${href(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) links.push(`${href(page + 1)}; rel="next"`, `${href(last)}; rel="last"`);
  if (page > 1) links.push(`${href(1)}; rel="first"`);
  return { items: slice, link: links.join(', ') };
}
