// App registrations (with secrets and certificates in every state: long-valid, expiring soon, expired),
// their service principals plus Microsoft's first-party ones, and the connector's own registration,
// whose secret values the token endpoint knows.
import type { SeededRandom } from '../shared/random.ts';
import {
  APP_NAMES,
  FIRST_PARTY_APPS,
  GRAPH_APP_ID,
  GRAPH_APP_ROLES,
  MICROSOFT_TENANT_ID,
  graphRoleId,
} from './catalog.ts';
import { DAY, clientSecretValue, daysBefore, isoSeconds, thumbprintBase64 } from './tenant-primitives.ts';
import type {
  EntraApplicationRecord,
  EntraClientRecord,
  EntraServicePrincipalRecord,
  KeyCredentialRecord,
  PasswordCredentialRecord,
} from './tenant-types.ts';

export interface AppContext {
  rng: SeededRandom;
  newGuid: () => string;
  reference: number;
  tenantId: string;
  initialDomain: string;
}

export interface ClientOptions {
  displayName: string;
  grantedPermissions: readonly string[];
  /** Epoch ms at which the connector's current secret expires. */
  secretEndDateTime: number;
}

/** Where a credential's expiry falls relative to the reference time. */
function credentialWindow(rng: SeededRandom, reference: number): { start: number; end: number } {
  const roll = rng.next();
  let end: number;
  if (roll < 0.2)
    end = daysBefore(rng, reference, 1, 400); // expired
  else if (roll < 0.35)
    end = reference + (1 + rng.next() * 29) * DAY; // expiring within 30 days
  else end = reference + (31 + rng.next() * 700) * DAY;
  const lifetimeDays = rng.pick([90, 180, 365, 730]);
  return { start: end - lifetimeDays * DAY, end };
}

function passwordCredential(
  context: AppContext,
  window: { start: number; end: number },
  displayName: string | null,
  value = clientSecretValue(context.rng),
): { record: PasswordCredentialRecord; value: string } {
  return {
    value,
    record: {
      keyId: context.newGuid(),
      displayName,
      hint: value.slice(0, 3),
      startDateTime: isoSeconds(window.start),
      endDateTime: isoSeconds(window.end),
    },
  };
}

function keyCredential(context: AppContext, window: { start: number; end: number }): KeyCredentialRecord {
  return {
    keyId: context.newGuid(),
    displayName: `CN=${context.rng.pick(['app', 'signing', 'client', 'service'])}-${context.rng.base62(6)}`,
    customKeyIdentifier: thumbprintBase64(context.rng),
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    startDateTime: isoSeconds(window.start),
    endDateTime: isoSeconds(window.end),
  };
}

export interface GeneratedApps {
  applications: EntraApplicationRecord[];
  servicePrincipals: EntraServicePrincipalRecord[];
  client: EntraClientRecord;
}

export function generateApps(
  context: AppContext,
  count: number,
  clientOptions: ClientOptions,
): GeneratedApps {
  const { rng, newGuid, reference } = context;
  const applications: EntraApplicationRecord[] = [];
  const servicePrincipals: EntraServicePrincipalRecord[] = [];

  // The connector's own registration: a current secret and an old, expired one (rotated last year).
  const current = passwordCredential(
    context,
    { start: clientOptions.secretEndDateTime - 365 * DAY, end: clientOptions.secretEndDateTime },
    'vouch',
  );
  const rotated = passwordCredential(
    context,
    { start: reference - 500 * DAY, end: reference - 135 * DAY },
    'vouch (old)',
  );
  const clientApp: EntraApplicationRecord = {
    id: newGuid(),
    appId: newGuid(),
    displayName: clientOptions.displayName,
    description: 'Reads the directory for compliance evidence.',
    createdDateTime: isoSeconds(reference - 520 * DAY),
    signInAudience: 'AzureADMyOrg',
    publisherDomain: context.initialDomain,
    identifierUris: [],
    tags: [],
    notes: null,
    passwordCredentials: [current.record, rotated.record],
    keyCredentials: [],
    requiredGraphRoleIds: clientOptions.grantedPermissions.map((p) => graphRoleId(p) ?? p),
  };
  applications.push(clientApp);

  for (let i = 1; i < count; i++) {
    const base = APP_NAMES[(i - 1) % APP_NAMES.length] as string;
    const round = Math.floor((i - 1) / APP_NAMES.length);
    const passwords = Array.from({ length: rng.pick([0, 1, 1, 2, 3]) }, (_, k) =>
      passwordCredential(
        context,
        credentialWindow(rng, reference),
        rng.chance(0.3) ? null : `secret ${k + 1}`,
      ),
    );
    const keys = Array.from({ length: rng.pick([0, 0, 1, 2]) }, () =>
      keyCredential(context, credentialWindow(rng, reference)),
    );
    const requested = GRAPH_APP_ROLES.filter(() => rng.chance(0.2)).map((r) => r.id);
    applications.push({
      id: newGuid(),
      appId: newGuid(),
      displayName: round === 0 ? base : `${base} ${round + 1}`,
      description: rng.chance(0.5) ? `${base} integration` : null,
      createdDateTime: isoSeconds(daysBefore(rng, reference, 10, 2000)),
      signInAudience: rng.chance(0.85) ? 'AzureADMyOrg' : 'AzureADMultipleOrgs',
      publisherDomain: context.initialDomain,
      identifierUris: rng.chance(0.3) ? [`api://${base.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${i}`] : [],
      tags: rng.chance(0.2) ? ['WindowsAzureActiveDirectoryIntegratedApp'] : [],
      notes: null,
      passwordCredentials: passwords.map((p) => p.record),
      keyCredentials: keys,
      requiredGraphRoleIds: requested,
    });
  }

  for (const app of applications) {
    servicePrincipals.push({
      id: newGuid(),
      appId: app.appId,
      displayName: app.displayName,
      appDisplayName: app.displayName,
      accountEnabled: rng.chance(0.95),
      servicePrincipalType: 'Application',
      appOwnerOrganizationId: context.tenantId,
      appRoleAssignmentRequired: rng.chance(0.4),
      servicePrincipalNames: [app.appId, ...app.identifierUris],
      signInAudience: app.signInAudience,
      tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
      appRoles: [],
      // Service principals carry their own SAML signing certificates now and then.
      keyCredentials: rng.chance(0.1) ? [keyCredential(context, credentialWindow(rng, reference))] : [],
      passwordCredentials: [],
    });
  }
  for (const firstParty of FIRST_PARTY_APPS) {
    servicePrincipals.push({
      id: newGuid(),
      appId: firstParty.appId,
      displayName: firstParty.name,
      appDisplayName: firstParty.name,
      accountEnabled: true,
      servicePrincipalType: 'Application',
      appOwnerOrganizationId: MICROSOFT_TENANT_ID,
      appRoleAssignmentRequired: false,
      servicePrincipalNames: [firstParty.appId],
      signInAudience: 'AzureADMultipleOrgs',
      tags: [],
      appRoles:
        firstParty.appId === GRAPH_APP_ID
          ? GRAPH_APP_ROLES.map((r) => ({
              id: r.id,
              value: r.value,
              displayName: r.name,
              description: `Allows the app to ${r.name.toLowerCase()} without a signed-in user.`,
            }))
          : [],
      keyCredentials: [],
      passwordCredentials: [],
    });
  }
  // A managed identity: a service principal without an app registration in this tenant.
  servicePrincipals.push({
    id: newGuid(),
    appId: newGuid(),
    displayName: 'vm-backup-identity',
    appDisplayName: 'vm-backup-identity',
    accountEnabled: true,
    servicePrincipalType: 'ManagedIdentity',
    appOwnerOrganizationId: context.tenantId,
    appRoleAssignmentRequired: false,
    servicePrincipalNames: [],
    signInAudience: 'AzureADMyOrg',
    tags: [],
    appRoles: [],
    keyCredentials: [],
    passwordCredentials: [],
  });

  const client: EntraClientRecord = {
    applicationId: clientApp.id,
    appId: clientApp.appId,
    servicePrincipalId: (servicePrincipals[0] as EntraServicePrincipalRecord).id,
    displayName: clientApp.displayName,
    secrets: [
      { keyId: current.record.keyId, value: current.value },
      { keyId: rotated.record.keyId, value: rotated.value },
    ],
    grantedPermissions: [...clientOptions.grantedPermissions],
  };
  return { applications, servicePrincipals, client };
}
