// What a route handler sees and returns. Handlers are pure functions of the request and the org; the
// server does auth, rate limits, faults and writing.
import type { OktaOrgIndex } from '../org-index.ts';

export interface RouteContext {
  url: URL;
  /** `https://127.0.0.1:PORT`: every link we emit is absolute on this origin. */
  origin: string;
  params: Record<string, string>;
  index: OktaOrgIndex;
  /** The `countSkew` fault: added to the first group's reported member count. */
  countSkew: number;
  /** The simulator's clock (epoch ms) when the request arrived. */
  now: number;
}

export interface RouteResponse {
  status?: number;
  body: unknown;
  /** Values for repeated `Link` headers. */
  links?: string[];
}

export interface Route {
  /** Path with `:name` segments, e.g. `/api/v1/groups/:groupId/users`. */
  path: string;
  handle(context: RouteContext): RouteResponse;
}
