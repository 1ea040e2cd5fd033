// The generated Entra tenant as plain records: what the routes slice and serialize. Property names follow
// Microsoft Graph v1.0 so representations can copy them; simulator-only facts (a secret's value, the
// client an app registration stands for) live beside them, never in a response.

export interface SignInActivityRecord {
  lastSignInDateTime: string | null;
  lastSignInRequestId: string | null;
  lastNonInteractiveSignInDateTime: string | null;
  lastNonInteractiveSignInRequestId: string | null;
  lastSuccessfulSignInDateTime: string | null;
  lastSuccessfulSignInRequestId: string | null;
}

export interface EntraUserRecord {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  mailNickname: string;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  mobilePhone: string | null;
  businessPhones: string[];
  preferredLanguage: string | null;
  employeeId: string | null;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  /** Guests only: whether they redeemed their invitation. */
  externalUserState: 'Accepted' | 'PendingAcceptance' | null;
  createdDateTime: string;
  /** Null for accounts that never signed in (Graph sends `signInActivity: null` for them). */
  signInActivity: SignInActivityRecord | null;
}

export interface EntraGroupRecord {
  id: string;
  displayName: string;
  description: string | null;
  mail: string | null;
  mailEnabled: boolean;
  mailNickname: string;
  securityEnabled: boolean;
  /** `[]` security group, `['Unified']` Microsoft 365 group, `['DynamicMembership']` dynamic. */
  groupTypes: string[];
  membershipRule: string | null;
  membershipRuleProcessingState: 'On' | 'Paused' | null;
  isAssignableToRole: boolean | null;
  visibility: 'Public' | 'Private' | null;
  createdDateTime: string;
  securityIdentifier: string;
}

export type MemberKind = 'user' | 'group' | 'servicePrincipal';

export interface MemberRef {
  kind: MemberKind;
  id: string;
}

export interface PasswordCredentialRecord {
  keyId: string;
  displayName: string | null;
  /** The first three characters of the secret, as Graph reports them. */
  hint: string;
  startDateTime: string;
  endDateTime: string;
}

export interface KeyCredentialRecord {
  keyId: string;
  displayName: string;
  /** Base64 of the certificate's SHA-1 thumbprint (Graph's default customKeyIdentifier). */
  customKeyIdentifier: string;
  type: 'AsymmetricX509Cert';
  usage: 'Verify';
  startDateTime: string;
  endDateTime: string;
}

export interface EntraApplicationRecord {
  id: string;
  appId: string;
  displayName: string;
  description: string | null;
  createdDateTime: string;
  signInAudience: 'AzureADMyOrg' | 'AzureADMultipleOrgs' | 'AzureADandPersonalMicrosoftAccount';
  publisherDomain: string;
  identifierUris: string[];
  tags: string[];
  notes: string | null;
  passwordCredentials: PasswordCredentialRecord[];
  keyCredentials: KeyCredentialRecord[];
  /** Graph application permissions (app role ids) requested on Microsoft Graph. */
  requiredGraphRoleIds: string[];
}

export interface AppRoleRecord {
  id: string;
  value: string;
  displayName: string;
  description: string;
}

export interface EntraServicePrincipalRecord {
  id: string;
  appId: string;
  displayName: string;
  appDisplayName: string;
  accountEnabled: boolean;
  servicePrincipalType: 'Application' | 'ManagedIdentity';
  /** The tenant that owns the app: ours for our registrations, Microsoft's for first-party apps. */
  appOwnerOrganizationId: string;
  appRoleAssignmentRequired: boolean;
  servicePrincipalNames: string[];
  signInAudience: string;
  tags: string[];
  appRoles: AppRoleRecord[];
  keyCredentials: KeyCredentialRecord[];
  passwordCredentials: PasswordCredentialRecord[];
}

export interface RoleDefinitionRecord {
  id: string;
  templateId: string;
  displayName: string;
  description: string;
  isBuiltIn: boolean;
  isEnabled: boolean;
  /** `microsoft.directory/...` actions. */
  allowedResourceActions: string[];
}

export interface RoleAssignmentRecord {
  id: string;
  principalId: string;
  principalKind: MemberKind;
  roleDefinitionId: string;
  /** `/` for the whole directory, `/administrativeUnits/{id}` or `/{objectId}` for a narrower scope. */
  directoryScopeId: string;
}

/** One row of `reports/authenticationMethods/userRegistrationDetails` (enabled users only). */
export interface RegistrationDetailsRecord {
  id: string;
  userPrincipalName: string;
  userDisplayName: string;
  userType: 'member' | 'guest';
  isAdmin: boolean;
  isSsprRegistered: boolean;
  isSsprEnabled: boolean;
  isSsprCapable: boolean;
  isMfaRegistered: boolean;
  isMfaCapable: boolean;
  isPasswordlessCapable: boolean;
  isSystemPreferredAuthenticationMethodEnabled: boolean;
  methodsRegistered: string[];
  systemPreferredAuthenticationMethods: string[];
  userPreferredMethodForSecondaryAuthentication: string;
  lastUpdatedDateTime: string;
}

/** The app registration a connector signs in as: its secret values are known to the simulator. */
export interface EntraClientRecord {
  applicationId: string;
  appId: string;
  servicePrincipalId: string;
  displayName: string;
  /** Secret values by keyId (the values real Graph never returns). */
  secrets: Array<{ keyId: string; value: string }>;
  /** Application permissions admin-consented on Microsoft Graph (their `value`s). */
  grantedPermissions: string[];
}

export interface GeneratedEntraTenant {
  seed: number;
  tenantId: string;
  /** `{name}.onmicrosoft.com`, the initial domain; also accepted in place of the tenant id. */
  initialDomain: string;
  /** A verified custom domain members' UPNs use. */
  verifiedDomain: string;
  displayName: string;
  referenceTime: number;
  users: EntraUserRecord[];
  groups: EntraGroupRecord[];
  /** Direct members of each group (users, nested groups, service principals), by group id. */
  members: Map<string, MemberRef[]>;
  applications: EntraApplicationRecord[];
  servicePrincipals: EntraServicePrincipalRecord[];
  roleDefinitions: RoleDefinitionRecord[];
  roleAssignments: RoleAssignmentRecord[];
  registrationDetails: RegistrationDetailsRecord[];
  /** The connector's own app registration (first application). */
  client: EntraClientRecord;
}
