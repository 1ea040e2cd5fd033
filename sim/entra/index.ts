// Public surface of the Entra ID simulator (see README.md beside this file).
export { startEntraSimulator } from './server.ts';
export type { EntraSimOptions, EntraSimStats, EntraSimulator } from './server.ts';
export type { EntraFaults } from './faults.ts';
export {
  generateEntraTenant,
  defaultApplicationCount,
  defaultGroupCount,
  DEFAULT_REFERENCE_TIME,
} from './tenant-generator.ts';
export type { EntraPerson, EntraTenantOptions, GeneratedEntraTenant } from './tenant-generator.ts';
export type {
  EntraApplicationRecord,
  EntraGroupRecord,
  EntraServicePrincipalRecord,
  EntraUserRecord,
  MemberRef,
  RegistrationDetailsRecord,
  RoleAssignmentRecord,
  RoleDefinitionRecord,
} from './tenant-types.ts';
export { EntraTenantIndex } from './tenant-index.ts';
export {
  BUILT_IN_ROLES,
  DEFAULT_GRANTED_PERMISSIONS,
  GRAPH_APP_ID,
  GRAPH_APP_ROLES,
  GRAPH_PERMISSIONS,
} from './catalog.ts';
export { GRAPH_RESOURCE } from './tokens.ts';
export { defaultBudget, GRAPH_WINDOW_MS } from './rate-limits.ts';
export { SIGN_IN_ACTIVITY_PAGE_MAX, USER_PAGE } from './routes/users.ts';
