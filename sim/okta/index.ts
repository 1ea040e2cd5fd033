// Public surface of the Okta simulator (see README.md beside this file).
export { startOktaSimulator } from './server.ts';
export type { OktaSimOptions, OktaSimStats, OktaSimulator } from './server.ts';
export type { OktaFaults } from './faults.ts';
export {
  generateOktaOrg,
  defaultAppCount,
  defaultGroupCount,
  DEFAULT_REFERENCE_TIME,
} from './org-generator.ts';
export type { GeneratedOktaOrg, OktaOrgOptions } from './org-generator.ts';
export type {
  OktaAppRecord,
  OktaGroupRecord,
  OktaRoleAssignmentRecord,
  OktaUserRecord,
  OktaUserStatus,
} from './org-types.ts';
export { OktaOrgIndex } from './org-index.ts';
export type { AppUserEntry } from './org-index.ts';
export { OKTA_DEFAULT_RATE_LIMITS, OKTA_TIME_SCALES, rateBucketFor } from './rate-limits.ts';
export type { OktaRateBucket } from './rate-limits.ts';
export { USER_PAGE } from './routes/users.ts';
export { GROUP_MEMBER_PAGE, GROUP_PAGE } from './routes/groups.ts';
export { APP_GROUP_PAGE, APP_PAGE, APP_USER_PAGE } from './routes/apps.ts';
export { ROLE_ASSIGNEE_PAGE } from './routes/roles.ts';
