// Runs the GitLab simulator by hand:
//   tsx sim/gitlab/cli.ts --users 1000 --port 8445 --ca-out /tmp/ca.pem --token-out /tmp/gl-token
import { integerFlag, runSimulatorCli, stringFlag } from '../shared/cli.ts';
import { startGitLabSimulator } from './server.ts';
import type { TokenOwner } from './tokens.ts';

await runSimulatorCli({
  name: 'GitLab',
  command: 'tsx sim/gitlab/cli.ts',
  options: {
    users: { type: 'string', default: '50' },
    subgroups: { type: 'string' },
    projects: { type: 'string' },
    group: { type: 'string' },
    'token-owner': { type: 'string', default: 'admin' },
    scopes: { type: 'string', default: 'read_api' },
    'requests-per-minute': { type: 'string' },
  },
  help: [
    '  --users N                human users (default 50)',
    '  --subgroups N, --projects N  override the derived counts',
    '  --group PATH             top-level group path (default acme-corp)',
    '  --token-owner WHO        admin (default), owner (of the group, not admin) or member',
    '  --scopes A,B             token scopes (default read_api)',
    '  --requests-per-minute N  authenticated API rate limit (default 2000)',
  ],
  async start(values, common) {
    const owner = stringFlag(values['token-owner']) as TokenOwner;
    if (!['admin', 'owner', 'member'].includes(owner)) throw new Error(`unknown --token-owner ${owner}`);
    const sim = await startGitLabSimulator({
      ...common,
      users: integerFlag('users', values.users),
      subgroups: integerFlag('subgroups', values.subgroups),
      projects: integerFlag('projects', values.projects),
      topGroup: stringFlag(values.group),
      requestsPerMinute: integerFlag('requests-per-minute', values['requests-per-minute']),
      token: { owner, scopes: (stringFlag(values.scopes) ?? '').split(',').filter(Boolean) },
    });
    const { instance } = sim;
    return {
      url: sim.url,
      caPem: sim.caPem,
      token: sim.token,
      summary: [
        `API: ${sim.apiUrl}`,
        `group ${sim.groupPath}: ${instance.groups.length - 1} subgroups, ${instance.projects.length} projects; ` +
          `${instance.users.length} users (${instance.users.filter((u) => u.bot).length} bots)`,
      ],
      close: () => sim.close(),
    };
  },
});
