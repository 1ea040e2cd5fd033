import type { Connector, ConnectorDescription } from '../types.ts';
import { parseOktaDomain } from './okta-domain.ts';

const description: ConnectorDescription = {
  kind: 'okta',
  displayName: 'Okta',
  collects: [
    'users (including deprovisioned)',
    'groups',
    'group memberships',
    'apps',
    'app assignments',
    'admin roles',
  ],
  configFields: [
    {
      name: 'domain',
      label: 'Okta domain',
      secret: false,
      required: true,
      help: 'Your org address, e.g. acme.okta.com or acme.oktapreview.com (a port may follow: host:port).',
    },
  ],
  credentialFields: [
    {
      name: 'apiToken',
      label: 'API token',
      secret: true,
      required: true,
      help: 'Created by a Read-Only Administrator under Security → API → Tokens.',
    },
  ],
  requiredScopes: ['Read-Only Administrator role for the token’s admin'],
  guideFile: 'okta.md',
  capabilities: { full: true, tail: false, push: false, discovery: false },
  role: 'identity_provider',
};

export const oktaConnector: Connector = {
  describe: () => description,
  checkConfig: (config) => {
    const domain = parseOktaDomain(config.domain ?? '');
    return domain.ok ? null : domain.problem;
  },
  // The SDK behind these takes seconds to load: only a test or a sync loads it, never describing a source.
  test: async (ctx) => (await import('./okta-test-connection.ts')).testOktaConnection(ctx),
  sync: async function* (ctx) {
    const { syncOkta } = await import('./okta-sync.ts');
    yield* syncOkta(ctx);
  },
  // A lane runs syncs, which need only the SDK's Http (okta-http-session.ts), not the Client behind a test.
  preload: async () => {
    await import('./okta-sync.ts');
  },
};
