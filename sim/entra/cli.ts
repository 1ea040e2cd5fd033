// Runs the Entra ID simulator by hand:
//   tsx sim/entra/cli.ts --users 1000 --port 8443 --ca-out /tmp/ca.pem --token-out /tmp/secret
// The "token" the launcher writes is the client secret; the summary prints tenant and client ids.
import { integerFlag, runSimulatorCli, stringFlag } from '../shared/cli.ts';
import { startEntraSimulator } from './server.ts';

await runSimulatorCli({
  name: 'Entra ID',
  command: 'tsx sim/entra/cli.ts',
  options: {
    users: { type: 'string', default: '50' },
    groups: { type: 'string' },
    applications: { type: 'string' },
    'no-premium': { type: 'boolean', default: false },
    permissions: { type: 'string' },
    'throttle-budget': { type: 'string' },
    certificate: { type: 'boolean', default: false },
  },
  help: [
    '  --users N              users to generate (default 50)',
    '  --groups N, --applications N   override the derived counts',
    '  --no-premium           the tenant has no Entra ID P1 (sign-in activity, MFA report answer 403)',
    '  --permissions A,B      Graph application permissions granted (default: all the connector needs)',
    '  --throttle-budget N    resource units per app per 10 s window (default by tenant size)',
    '  --certificate          also register a certificate (prints where its PEMs are)',
  ],
  async start(values, common) {
    const permissions = stringFlag(values.permissions);
    const sim = await startEntraSimulator({
      ...common,
      users: integerFlag('users', values.users),
      groups: integerFlag('groups', values.groups),
      applications: integerFlag('applications', values.applications),
      premium: !values['no-premium'],
      grantedPermissions: permissions === undefined ? undefined : permissions.split(',').filter(Boolean),
      throttleBudget: integerFlag('throttle-budget', values['throttle-budget']),
      clientCertificate: values.certificate === true,
    });
    const summary = [
      `authority URL and Graph URL: ${sim.url}`,
      `tenant id: ${sim.tenantId} (or ${sim.tenantDomain})`,
      `client id: ${sim.clientId}`,
      `tenant: ${sim.tenant.users.length} users, ${sim.tenant.groups.length} groups, ` +
        `${sim.tenant.applications.length} app registrations, ${sim.tenant.servicePrincipals.length} service principals`,
      `granted: ${sim.tenant.client.grantedPermissions.join(', ')}`,
      'the "token" below is the client secret',
    ];
    if (sim.clientCertificate) {
      summary.push(`certificate thumbprint: ${sim.clientCertificate.thumbprint}`);
      summary.push(sim.clientCertificate.certificatePem.trim(), sim.clientCertificate.privateKeyPem.trim());
    }
    return { url: sim.url, caPem: sim.caPem, token: sim.clientSecret, summary, close: () => sim.close() };
  },
});
