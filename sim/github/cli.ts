// Runs the GitHub simulator by hand:
//   tsx sim/github/cli.ts --members 1000 --port 8444 --ca-out /tmp/ca.pem --token-out /tmp/gh-token
import { integerFlag, runSimulatorCli, stringFlag } from '../shared/cli.ts';
import { startGitHubSimulator } from './server.ts';
import type { GitHubTokenOptions, TokenOwner } from './tokens.ts';

await runSimulatorCli({
  name: 'GitHub',
  command: 'tsx sim/github/cli.ts',
  options: {
    members: { type: 'string', default: '50' },
    teams: { type: 'string' },
    repos: { type: 'string' },
    login: { type: 'string' },
    'email-domain': { type: 'string' },
    'token-kind': { type: 'string', default: 'classic' },
    scopes: { type: 'string', default: 'admin:org,repo,read:user' },
    'token-owner': { type: 'string', default: 'owner' },
    'no-saml': { type: 'boolean', default: false },
    'require-2fa': { type: 'boolean', default: false },
  },
  help: [
    '  --members N              members to generate (default 50)',
    '  --teams N, --repos N     override the derived counts',
    '  --login NAME             org login (default acme-corp)',
    '  --email-domain DOMAIN    corporate domain of SAML NameIDs (default example.com)',
    '  --token-kind KIND        classic (default) or fine-grained',
    '  --scopes A,B             classic token scopes (default admin:org,repo,read:user)',
    '  --token-owner WHO        owner (default), member or outside-collaborator',
    '  --no-saml                the org has no SAML SSO',
    '  --require-2fa            the org requires 2FA',
  ],
  async start(values, common) {
    const owner = stringFlag(values['token-owner']) as TokenOwner;
    if (!['owner', 'member', 'outside-collaborator'].includes(owner))
      throw new Error(`unknown --token-owner ${owner}`);
    const token: GitHubTokenOptions =
      values['token-kind'] === 'fine-grained'
        ? { kind: 'fine-grained', owner }
        : { kind: 'classic', owner, scopes: (stringFlag(values.scopes) ?? '').split(',').filter(Boolean) };
    const sim = await startGitHubSimulator({
      ...common,
      members: integerFlag('members', values.members),
      teams: integerFlag('teams', values.teams),
      repos: integerFlag('repos', values.repos),
      login: stringFlag(values.login),
      emailDomain: stringFlag(values['email-domain']),
      saml: values['no-saml'] ? false : undefined,
      twoFactorRequirementEnabled: values['require-2fa'] === true,
      token,
    });
    const { org } = sim;
    return {
      url: sim.url,
      caPem: sim.caPem,
      token: sim.token,
      summary: [
        `GHES-style base URL: ${sim.baseUrl}`,
        `org ${sim.orgLogin}: ${org.members.length} members, ${org.outsideCollaboratorIds.length} outside collaborators, ` +
          `${org.teams.length} teams, ${org.repos.length} repos, ${org.samlIdentities.length} SAML identities`,
      ],
      close: () => sim.close(),
    };
  },
});
