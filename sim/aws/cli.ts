// Runs the AWS IAM Identity Center simulator by hand:
//   tsx sim/aws/cli.ts --users 1000 --ca-out /tmp/ca.pem --token-out /tmp/secret
// The "token" written is the secret access key; the summary prints the access key id and the instance.
import { integerFlag, runSimulatorCli } from '../shared/cli.ts';
import { startAwsSimulator } from './server.ts';

await runSimulatorCli({
  name: 'AWS IAM Identity Center',
  command: 'tsx sim/aws/cli.ts',
  options: { users: { type: 'string', default: '40' }, accounts: { type: 'string' } },
  help: [
    '  --users N              users to generate (default 40)',
    '  --accounts N           AWS accounts (default 6)',
  ],
  async start(values, common) {
    const sim = await startAwsSimulator({
      ...common,
      users: integerFlag('users', values.users),
      accounts: integerFlag('accounts', values.accounts),
    });
    return {
      url: sim.url,
      caPem: sim.caPem,
      token: sim.secretAccessKey,
      summary: [
        `access key id: ${sim.accessKeyId} (region ${sim.region})`,
        `instance: ${sim.org.instanceArn}, identity store ${sim.org.identityStoreId}`,
        `${sim.org.users.length} users, ${sim.org.groups.length} groups, ${sim.org.permissionSets.length} permission sets, ${sim.org.assignments.length} assignments`,
      ],
      close: () => sim.close(),
    };
  },
});
