// Runs the Google Workspace simulator by hand:
//   tsx sim/google/cli.ts --users 1000 --port 8443 --ca-out /tmp/ca.pem --token-out /tmp/key.json
// The "token" the launcher writes is the service account's JSON key file; the summary prints the admin
// to impersonate and the client id.
import { integerFlag, runSimulatorCli, stringFlag } from '../shared/cli.ts';
import { startGoogleSimulator } from './server.ts';

await runSimulatorCli({
  name: 'Google Workspace',
  command: 'tsx sim/google/cli.ts',
  options: {
    users: { type: 'string', default: '50' },
    groups: { type: 'string' },
    scopes: { type: 'string' },
    'queries-per-minute': { type: 'string' },
  },
  help: [
    '  --users N              users to generate (default 50)',
    '  --groups N             override the derived group count',
    "  --scopes A,B           scopes authorised under domain-wide delegation (default: the connector's)",
    '  --queries-per-minute N per user per project (default 2400)',
  ],
  async start(values, common) {
    const scopes = stringFlag(values.scopes);
    const sim = await startGoogleSimulator({
      ...common,
      users: integerFlag('users', values.users),
      groups: integerFlag('groups', values.groups),
      delegatedScopes: scopes === undefined ? undefined : scopes.split(',').filter(Boolean),
      queriesPerMinutePerUser: integerFlag('queries-per-minute', values['queries-per-minute']),
    });
    const summary = [
      `API URL and token URI: ${sim.url} (token_uri ${sim.tokenUri})`,
      `admin to impersonate: ${sim.adminEmail}; customer ${sim.customerId}; domain ${sim.domain.domain}`,
      `service account ${sim.serviceAccount.clientEmail}, client id ${sim.serviceAccount.clientId}`,
      `domain: ${sim.index.liveUsers.length} users (+${sim.index.deletedUsers.length} deleted), ${sim.domain.groups.length} groups, ` +
        `${sim.domain.roles.length} roles, ${sim.domain.roleAssignments.length} role assignments`,
      'the "token" below is the service account key file (JSON)',
    ];
    return { url: sim.url, caPem: sim.caPem, token: sim.keyFileJson, summary, close: () => sim.close() };
  },
});
