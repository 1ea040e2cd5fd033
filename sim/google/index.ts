// Public surface of the Google Workspace simulator (see README.md beside this file).
export { startGoogleSimulator } from './server.ts';
export type { GoogleSimOptions, GoogleSimStats, GoogleSimulator } from './server.ts';
export type { GoogleFaults, ThrottleReason } from './faults.ts';
export { generateGoogleDomain, defaultGroupCount, DEFAULT_REFERENCE_TIME } from './domain-generator.ts';
export type { GooglePerson, GoogleDomainOptions } from './domain-generator.ts';
export type * from './domain-types.ts';
export { DIRECTORY_SCOPES, DEFAULT_DELEGATED_SCOPES } from './catalog.ts';
export { GoogleDomainIndex } from './domain-index.ts';
export type { ServiceAccountKeyFile } from './service-account.ts';
