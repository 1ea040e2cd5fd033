// Runs the Okta simulator by hand:
//   tsx sim/okta/cli.ts --users 1000 --port 8443 --ca-out /tmp/ca.pem --token-out /tmp/token
import { integerFlag, runSimulatorCli } from '../shared/cli.ts';
import { startOktaSimulator } from './server.ts';

await runSimulatorCli({
  name: 'Okta',
  command: 'tsx sim/okta/cli.ts',
  options: {
    users: { type: 'string', default: '50' },
    groups: { type: 'string' },
    apps: { type: 'string' },
    'concurrency-limit': { type: 'string', default: '15' },
  },
  help: [
    '  --users N              users to generate (default 50)',
    '  --groups N, --apps N   override the derived counts',
    '  --concurrency-limit N  in-flight /api requests before 429 (default 15)',
  ],
  async start(values, common) {
    const sim = await startOktaSimulator({
      ...common,
      users: integerFlag('users', values.users),
      groups: integerFlag('groups', values.groups),
      apps: integerFlag('apps', values.apps),
      concurrencyLimit: integerFlag('concurrency-limit', values['concurrency-limit']),
    });
    return {
      url: sim.url,
      caPem: sim.caPem,
      token: sim.token,
      summary: [
        `Okta domain: ${sim.host}`,
        `org: ${sim.org.users.length} users, ${sim.org.groups.length} groups, ${sim.org.apps.length} apps`,
      ],
      close: () => sim.close(),
    };
  },
});
