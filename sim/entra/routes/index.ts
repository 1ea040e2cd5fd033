// Every Graph route the simulator serves, matched by the kit's route matcher.
import { createRouteMatcher } from '../../shared/route-table.ts';
import { applicationRoutes } from './applications.ts';
import { groupRoutes } from './groups.ts';
import { reportRoutes } from './reports.ts';
import { roleRoutes } from './roles.ts';
import type { GraphRoute } from './route.ts';
import { userRoutes } from './users.ts';

// `$count` segments come before `:id` so `/users/$count` is not read as the user "$count".
export const GRAPH_ROUTES: readonly GraphRoute[] = [
  ...userRoutes,
  ...groupRoutes,
  ...applicationRoutes,
  ...roleRoutes,
  ...reportRoutes,
];

export const matchGraphRoute = createRouteMatcher(GRAPH_ROUTES);
