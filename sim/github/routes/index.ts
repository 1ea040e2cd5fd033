// The REST route table of the GitHub simulator and its matcher.
import { orgRoutes } from './orgs.ts';
import { repoRoutes } from './repos.ts';
import type { Route } from './route.ts';
import { teamRoutes } from './teams.ts';
import { userRoutes } from './users.ts';

export const ROUTES: readonly Route[] = [...orgRoutes, ...teamRoutes, ...repoRoutes, ...userRoutes];

const compiled = ROUTES.map((route) => ({ route, segments: route.path.split('/') }));

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** Matches a path (without `/api/v3`) against the table, decoding `:param` segments. */
export function matchRoute(pathname: string): RouteMatch | undefined {
  const parts = pathname.split('/');
  for (const { route, segments } of compiled) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < segments.length && matched; i++) {
      const segment = segments[i] as string;
      const part = parts[i] as string;
      if (segment.startsWith(':')) {
        if (part === '') matched = false;
        else params[segment.slice(1)] = safeDecode(part);
      } else if (segment !== part) {
        matched = false;
      }
    }
    if (matched) return { route, params };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
