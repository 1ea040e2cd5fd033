// Public surface of the Datadog simulator (see README.md beside this file).
export { startDatadogSimulator } from './server.ts';
export type { DatadogSimOptions, DatadogSimStats, DatadogSimulator } from './server.ts';
export type { DatadogFaults } from './faults.ts';
export { generateDatadogOrg, DEFAULT_REFERENCE_TIME } from './org-generator.ts';
export type { DatadogOrgOptions } from './org-generator.ts';
export type { DatadogRoleRecord, DatadogUserRecord, GeneratedDatadogOrg } from './org-types.ts';
export { DATADOG_DEFAULT_RATE_LIMITS, DATADOG_TIME_SCALES } from './rate-limits.ts';
export { DATADOG_PAGE } from './routes.ts';
export { MANAGED_ROLES, PERMISSIONS } from './catalog.ts';
