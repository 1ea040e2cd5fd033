// Public surface of the Jira simulator (see README.md beside this file).
export { startJiraSimulator } from './server.ts';
export type { JiraSimOptions, JiraSimStats, JiraSimulator } from './server.ts';
export type { JiraFaults } from './faults.ts';
export { generateJiraSite, DEFAULT_SITE } from './site-generator.ts';
export type * from './site-generator.ts';
