// Graph JSON parsed at the trust boundary (zod: a missing id is an error, unknown properties are kept aside)
// and mapped onto Vouch's entities. Graph sends `@odata.type` mostly in mixed collections; it is optional here.
import { z } from 'zod';
import type {
  AccountRecord,
  AdminRoleRecord,
  AuthFactorRecord,
  CredentialRecord,
  GroupRecord,
  ResourceRecord,
  RoleRecord,
} from '../../../../src-shared/datasets.ts';

const text = z.string().nullable().optional();
const flag = z.boolean().nullable().optional();

export function parseGraph<T>(schema: z.ZodType<T>, item: unknown, what: string): T {
  const parsed = schema.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw Object.assign(
      new Error(`Graph sent ${what} Vouch cannot read (${issue?.path.join('.')}: ${issue?.message}).`),
      {
        name: 'ZodError',
      },
    );
  }
  return parsed.data;
}

// ---- users → accounts

/** Properties Graph returns only when selected (accountEnabled, userType, createdDateTime are not default). */
export const userSelect = [
  'id',
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'accountEnabled',
  'userType',
  'externalUserState',
  'createdDateTime',
  'employeeId',
  'department',
  'jobTitle',
  'onPremisesSyncEnabled',
] as const;

const signInActivitySchema = z
  .object({
    lastSignInDateTime: text,
    lastNonInteractiveSignInDateTime: text,
    lastSuccessfulSignInDateTime: text,
  })
  .nullable()
  .optional();

export const graphUserSchema = z.object({
  id: z.string().min(1),
  userPrincipalName: z.string(),
  displayName: text,
  givenName: text,
  surname: text,
  mail: text,
  accountEnabled: z.boolean(),
  userType: text,
  externalUserState: text,
  createdDateTime: text,
  employeeId: text,
  department: text,
  jobTitle: text,
  onPremisesSyncEnabled: flag,
  signInActivity: signInActivitySchema,
});
export type GraphUser = z.infer<typeof graphUserSchema>;

/** The user attributes kept as columns of entra.users. */
export const entraUserAttributes = z.object({
  userPrincipalName: z.string(),
  userType: z.string().nullable(),
  accountEnabled: z.boolean(),
  externalUserState: z.string().nullable(),
  onPremisesSyncEnabled: z.boolean().nullable(),
  /** reported | never signed in | not reported: <why>. Never empty as if the user never signed in. */
  signInActivity: z.string(),
  lastNonInteractiveSignInDateTime: z.string().nullable(),
});

/** Why sign-in activity is missing from a whole sync, or null when Graph reported it. */
export type SignInActivityGap = string | null;

export function userStatus(user: GraphUser): string {
  if (!user.accountEnabled) return 'disabled';
  if (user.externalUserState === 'PendingAcceptance') return 'pending_acceptance';
  return 'enabled';
}

export function userToAccount(user: GraphUser, gap: SignInActivityGap): AccountRecord {
  const activity = user.signInActivity ?? null;
  const signIn = gap
    ? `not reported: ${gap}`
    : activity?.lastSignInDateTime || activity?.lastNonInteractiveSignInDateTime
      ? 'reported'
      : 'never signed in';
  const attributes: Record<string, unknown> = {
    userPrincipalName: user.userPrincipalName,
    userType: user.userType ?? null,
    accountEnabled: user.accountEnabled,
    externalUserState: user.externalUserState ?? null,
    onPremisesSyncEnabled: user.onPremisesSyncEnabled ?? null,
    signInActivity: signIn,
    lastNonInteractiveSignInDateTime: gap ? null : (activity?.lastNonInteractiveSignInDateTime ?? null),
  };
  for (const key of ['givenName', 'surname', 'employeeId', 'department', 'jobTitle'] as const) {
    if (user[key] != null) attributes[key] = user[key];
  }
  if (!gap && activity?.lastSuccessfulSignInDateTime)
    attributes.lastSuccessfulSignInDateTime = activity.lastSuccessfulSignInDateTime;
  return {
    externalId: user.id,
    login: user.userPrincipalName,
    email: user.mail ?? null,
    displayName: user.displayName ?? null,
    status: userStatus(user),
    createdAt: user.createdDateTime ?? null,
    lastLoginAt: gap ? null : (activity?.lastSignInDateTime ?? null),
    attributes,
  };
}

// ---- groups, members

export const groupSelect = [
  'id',
  'displayName',
  'description',
  'groupTypes',
  'securityEnabled',
  'mailEnabled',
  'mail',
  'isAssignableToRole',
  'membershipRule',
  'visibility',
  'createdDateTime',
] as const;

export const graphGroupSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullable(),
  description: text,
  groupTypes: z.array(z.string()).optional().default([]),
  securityEnabled: flag,
  mailEnabled: flag,
  mail: text,
  isAssignableToRole: flag,
  membershipRule: text,
  visibility: text,
  createdDateTime: text,
});
export type GraphGroup = z.infer<typeof graphGroupSchema>;

function groupType(group: GraphGroup): string {
  const dynamic = group.groupTypes.includes('DynamicMembership') ? ' (dynamic)' : '';
  if (group.groupTypes.includes('Unified')) return `microsoft365${dynamic}`;
  if (group.securityEnabled) return `${group.mailEnabled ? 'mail_enabled_security' : 'security'}${dynamic}`;
  return `distribution${dynamic}`;
}

export function groupToRecord(group: GraphGroup): GroupRecord {
  return {
    externalId: group.id,
    name: group.displayName ?? group.id,
    description: group.description ?? null,
    type: groupType(group),
    reportedMemberCount: null,
  };
}

export const graphMemberSchema = z.object({
  id: z.string().min(1),
  '@odata.type': z.string().optional(),
});

// ---- applications, service principals → resources; their secrets and certificates → credentials

const passwordCredentialSchema = z.object({
  keyId: z.string().min(1),
  displayName: text,
  hint: text,
  startDateTime: text,
  endDateTime: text,
});
const keyCredentialSchema = z.object({
  keyId: z.string().min(1),
  displayName: text,
  customKeyIdentifier: text,
  type: text,
  usage: text,
  startDateTime: text,
  endDateTime: text,
});
export type GraphPasswordCredential = z.infer<typeof passwordCredentialSchema>;
export type GraphKeyCredential = z.infer<typeof keyCredentialSchema>;

export const applicationSelect = [
  'id',
  'appId',
  'displayName',
  'createdDateTime',
  'signInAudience',
  'publisherDomain',
  'passwordCredentials',
  'keyCredentials',
] as const;

export const graphApplicationSchema = z.object({
  id: z.string().min(1),
  appId: z.string().min(1),
  displayName: z.string().nullable(),
  createdDateTime: text,
  signInAudience: text,
  publisherDomain: text,
  passwordCredentials: z.array(passwordCredentialSchema).optional().default([]),
  keyCredentials: z.array(keyCredentialSchema).optional().default([]),
});
export type GraphApplication = z.infer<typeof graphApplicationSchema>;

export const servicePrincipalSelect = [
  'id',
  'appId',
  'displayName',
  'accountEnabled',
  'servicePrincipalType',
  'appOwnerOrganizationId',
  'appRoleAssignmentRequired',
  'preferredSingleSignOnMode',
  'signInAudience',
  'tags',
  'passwordCredentials',
  'keyCredentials',
] as const;

export const graphServicePrincipalSchema = z.object({
  id: z.string().min(1),
  appId: z.string().min(1),
  displayName: z.string().nullable(),
  accountEnabled: flag,
  servicePrincipalType: text,
  appOwnerOrganizationId: text,
  appRoleAssignmentRequired: flag,
  preferredSingleSignOnMode: text,
  signInAudience: text,
  tags: z.array(z.string()).optional().default([]),
  passwordCredentials: z.array(passwordCredentialSchema).optional().default([]),
  keyCredentials: z.array(keyCredentialSchema).optional().default([]),
});
export type GraphServicePrincipal = z.infer<typeof graphServicePrincipalSchema>;

/** The earliest expiry among credentials still valid at `now`, or null. */
function nextExpiry(ends: (string | null | undefined)[], now: number): string | null {
  const future = ends.filter((end): end is string => !!end && Date.parse(end) > now).sort();
  return future[0] ?? null;
}

export function applicationToResource(app: GraphApplication, now: number): ResourceRecord {
  const ends = [...app.passwordCredentials, ...app.keyCredentials].map((c) => c.endDateTime);
  return {
    externalId: app.id,
    type: 'application',
    name: app.displayName ?? app.appId,
    parentExternalId: null,
    visibility: null,
    status: 'active',
    createdAt: app.createdDateTime ?? null,
    attributes: {
      appId: app.appId,
      signInAudience: app.signInAudience ?? null,
      publisherDomain: app.publisherDomain ?? null,
      clientSecrets: app.passwordCredentials.length,
      certificates: app.keyCredentials.length,
      expiredCredentials: ends.filter((end) => end && Date.parse(end) <= now).length,
      nextCredentialExpiry: nextExpiry(ends, now),
    },
  };
}

export function servicePrincipalToResource(
  sp: GraphServicePrincipal,
  tenantId: string | null,
): ResourceRecord {
  return {
    externalId: sp.id,
    type: 'service_principal',
    name: sp.displayName ?? sp.appId,
    parentExternalId: null,
    visibility: null,
    status: sp.accountEnabled === false ? 'disabled' : 'enabled',
    createdAt: null,
    attributes: {
      appId: sp.appId,
      servicePrincipalType: sp.servicePrincipalType ?? null,
      appOwnerOrganizationId: sp.appOwnerOrganizationId ?? null,
      // Registered in this tenant (its application object is in entra.applications) or a third party's.
      ownedByThisTenant:
        tenantId && sp.appOwnerOrganizationId ? sp.appOwnerOrganizationId === tenantId : null,
      appRoleAssignmentRequired: sp.appRoleAssignmentRequired ?? null,
      preferredSingleSignOnMode: sp.preferredSingleSignOnMode ?? null,
      signInAudience: sp.signInAudience ?? null,
      tags: sp.tags,
    },
  };
}

interface CredentialOwner {
  ownerType: 'application' | 'service_principal';
  ownerExternalId: string;
  ownerName: string | null;
  appId: string;
}

function credentialStatus(end: string | null | undefined, now: number): string {
  return end && Date.parse(end) <= now ? 'expired' : 'active';
}

export function ownerCredentials(
  owner: CredentialOwner,
  passwords: GraphPasswordCredential[],
  keys: GraphKeyCredential[],
  now: number,
): CredentialRecord[] {
  const common = {
    ownerType: owner.ownerType,
    ownerExternalId: owner.ownerExternalId,
    ownerName: owner.ownerName,
    scopes: null,
    lastUsedAt: null,
  };
  return [
    ...passwords.map((p): CredentialRecord => ({
      ...common,
      externalId: p.keyId,
      type: 'client_secret',
      name: p.displayName ?? null,
      createdAt: p.startDateTime ?? null,
      expiresAt: p.endDateTime ?? null,
      status: credentialStatus(p.endDateTime, now),
      attributes: { appId: owner.appId, hint: p.hint ?? null },
    })),
    ...keys.map((k): CredentialRecord => ({
      ...common,
      externalId: k.keyId,
      type: k.type === 'AsymmetricX509Cert' || !k.type ? 'certificate' : k.type,
      name: k.displayName ?? null,
      createdAt: k.startDateTime ?? null,
      expiresAt: k.endDateTime ?? null,
      status: credentialStatus(k.endDateTime, now),
      attributes: {
        appId: owner.appId,
        thumbprint: k.customKeyIdentifier ?? null,
        keyType: k.type ?? null,
        usage: k.usage ?? null,
      },
    })),
  ];
}

// ---- directory roles → roles (definitions) and admin_roles (assignments, with their scope)

export const graphRoleDefinitionSchema = z.object({
  id: z.string().min(1),
  displayName: z.string(),
  description: text,
  isBuiltIn: flag,
  isEnabled: flag,
  templateId: text,
  rolePermissions: z
    .array(z.object({ allowedResourceActions: z.array(z.string()).optional().default([]) }))
    .optional()
    .default([]),
});
export type GraphRoleDefinition = z.infer<typeof graphRoleDefinitionSchema>;

// Microsoft's list of privileged built-in roles ("PRIVILEGED" label in the admin center), by template id.
const privilegedTemplates = new Set([
  '62e90394-69f5-4237-9190-012177145e10', // Global Administrator
  'e8611ab8-c189-46e8-94e1-60213ab1f814', // Privileged Role Administrator
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', // Privileged Authentication Administrator
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', // Application Administrator
  '158c047a-c907-4556-b7ef-446551a6b5f7', // Cloud Application Administrator
  'fe930be7-5e62-47db-91af-98c3a49a38b1', // User Administrator
  'c4e39bd9-1100-46d3-8c65-fb160da0071f', // Authentication Administrator
  '729827e3-9c14-49f7-bb1b-9608f156bbb8', // Helpdesk Administrator
  '966707d0-3269-4727-9be2-8c3a10f19b9d', // Password Administrator
  '194ae4cb-b126-40b2-bd5b-6091b380977d', // Security Administrator
  '29232cdf-9323-42fd-ade2-1d097af3e4de', // Exchange Administrator
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', // SharePoint Administrator
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', // Conditional Access Administrator
  '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', // Hybrid Identity Administrator
  'be2f45a1-457d-42af-a067-6ec1fa63bc45', // External Identity Provider Administrator
  '3a2c62db-5318-420d-8d74-23affee5d9d5', // Intune Administrator
  '7698a772-787b-4ac8-901f-60d6b08affd2', // Cloud Device Administrator
  '9360feb5-f418-4baa-8175-e2a00bac4301', // Directory Writers
  'b0f54661-2d74-4c50-afa3-1ec803f12efe', // Billing Administrator
  '17315797-102d-40b4-93e0-432062caca18', // Compliance Administrator
  'd29b2b05-8046-44ba-8758-1e26182fcf32', // Directory Synchronization Accounts
  'a9ea8996-122f-4c74-9520-8edcd192826c', // Fabric (Power BI) Administrator
  '45d8d3c5-c802-45c6-b32a-1d70b5e1e86e', // Identity Governance Administrator
  '0526716b-113d-4c15-b2c8-68e3c22b9f80', // Authentication Policy Administrator
]);

export function roleDefinitionToRecord(def: GraphRoleDefinition): RoleRecord {
  const template = def.templateId ?? def.id;
  return {
    externalId: def.id,
    name: def.displayName,
    description: def.description ?? null,
    builtIn: def.isBuiltIn ?? null,
    // Custom roles are judged by what they allow: anything beyond reading is privileged enough to review.
    privileged: def.isBuiltIn
      ? privilegedTemplates.has(template)
      : def.rolePermissions.some((p) =>
          p.allowedResourceActions.some((a) => !/\/read$|\/standard\/read$/.test(a)),
        ),
    permissions: def.rolePermissions.flatMap((p) => p.allowedResourceActions).sort(),
    attributes: { templateId: template, isEnabled: def.isEnabled ?? null },
  };
}

export const graphRoleAssignmentSchema = z.object({
  id: z.string().min(1),
  principalId: z.string().min(1),
  roleDefinitionId: z.string().min(1),
  directoryScopeId: text,
  principal: z
    .object({ id: z.string(), '@odata.type': z.string().optional(), displayName: text })
    .nullable()
    .optional(),
});
export type GraphRoleAssignment = z.infer<typeof graphRoleAssignmentSchema>;

const principalTypes: Record<string, AdminRoleRecord['principalType']> = {
  '#microsoft.graph.user': 'user',
  '#microsoft.graph.group': 'group',
  '#microsoft.graph.servicePrincipal': 'service_principal',
};

export function roleAssignmentToRecord(
  assignment: GraphRoleAssignment,
  definition: GraphRoleDefinition | undefined,
): AdminRoleRecord | null {
  const type = principalTypes[assignment.principal?.['@odata.type'] ?? ''];
  if (!type) return null;
  return {
    principalType: type,
    principalExternalId: assignment.principalId,
    roleId: assignment.roleDefinitionId,
    roleType: definition?.templateId ?? assignment.roleDefinitionId,
    roleLabel: definition?.displayName ?? assignment.roleDefinitionId,
    assignmentType: 'active',
    // "/" is the whole directory; otherwise an administrative unit or an app it is limited to.
    scope:
      !assignment.directoryScopeId || assignment.directoryScopeId === '/'
        ? null
        : assignment.directoryScopeId,
  };
}

// ---- MFA registration → auth_factors: a summary row per user and one per registered method

export const graphRegistrationSchema = z.object({
  id: z.string().min(1),
  userPrincipalName: text,
  userType: text,
  isAdmin: flag,
  isMfaRegistered: flag,
  isMfaCapable: flag,
  isPasswordlessCapable: flag,
  isSsprRegistered: flag,
  methodsRegistered: z.array(z.string()).optional().default([]),
  systemPreferredAuthenticationMethods: z.array(z.string()).nullable().optional(),
  userPreferredMethodForSecondaryAuthentication: text,
  lastUpdatedDateTime: text,
});
export type GraphRegistration = z.infer<typeof graphRegistrationSchema>;

type Strength = AuthFactorRecord['strength'];

// Microsoft's authentication strengths: "Phishing-resistant MFA" allows FIDO2/passkeys, Windows Hello for
// Business, certificate-based MFA; "MFA" adds Authenticator, OATH tokens, SMS/voice as a second factor. We
// rank phone-based factors weak (SIM swap, no phishing resistance); email and security questions are
// self-service password reset methods, not a second factor.
const methodStrength: Record<string, Strength> = {
  fido2: 'phishing_resistant',
  fido2SecurityKey: 'phishing_resistant',
  passKeyDeviceBound: 'phishing_resistant',
  passKeyDeviceBoundAuthenticator: 'phishing_resistant',
  passKeyDeviceBoundWindowsHello: 'phishing_resistant',
  windowsHelloForBusiness: 'phishing_resistant',
  macOsSecureEnclaveKey: 'phishing_resistant',
  x509CertificateMultiFactor: 'phishing_resistant',
  microsoftAuthenticatorPush: 'strong',
  microsoftAuthenticatorPasswordless: 'strong',
  softwareOneTimePasscode: 'strong',
  hardwareOneTimePasscode: 'strong',
  temporaryAccessPass: 'strong',
  x509CertificateSingleFactor: 'strong',
  mobilePhone: 'weak',
  alternateMobilePhone: 'weak',
  officePhone: 'weak',
  sms: 'weak',
  voiceMobile: 'weak',
  voiceAlternateMobile: 'weak',
  voiceOffice: 'weak',
  email: 'none',
  securityQuestion: 'none',
};
const rank: Strength[] = ['phishing_resistant', 'strong', 'weak', 'unknown', 'none'];

export function registrationToFactors(r: GraphRegistration): AuthFactorRecord[] {
  const methods = [...new Set(r.methodsRegistered)].sort();
  const strengths = methods.map((m) => methodStrength[m] ?? 'unknown');
  const best = rank.find((s) => strengths.includes(s)) ?? 'none';
  const common = { accountExternalId: r.id, lastUsedAt: null };
  const summary: AuthFactorRecord = {
    ...common,
    factorType: 'summary',
    strength: r.isMfaRegistered === false ? 'none' : best,
    status: r.isMfaRegistered ? 'active' : 'not_setup',
    registeredAt: null,
    attributes: {
      userPrincipalName: r.userPrincipalName ?? null,
      userType: r.userType ?? null,
      isAdmin: r.isAdmin ?? null,
      isMfaRegistered: r.isMfaRegistered ?? null,
      isMfaCapable: r.isMfaCapable ?? null,
      isPasswordlessCapable: r.isPasswordlessCapable ?? null,
      isSsprRegistered: r.isSsprRegistered ?? null,
      methodsRegistered: methods,
      systemPreferredAuthenticationMethods: r.systemPreferredAuthenticationMethods ?? [],
      userPreferredMethodForSecondaryAuthentication: r.userPreferredMethodForSecondaryAuthentication ?? null,
      lastUpdatedDateTime: r.lastUpdatedDateTime ?? null,
    },
  };
  return [
    summary,
    ...methods.map((method, i): AuthFactorRecord => ({
      ...common,
      factorType: method,
      strength: strengths[i] ?? 'unknown',
      status: 'active',
      // The report says a method is registered, not when.
      registeredAt: null,
      attributes: { userPrincipalName: r.userPrincipalName ?? null },
    })),
  ];
}
