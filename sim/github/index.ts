// Public surface of the GitHub simulator (see README.md beside this file).
export { startGitHubSimulator } from './server.ts';
export type { GitHubSimOptions, GitHubSimStats, GitHubSimulator } from './server.ts';
export type { GitHubFaults } from './faults.ts';
export {
  generateGitHubOrg,
  defaultRepoCount,
  defaultTeamCount,
  DEFAULT_ORG_LOGIN,
  DEFAULT_REFERENCE_TIME,
} from './org-generator.ts';
export type { GitHubOrgOptions } from './org-generator.ts';
export type {
  GeneratedGitHubOrg,
  GitHubUserRecord,
  OrgMemberRecord,
  Person,
  RepoPermission,
  RepoRecord,
  SamlIdentityRecord,
  TeamRecord,
  TwoFactorMethod,
} from './org-types.ts';
export { GitHubOrgIndex } from './org-index.ts';
export { normalizeScopes } from './tokens.ts';
export type {
  ClassicTokenOptions,
  FineGrainedTokenOptions,
  GitHubTokenOptions,
  TokenGrant,
  TokenOwner,
} from './tokens.ts';
export { GITHUB_DEFAULT_RATE_LIMITS, ANONYMOUS_CORE_LIMIT } from './rate-limits.ts';
export type { RateResource } from './rate-limits.ts';
export { DEFAULT_PER_PAGE, MAX_PER_PAGE } from './pagination.ts';
export { ROUTES } from './routes/index.ts';
