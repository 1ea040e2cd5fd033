// Test Connection for Okta: is the host an Okta org, does the token authenticate, may it read each dataset.
import type { ConnectionStatus } from '../../../../src-shared/connection-status.ts';
import type { ConnectorContext } from '../types.ts';
import { classifyOktaFailure, type ClassifiedFailure } from './okta-errors.ts';
import { testRetryPolicy } from './okta-request-executor.ts';
import { needsSentence } from '../declared-permissions.ts';
import { OktaConfigurationError, openOktaSession, type OktaSession } from './okta-session.ts';

/** One cheap request per dataset family the sync reads, so a missing permission is named before a sync. */
const datasetProbes = [
  { what: 'users', path: '/api/v1/users?limit=1', dataset: 'okta.users' },
  { what: 'groups', path: '/api/v1/groups?limit=1', dataset: 'okta.groups' },
  { what: 'apps', path: '/api/v1/apps?limit=1', dataset: 'okta.apps' },
  {
    what: 'admin role assignments',
    path: '/api/v1/iam/assignees/users?limit=1',
    dataset: 'okta.admin_roles',
  },
];

function failed(failure: ClassifiedFailure): ConnectionStatus {
  return { status: 'failed', ...failure, checkedAt: new Date().toISOString() };
}

async function getJson(session: OktaSession, path: string): Promise<unknown> {
  const response = (await session.client.http.http(`${session.orgUrl}${path}`, {
    method: 'get',
  } as never)) as {
    json(): Promise<unknown>;
  };
  return response.json();
}

export async function testOktaConnection(ctx: ConnectorContext): Promise<ConnectionStatus> {
  let session: OktaSession;
  try {
    session = openOktaSession(ctx, testRetryPolicy);
  } catch (error) {
    if (!(error instanceof OktaConfigurationError)) throw error;
    return failed({
      errorClass: 'missing_configuration',
      message: error.message,
      nextStep: 'Edit the source with the org domain from the integration guide, e.g. acme.okta.com.',
    });
  }
  try {
    let orgId: string;
    try {
      const metadata = (await getJson(session, '/.well-known/okta-organization')) as { id?: unknown };
      if (typeof metadata?.id !== 'string')
        throw Object.assign(new Error('not an Okta org'), { status: 404 });
      orgId = metadata.id;
    } catch (error) {
      const failure = classifyOktaFailure(error, 'the org metadata (/.well-known/okta-organization)');
      if (failure.errorClass === 'unreachable' || failure.errorClass === 'rate_limited')
        return failed(failure);
      return failed({
        errorClass: 'missing_configuration',
        message: `${session.orgUrl} does not answer like an Okta org (no org metadata at /.well-known/okta-organization).`,
        nextStep:
          'Check the Okta domain: it is the address of your org, e.g. acme.okta.com or acme.oktapreview.com.',
      });
    }
    const forbidden: string[] = [];
    const forbiddenDatasets: string[] = [];
    let forbiddenFailure: ClassifiedFailure | null = null;
    for (const probe of datasetProbes) {
      try {
        await getJson(session, probe.path);
      } catch (error) {
        const failure = classifyOktaFailure(error, probe.what);
        if (failure.errorClass !== 'missing_permissions') return failed(failure);
        forbidden.push(probe.what);
        forbiddenDatasets.push(probe.dataset);
        forbiddenFailure = failure;
      }
    }
    if (forbiddenFailure) {
      return failed({
        errorClass: 'missing_permissions',
        message:
          `The token cannot read ${forbidden.join(', ')} (Okta E0000006); everything else is readable. ` +
          needsSentence(forbiddenDatasets),
        nextStep: forbiddenFailure.nextStep,
      });
    }
    return {
      status: 'connected',
      errorClass: null,
      message: `Connected to Okta org ${session.orgUrl} (${orgId}); the token can read users, groups, apps and admin roles.`,
      nextStep: null,
      checkedAt: new Date().toISOString(),
    };
  } finally {
    session.close();
  }
}
