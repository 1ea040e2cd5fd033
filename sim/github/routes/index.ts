// The REST route table of the GitHub simulator.
import { createRouteMatcher } from '../../shared/route-table.ts';
import { orgRoutes } from './orgs.ts';
import { repoRoutes } from './repos.ts';
import type { Route } from './route.ts';
import { teamRoutes } from './teams.ts';
import { userRoutes } from './users.ts';

export const ROUTES: readonly Route[] = [...orgRoutes, ...teamRoutes, ...repoRoutes, ...userRoutes];

/** Matches a path (without `/api/v3`) against the table, decoding `:param` segments. */
export const matchRoute = createRouteMatcher<Route>(ROUTES);
