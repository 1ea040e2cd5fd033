// Records to Graph JSON. Each resource type lists the properties the simulator models (selectable with
// `$select`) and the default set Graph returns without `$select` (for users that set omits
// accountEnabled, createdDateTime, userType and signInActivity, which is why the connector must select
// them). `@odata.type` is only sent where Graph sends it: in collections that mix types.
import { GRAPH_APP_ID } from './catalog.ts';
import type {
  EntraApplicationRecord,
  EntraGroupRecord,
  EntraServicePrincipalRecord,
  EntraUserRecord,
  KeyCredentialRecord,
  PasswordCredentialRecord,
  RegistrationDetailsRecord,
  RoleAssignmentRecord,
  RoleDefinitionRecord,
} from './tenant-types.ts';

export interface ResourceType<R> {
  /** `user` for `microsoft.graph.user`. */
  name: string;
  /** Every modelled property, in the order Graph prints them. */
  properties: Record<string, (record: R) => unknown>;
  /** What Graph returns without `$select`. */
  defaults: readonly string[];
}

type Json = Record<string, unknown>;

/** The properties to print: the default set, or the selected ones in the type's own order. */
export function projection<R>(type: ResourceType<R>, select: readonly string[] | undefined): string[] {
  if (select === undefined) return [...type.defaults];
  const chosen = new Set(select);
  return Object.keys(type.properties).filter((name) => chosen.has(name));
}

export function project<R>(
  type: ResourceType<R>,
  record: R,
  fields: readonly string[],
  withType = false,
): Json {
  const out: Json = withType ? { '@odata.type': `#microsoft.graph.${type.name}` } : {};
  for (const field of fields) out[field] = (type.properties[field] as (record: R) => unknown)(record);
  return out;
}

/** `$select` names are case-insensitive on Graph; answer with the canonical spelling or undefined. */
export function canonicalProperty<R>(type: ResourceType<R>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(type.properties).find((property) => property.toLowerCase() === lower);
}

const nil = (): null => null;
const empty = (): never[] => [];

export const USER: ResourceType<EntraUserRecord> = {
  name: 'user',
  properties: {
    id: (u) => u.id,
    deletedDateTime: nil,
    accountEnabled: (u) => u.accountEnabled,
    businessPhones: (u) => u.businessPhones,
    createdDateTime: (u) => u.createdDateTime,
    department: (u) => u.department,
    displayName: (u) => u.displayName,
    employeeId: (u) => u.employeeId,
    externalUserState: (u) => u.externalUserState,
    givenName: (u) => u.givenName,
    jobTitle: (u) => u.jobTitle,
    mail: (u) => u.mail,
    mailNickname: (u) => u.mailNickname,
    mobilePhone: (u) => u.mobilePhone,
    officeLocation: (u) => u.officeLocation,
    onPremisesSyncEnabled: nil,
    otherMails: empty,
    preferredLanguage: (u) => u.preferredLanguage,
    signInActivity: (u) => u.signInActivity,
    surname: (u) => u.surname,
    userPrincipalName: (u) => u.userPrincipalName,
    userType: (u) => u.userType,
  },
  // Graph's own order for the default set, id last.
  defaults: [
    'businessPhones',
    'displayName',
    'givenName',
    'jobTitle',
    'mail',
    'mobilePhone',
    'officeLocation',
    'preferredLanguage',
    'surname',
    'userPrincipalName',
    'id',
  ],
};

export const GROUP: ResourceType<EntraGroupRecord> = {
  name: 'group',
  properties: {
    id: (g) => g.id,
    deletedDateTime: nil,
    classification: nil,
    createdDateTime: (g) => g.createdDateTime,
    description: (g) => g.description,
    displayName: (g) => g.displayName,
    expirationDateTime: nil,
    groupTypes: (g) => g.groupTypes,
    isAssignableToRole: (g) => g.isAssignableToRole,
    mail: (g) => g.mail,
    mailEnabled: (g) => g.mailEnabled,
    mailNickname: (g) => g.mailNickname,
    membershipRule: (g) => g.membershipRule,
    membershipRuleProcessingState: (g) => g.membershipRuleProcessingState,
    onPremisesDomainName: nil,
    onPremisesLastSyncDateTime: nil,
    onPremisesNetBiosName: nil,
    onPremisesSamAccountName: nil,
    onPremisesSecurityIdentifier: nil,
    onPremisesSyncEnabled: nil,
    preferredDataLocation: nil,
    preferredLanguage: nil,
    proxyAddresses: (g) => (g.mail ? [`SMTP:${g.mail}`] : []),
    renewedDateTime: (g) => g.createdDateTime,
    securityEnabled: (g) => g.securityEnabled,
    securityIdentifier: (g) => g.securityIdentifier,
    theme: nil,
    visibility: (g) => g.visibility,
    onPremisesProvisioningErrors: empty,
  },
  defaults: [],
};
GROUP.defaults = Object.keys(GROUP.properties);

function passwordCredentialJson(p: PasswordCredentialRecord): Json {
  return {
    customKeyIdentifier: null,
    displayName: p.displayName,
    endDateTime: p.endDateTime,
    hint: p.hint,
    keyId: p.keyId,
    secretText: null,
    startDateTime: p.startDateTime,
  };
}

function keyCredentialJson(k: KeyCredentialRecord): Json {
  return {
    customKeyIdentifier: k.customKeyIdentifier,
    displayName: k.displayName,
    endDateTime: k.endDateTime,
    // Graph returns the certificate only for a single object with $select=keyCredentials.
    key: null,
    keyId: k.keyId,
    startDateTime: k.startDateTime,
    type: k.type,
    usage: k.usage,
  };
}

export const APPLICATION: ResourceType<EntraApplicationRecord> = {
  name: 'application',
  properties: {
    id: (a) => a.id,
    deletedDateTime: nil,
    appId: (a) => a.appId,
    applicationTemplateId: nil,
    disabledByMicrosoftStatus: nil,
    createdDateTime: (a) => a.createdDateTime,
    displayName: (a) => a.displayName,
    description: (a) => a.description,
    groupMembershipClaims: nil,
    identifierUris: (a) => a.identifierUris,
    isDeviceOnlyAuthSupported: nil,
    isFallbackPublicClient: nil,
    notes: (a) => a.notes,
    publisherDomain: (a) => a.publisherDomain,
    serviceManagementReference: nil,
    signInAudience: (a) => a.signInAudience,
    tags: (a) => a.tags,
    tokenEncryptionKeyId: nil,
    defaultRedirectUri: nil,
    addIns: empty,
    appRoles: empty,
    keyCredentials: (a) => a.keyCredentials.map(keyCredentialJson),
    passwordCredentials: (a) => a.passwordCredentials.map(passwordCredentialJson),
    publicClient: () => ({ redirectUris: [] }),
    requiredResourceAccess: (a) =>
      a.requiredGraphRoleIds.length === 0
        ? []
        : [
            {
              resourceAppId: GRAPH_APP_ID,
              resourceAccess: a.requiredGraphRoleIds.map((id) => ({ id, type: 'Role' })),
            },
          ],
    spa: () => ({ redirectUris: [] }),
  },
  defaults: [],
};
APPLICATION.defaults = Object.keys(APPLICATION.properties);

export const SERVICE_PRINCIPAL: ResourceType<EntraServicePrincipalRecord> = {
  name: 'servicePrincipal',
  properties: {
    id: (s) => s.id,
    deletedDateTime: nil,
    accountEnabled: (s) => s.accountEnabled,
    alternativeNames: empty,
    appDisplayName: (s) => s.appDisplayName,
    appDescription: nil,
    appId: (s) => s.appId,
    applicationTemplateId: nil,
    appOwnerOrganizationId: (s) => s.appOwnerOrganizationId,
    appRoleAssignmentRequired: (s) => s.appRoleAssignmentRequired,
    description: nil,
    disabledByMicrosoftStatus: nil,
    displayName: (s) => s.displayName,
    homepage: nil,
    loginUrl: nil,
    logoutUrl: nil,
    notes: nil,
    notificationEmailAddresses: empty,
    preferredSingleSignOnMode: nil,
    preferredTokenSigningKeyThumbprint: nil,
    replyUrls: empty,
    servicePrincipalNames: (s) => s.servicePrincipalNames,
    servicePrincipalType: (s) => s.servicePrincipalType,
    signInAudience: (s) => s.signInAudience,
    tags: (s) => s.tags,
    tokenEncryptionKeyId: nil,
    appRoles: (s) =>
      s.appRoles.map((r) => ({
        allowedMemberTypes: ['Application'],
        description: r.description,
        displayName: r.displayName,
        id: r.id,
        isEnabled: true,
        origin: 'Application',
        value: r.value,
      })),
    keyCredentials: (s) => s.keyCredentials.map(keyCredentialJson),
    oauth2PermissionScopes: empty,
    passwordCredentials: (s) => s.passwordCredentials.map(passwordCredentialJson),
    resourceSpecificApplicationPermissions: empty,
  },
  defaults: [],
};
SERVICE_PRINCIPAL.defaults = Object.keys(SERVICE_PRINCIPAL.properties);

export const ROLE_DEFINITION: ResourceType<RoleDefinitionRecord> = {
  name: 'unifiedRoleDefinition',
  properties: {
    id: (d) => d.id,
    description: (d) => d.description,
    displayName: (d) => d.displayName,
    isBuiltIn: (d) => d.isBuiltIn,
    isEnabled: (d) => d.isEnabled,
    resourceScopes: () => ['/'],
    templateId: (d) => d.templateId,
    version: () => '1',
    rolePermissions: (d) => [{ allowedResourceActions: d.allowedResourceActions, condition: null }],
  },
  defaults: [],
};
ROLE_DEFINITION.defaults = Object.keys(ROLE_DEFINITION.properties);

export const ROLE_ASSIGNMENT: ResourceType<RoleAssignmentRecord> = {
  name: 'unifiedRoleAssignment',
  properties: {
    id: (a) => a.id,
    principalId: (a) => a.principalId,
    directoryScopeId: (a) => a.directoryScopeId,
    roleDefinitionId: (a) => a.roleDefinitionId,
  },
  defaults: ['id', 'principalId', 'directoryScopeId', 'roleDefinitionId'],
};

export const REGISTRATION_DETAILS: ResourceType<RegistrationDetailsRecord> = {
  name: 'userRegistrationDetails',
  properties: {
    id: (r) => r.id,
    userPrincipalName: (r) => r.userPrincipalName,
    userDisplayName: (r) => r.userDisplayName,
    userType: (r) => r.userType,
    isAdmin: (r) => r.isAdmin,
    isSsprRegistered: (r) => r.isSsprRegistered,
    isSsprEnabled: (r) => r.isSsprEnabled,
    isSsprCapable: (r) => r.isSsprCapable,
    isMfaRegistered: (r) => r.isMfaRegistered,
    isMfaCapable: (r) => r.isMfaCapable,
    isPasswordlessCapable: (r) => r.isPasswordlessCapable,
    isSystemPreferredAuthenticationMethodEnabled: (r) => r.isSystemPreferredAuthenticationMethodEnabled,
    methodsRegistered: (r) => r.methodsRegistered,
    systemPreferredAuthenticationMethods: (r) => r.systemPreferredAuthenticationMethods,
    userPreferredMethodForSecondaryAuthentication: (r) => r.userPreferredMethodForSecondaryAuthentication,
    lastUpdatedDateTime: (r) => r.lastUpdatedDateTime,
  },
  defaults: [],
};
REGISTRATION_DETAILS.defaults = Object.keys(REGISTRATION_DETAILS.properties);
