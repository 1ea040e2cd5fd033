// Runs the Datadog simulator by hand:
//   tsx sim/datadog/cli.ts --users 1000 --port 8443 --ca-out /tmp/ca.pem --token-out /tmp/api-key
// The "token" written is the API key; --app-key-out writes the application key.
import { writeFileSync } from 'node:fs';
import { integerFlag, runSimulatorCli, stringFlag } from '../shared/cli.ts';
import { startDatadogSimulator } from './server.ts';

await runSimulatorCli({
  name: 'Datadog',
  command: 'tsx sim/datadog/cli.ts',
  options: {
    users: { type: 'string', default: '50' },
    'service-accounts': { type: 'string' },
    'app-key-out': { type: 'string' },
    'app-key-scopes': { type: 'string' },
    'users-rate-limit': { type: 'string' },
  },
  help: [
    '  --users N              users to generate (default 50)',
    '  --service-accounts N   service accounts (default 2% of users)',
    '  --app-key-out FILE     write the application key (otherwise it is printed)',
    '  --app-key-scopes A,B   scope the application key to these permissions',
    '  --users-rate-limit N   user requests per period (default 1000 per 60 s)',
  ],
  async start(values, common) {
    const scopes = stringFlag(values['app-key-scopes']);
    const sim = await startDatadogSimulator({
      ...common,
      users: integerFlag('users', values.users),
      serviceAccounts: integerFlag('service-accounts', values['service-accounts']),
      appKeyScopes: scopes ? scopes.split(',') : undefined,
      rateLimits: values['users-rate-limit']
        ? { users: integerFlag('users-rate-limit', values['users-rate-limit']) }
        : undefined,
    });
    const appKeyOut = stringFlag(values['app-key-out']);
    if (appKeyOut) writeFileSync(appKeyOut, sim.appKey + '\n', { mode: 0o600 });
    return {
      url: sim.url,
      caPem: sim.caPem,
      token: sim.apiKey,
      summary: [
        `org: ${sim.org.users.length} users (service accounts included), ${sim.org.roles.length} roles`,
        appKeyOut ? `application key: ${appKeyOut}` : `application key: ${sim.appKey}`,
      ],
      close: () => sim.close(),
    };
  },
});
