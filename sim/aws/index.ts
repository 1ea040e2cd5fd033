// Public surface of the AWS IAM Identity Center simulator (see README.md beside this file).
export { startAwsSimulator } from './server.ts';
export type { AwsSimOptions, AwsSimStats, AwsSimulator } from './server.ts';
export type { AwsFaults } from './faults.ts';
export { generateAwsOrg } from './org-generator.ts';
export type { GeneratedAwsOrg } from './org-types.ts';
export { AWS_MAX_RESULTS, operations } from './operations.ts';
