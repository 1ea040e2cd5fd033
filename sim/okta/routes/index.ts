// The route table of the Okta simulator.
import { createRouteMatcher } from '../../shared/route-table.ts';
import { apiTokenRoutes } from './api-tokens.ts';
import { appRoutes } from './apps.ts';
import { groupRoutes } from './groups.ts';
import { roleRoutes } from './roles.ts';
import type { Route } from './route.ts';
import { userRoutes } from './users.ts';

/** Matches a request path against the table, decoding `:param` segments (ids, logins). */
export const matchRoute = createRouteMatcher<Route>([
  ...userRoutes,
  ...groupRoutes,
  ...appRoutes,
  ...roleRoutes,
  ...apiTokenRoutes,
]);
