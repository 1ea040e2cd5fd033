// Public surface of the GitLab simulator (see README.md beside this file).
export { startGitLabSimulator } from './server.ts';
export type { GitLabSimOptions, GitLabSimStats, GitLabSimulator } from './server.ts';
export type { GitLabFaults } from './faults.ts';
export { generateGitLabInstance, DEFAULT_REFERENCE_TIME, DEFAULT_TOP_GROUP } from './instance-generator.ts';
export type { GitLabInstanceOptions } from './instance-generator.ts';
export { GitLabInstanceIndex } from './instance-index.ts';
export type * from './instance-types.ts';
export type { GitLabTokenOptions, TokenGrant, TokenOwner } from './tokens.ts';
export { COUNT_LIMIT, DEFAULT_PER_PAGE, MAX_PER_PAGE } from './pagination.ts';
export { ROUTES } from './routes.ts';
