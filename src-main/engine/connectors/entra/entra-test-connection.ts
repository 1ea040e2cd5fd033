// Test Connection for Entra ID: does the tenant exist, does the application's credential get a token, which
// Microsoft Graph application permissions were admin-consented (the token's `roles` claim) against those
// each dataset needs, and does Graph agree (one cheap request per dataset family). A tenant without an
// Entra ID P1/P2 licence is connected: what the licence withholds is named, not failed.
import type { ConnectionStatus } from '../../../../src-shared/connection-status.ts';
import type { ConnectorContext } from '../types.ts';
import { looksLikeGuid } from './entra-config.ts';
import { classifyEntraFailure, type ClassifiedFailure } from './entra-errors.ts';
import { EntraConfigurationError, openEntraSession, testPolicy, type EntraSession } from './entra-graph.ts';
import { missingPermissions, permissionNeeds, type PermissionNeed } from './entra-permissions.ts';
import { decodeClaims } from './entra-token.ts';

const probes: { need: PermissionNeed; path: string; what: string }[] = [
  { need: permissionNeeds.users, path: '/users?$select=id&$top=1', what: 'users' },
  { need: permissionNeeds.groups, path: '/groups?$select=id&$top=1', what: 'groups' },
  { need: permissionNeeds.applications, path: '/applications?$select=id&$top=1', what: 'app registrations' },
  {
    need: permissionNeeds.roles,
    path: '/roleManagement/directory/roleAssignments?$top=1',
    what: 'role assignments',
  },
];

const licensed = [
  { path: '/users?$select=id,signInActivity&$top=1', what: 'sign-in activity' },
  { path: '/reports/authenticationMethods/userRegistrationDetails?$top=1', what: 'MFA registration details' },
];

function failed(failure: ClassifiedFailure): ConnectionStatus {
  return { status: 'failed', ...failure, checkedAt: new Date().toISOString() };
}

const consent = (needs: PermissionNeed[]) =>
  `In the Microsoft Entra admin center → App registrations → your app → API permissions, add ${needs
    .map((n) => n.least)
    .join(
      ', ',
    )} (Microsoft Graph, application permissions) and select "Grant admin consent", then Test Connection.`;

export async function testEntraConnection(ctx: ConnectorContext): Promise<ConnectionStatus> {
  let session: EntraSession;
  try {
    session = openEntraSession(ctx, testPolicy);
  } catch (error) {
    if (!(error instanceof EntraConfigurationError)) throw error;
    return failed(classifyEntraFailure(error, 'the configuration'));
  }
  const secretIsId = looksLikeGuid(ctx.secrets.clientSecret ?? '');
  try {
    let token: string;
    try {
      token = await session.tokens.token();
    } catch (error) {
      return failed(classifyEntraFailure(error, 'a token', secretIsId));
    }
    const { roles, appDisplayName } = decodeClaims(token);
    const missing = missingPermissions(roles);
    if (missing.length) {
      const granted = roles.length
        ? `it has ${[...roles].sort().join(', ')}`
        : 'no application permission has been admin-consented (the token carries no roles)';
      return failed({
        errorClass: 'missing_permissions',
        message: `The application lacks ${missing.map((n) => `${n.least} (${n.what})`).join(', ')}; ${granted}.`,
        nextStep: consent(missing),
      });
    }
    const refused: PermissionNeed[] = [];
    for (const probe of probes) {
      try {
        await session.client.api(probe.path).get();
      } catch (error) {
        const failure = classifyEntraFailure(error, probe.what);
        if (failure.errorClass !== 'missing_permissions') return failed(failure);
        refused.push(probe.need);
      }
    }
    if (refused.length) {
      return failed({
        errorClass: 'missing_permissions',
        message: `The token names the permissions, but Graph refused ${refused.map((n) => `${n.what} (${n.least})`).join(', ')}: consent may have been withdrawn or is still propagating.`,
        nextStep: consent(refused),
      });
    }
    const withheld: string[] = [];
    for (const probe of licensed) {
      try {
        await session.client.api(probe.path).get();
      } catch (error) {
        const failure = classifyEntraFailure(error, probe.what);
        if (failure.errorClass !== 'missing_configuration' || !/licence/.test(failure.message))
          return failed(failure);
        withheld.push(probe.what);
      }
    }
    const licence = withheld.length
      ? ` The tenant has no Entra ID P1/P2 licence: ${withheld.join(' and ')} will be reported as not available.`
      : '';
    return {
      status: 'connected',
      errorClass: null,
      message: `Connected to tenant ${session.target.tenant} as ${appDisplayName ?? session.target.clientId}; the application can read users, groups, app registrations, service principals, role assignments and MFA registration.${licence}`,
      nextStep: null,
      checkedAt: new Date().toISOString(),
    };
  } finally {
    await session.close();
  }
}
