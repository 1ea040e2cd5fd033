// Runs the Jira simulator by hand:
//   tsx sim/jira/cli.ts --users 500 --ca-out /tmp/ca.pem --token-out /tmp/jira-token
import { integerFlag, runSimulatorCli } from '../shared/cli.ts';
import { startJiraSimulator } from './server.ts';

await runSimulatorCli({
  name: 'Jira',
  command: 'tsx sim/jira/cli.ts',
  options: { users: { type: 'string', default: '50' }, projects: { type: 'string' } },
  help: [
    '  --users N                Atlassian accounts (default 50)',
    '  --projects N             projects (default users/15)',
  ],
  async start(values, common) {
    const sim = await startJiraSimulator({
      ...common,
      users: integerFlag('users', values.users),
      projects: integerFlag('projects', values.projects),
    });
    return {
      url: sim.url,
      caPem: sim.caPem,
      token: sim.token,
      summary: [
        `email: ${sim.email}`,
        `${sim.site.users.length} accounts, ${sim.site.groups.length} groups, ${sim.site.projects.length} projects`,
      ],
      close: () => sim.close(),
    };
  },
});
