// Runs the GitHub simulator by hand:
//   tsx sim/github/cli.ts --members 1000 --port 8444 --ca-out /tmp/ca.pem --token-out /tmp/gh-token
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startGitHubSimulator } from './server.ts';
import type { GitHubTokenOptions, TokenOwner } from './tokens.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '50' },
    teams: { type: 'string' },
    repos: { type: 'string' },
    seed: { type: 'string', default: '1' },
    login: { type: 'string' },
    'email-domain': { type: 'string' },
    port: { type: 'string', default: '0' },
    'time-scale': { type: 'string', default: '1' },
    'latency-ms': { type: 'string', default: '0' },
    'token-kind': { type: 'string', default: 'classic' },
    scopes: { type: 'string', default: 'admin:org,repo,read:user' },
    'token-owner': { type: 'string', default: 'owner' },
    'no-saml': { type: 'boolean', default: false },
    'require-2fa': { type: 'boolean', default: false },
    'as-of-now': { type: 'boolean', default: false },
    'ca-out': { type: 'string' },
    'token-out': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Usage: tsx sim/github/cli.ts [options]
  --members N              members to generate (default 50)
  --teams N, --repos N     override the derived counts
  --seed N                 data seed (default 1)
  --login NAME             org login (default acme-corp)
  --email-domain DOMAIN    corporate domain of SAML NameIDs (default example.com)
  --port N                 port on 127.0.0.1 (default: ephemeral)
  --time-scale N           rate-limit windows of 3600/N seconds (default 1)
  --latency-ms N           latency added to every response
  --token-kind KIND        classic (default) or fine-grained
  --scopes A,B             classic token scopes (default admin:org,repo,read:user)
  --token-owner WHO        owner (default), member or outside-collaborator
  --no-saml                the org has no SAML SSO
  --require-2fa            the org requires 2FA
  --as-of-now              date the generated data relative to now instead of 2025-06-01
  --ca-out FILE            write the CA certificate (PEM) to trust
  --token-out FILE         write the token (otherwise it is printed)`);
  process.exit(0);
}

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`--${name} must be an integer, got ${raw}`);
  return value;
}

const owner = values['token-owner'] as TokenOwner;
if (!['owner', 'member', 'outside-collaborator'].includes(owner))
  throw new Error(`unknown --token-owner ${owner}`);
const token: GitHubTokenOptions =
  values['token-kind'] === 'fine-grained'
    ? { kind: 'fine-grained', owner }
    : { kind: 'classic', owner, scopes: (values.scopes ?? '').split(',').filter(Boolean) };

const sim = await startGitHubSimulator({
  members: integer('members', values.members),
  teams: integer('teams', values.teams),
  repos: integer('repos', values.repos),
  seed: integer('seed', values.seed),
  login: values.login,
  emailDomain: values['email-domain'],
  port: integer('port', values.port),
  timeScale: integer('time-scale', values['time-scale']),
  latencyMs: integer('latency-ms', values['latency-ms']),
  saml: values['no-saml'] ? false : undefined,
  twoFactorRequirementEnabled: values['require-2fa'],
  referenceTime: values['as-of-now'] ? Date.now() : undefined,
  token,
});

if (values['ca-out']) writeFileSync(values['ca-out'], sim.caPem);
if (values['token-out']) writeFileSync(values['token-out'], sim.token + '\n', { mode: 0o600 });

const { org } = sim;
console.log(`GitHub simulator listening on ${sim.url} (GHES-style base URL ${sim.baseUrl})`);
console.log(
  `  org ${sim.orgLogin}: ${org.members.length} members, ${org.outsideCollaboratorIds.length} outside collaborators, ` +
    `${org.teams.length} teams, ${org.repos.length} repos, ${org.samlIdentities.length} SAML identities`,
);
console.log(
  values['ca-out']
    ? `  CA certificate: ${values['ca-out']}`
    : '  CA certificate: pass --ca-out FILE to save it',
);
console.log(values['token-out'] ? `  token: ${values['token-out']}` : `  token: ${sim.token}`);

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
