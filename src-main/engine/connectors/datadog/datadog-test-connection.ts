// Test Connection for Datadog. Datadog answers a wrong API key, a wrong application key, a key of another
// site and a missing permission with the same bare 403 "Forbidden", so the test asks in an order that tells
// them apart: /api/v1/validate checks the API key alone, /api/v2/validate_keys both keys, and then one
// cheap read per dataset family shows what the application key may read (user_access_read).
import { v1, v2 } from '@datadog/datadog-api-client';
import type { ConnectionStatus } from '../../../../src-shared/connection-status.ts';
import type { ConnectorContext } from '../types.ts';
import { classifyDatadogFailure, statusOf, type ClassifiedFailure } from './datadog-errors.ts';
import {
  DatadogConfigurationError,
  openDatadogSession,
  testPolicy,
  type DatadogSession,
} from './datadog-session.ts';
import { DATADOG_SITES } from './datadog-config.ts';
import { USER_ACCESS_READ } from './datadog-permissions.ts';

const PERMISSION = 'user_access_read';

function failed(failure: ClassifiedFailure): ConnectionStatus {
  return { status: 'failed', ...failure, checkedAt: new Date().toISOString() };
}

function otherSites(site: string): string {
  return DATADOG_SITES.filter((s) => s !== site).join(', ');
}

export async function testDatadogConnection(ctx: ConnectorContext): Promise<ConnectionStatus> {
  let session: DatadogSession;
  try {
    session = openDatadogSession(ctx, testPolicy);
  } catch (error) {
    if (!(error instanceof DatadogConfigurationError)) throw error;
    return failed({
      errorClass: 'missing_configuration',
      message: error.message,
      nextStep: 'Edit the source: choose the Datadog site you log in at and give both keys.',
    });
  }
  const where = new URL(session.baseUrl).host;
  try {
    try {
      await new v1.AuthenticationApi(session.configuration).validate();
    } catch (error) {
      if (statusOf(error) !== 403)
        return failed(classifyDatadogFailure(error, 'the API key check (/api/v1/validate)', PERMISSION));
      return failed({
        errorClass: 'failed_authentication',
        message:
          `Datadog at ${where} refused the API key (HTTP 403 on /api/v1/validate): it is wrong or revoked, or it belongs to an org on another Datadog site. ` +
          'The application key could not be checked until the API key works.',
        nextStep: `Check the site first (this source uses ${session.site}; others are ${otherSites(session.site)}): keys work only on their own site. Otherwise copy the API key from Organization Settings → API Keys and use Update Credentials.`,
      });
    }
    try {
      await new v2.KeyManagementApi(session.configuration).validateAPIKey();
    } catch (error) {
      if (statusOf(error) !== 403)
        return failed(classifyDatadogFailure(error, 'the key check (/api/v2/validate_keys)', PERMISSION));
      return failed({
        errorClass: 'failed_authentication',
        message: `Datadog at ${where} accepted the API key but refused the application key (HTTP 403 on /api/v2/validate_keys): it is wrong, revoked, or from another org or site.`,
        nextStep:
          'Create an application key (Organization Settings → Application Keys, or a service account’s keys) in the same org as the API key, then use Update Credentials.',
      });
    }
    const probes: Array<{ what: string; read: () => Promise<unknown> }> = [
      { what: 'users', read: () => new v2.UsersApi(session.configuration).listUsers({ pageSize: 1 }) },
      { what: 'roles', read: () => new v2.RolesApi(session.configuration).listRoles({ pageSize: 1 }) },
      { what: 'permissions', read: () => new v2.RolesApi(session.configuration).listPermissions() },
    ];
    const forbidden: string[] = [];
    for (const probe of probes) {
      try {
        await probe.read();
      } catch (error) {
        const failure = classifyDatadogFailure(error, probe.what, PERMISSION);
        if (failure.errorClass !== 'missing_permissions') return failed(failure);
        forbidden.push(probe.what);
      }
    }
    if (forbidden.length) {
      return failed({
        errorClass: 'missing_permissions',
        message: `The keys work, but the application key may not read ${forbidden.join(', ')} (HTTP 403 Forbidden). Reading them needs: ${USER_ACCESS_READ}.`,
        nextStep: `Give the application key's owner (a user or service account) a role with ${PERMISSION}, or add ${PERMISSION} to the key's scopes if it is scoped, then Test Connection.`,
      });
    }
    return {
      status: 'connected',
      errorClass: null,
      message: `Connected to Datadog at ${where}; both keys work and the application key can read users, roles and permissions (${PERMISSION}).`,
      nextStep: null,
      checkedAt: new Date().toISOString(),
    };
  } finally {
    await session.close();
  }
}
