// What the Entra connector makes of Graph's answers and of what a user types, before any request.
import { describe, expect, it } from 'vitest';
import { entraCredential, parseEntraTarget } from '../../src-main/engine/connectors/entra/entra-config.ts';
import { ownExpiry } from '../../src-main/engine/connectors/entra/entra-credential-health.ts';
import {
  graphApplicationSchema,
  graphUserSchema,
  registrationToFactors,
  userToAccount,
} from '../../src-main/engine/connectors/entra/entra-records.ts';
import { graphScope } from '../../src-main/engine/connectors/entra/entra-token.ts';

const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const client = '3f0c2a5e-1b2d-4c7a-9e55-6d8b0f1e2a3c';

describe('Entra configuration', () => {
  it('defaults to the public cloud and accepts a national one, a Graph URL with its version', () => {
    expect(parseEntraTarget({ tenantId: tenant, clientId: client })).toMatchObject({
      ok: true,
      authorityUrl: 'https://login.microsoftonline.com',
      graphUrl: 'https://graph.microsoft.com',
    });
    expect(
      parseEntraTarget({
        tenantId: 'contoso.onmicrosoft.us',
        clientId: client,
        authorityUrl: 'https://login.microsoftonline.us/',
        graphUrl: 'https://graph.microsoft.us/v1.0',
      }),
    ).toMatchObject({ ok: true, graphUrl: 'https://graph.microsoft.us' });
  });

  it('refuses what cannot work: common, a non-GUID client id, http, a path', () => {
    for (const config of <Record<string, string>[]>[
      { tenantId: 'common', clientId: client },
      { tenantId: tenant, clientId: 'my-app' },
      { tenantId: tenant, clientId: client, graphUrl: 'http://graph.microsoft.com' },
      { tenantId: tenant, clientId: client, authorityUrl: 'https://login.microsoftonline.com/tenant' },
    ]) {
      expect(parseEntraTarget(config).ok, JSON.stringify(config)).toBe(false);
    }
  });

  it('asks for the Graph resource of the cloud, or by Graph app id for any other host', () => {
    expect(graphScope('https://graph.microsoft.com')).toBe('https://graph.microsoft.com/.default');
    expect(graphScope('https://graph.microsoft.us')).toBe('https://graph.microsoft.us/.default');
    expect(graphScope('https://127.0.0.1:8443')).toBe('00000003-0000-0000-c000-000000000000/.default');
  });
});

const user = (extra: Record<string, unknown>) =>
  graphUserSchema.parse({
    id: 'u1',
    userPrincipalName: 'ada@contoso.com',
    accountEnabled: true,
    userType: 'Member',
    ...extra,
  });

describe('Entra users', () => {
  it('never leaves sign-in activity empty: reported, never signed in, or not reported with why', () => {
    const signedIn = user({ signInActivity: { lastSignInDateTime: '2026-11-01T08:00:00Z' } });
    expect(userToAccount(signedIn, null)).toMatchObject({
      lastLoginAt: '2026-11-01T08:00:00Z',
      attributes: { signInActivity: 'reported' },
    });
    expect(userToAccount(user({ signInActivity: null }), null).attributes.signInActivity).toBe(
      'never signed in',
    );
    const gap = userToAccount(signedIn, 'the tenant has no Microsoft Entra ID P1 or P2 licence');
    expect(gap.lastLoginAt).toBeNull();
    expect(gap.attributes.signInActivity).toBe(
      'not reported: the tenant has no Microsoft Entra ID P1 or P2 licence',
    );
  });

  it('maps disabled users and guests who never accepted to their own status words', () => {
    expect(userToAccount(user({ accountEnabled: false }), null).status).toBe('disabled');
    expect(
      userToAccount(user({ userType: 'Guest', externalUserState: 'PendingAcceptance' }), null).status,
    ).toBe('pending_acceptance');
  });

  it('refuses a user without an id', () => {
    expect(() => graphUserSchema.parse({ userPrincipalName: 'x', accountEnabled: true })).toThrow();
  });
});

describe('Entra MFA registration', () => {
  it('rolls a user up to the strongest registered method, one row per method', () => {
    const rows = registrationToFactors({
      id: 'u1',
      isMfaRegistered: true,
      methodsRegistered: ['mobilePhone', 'fido2', 'microsoftAuthenticatorPush'],
    } as never);
    expect(rows.map((r) => [r.factorType, r.strength])).toEqual([
      ['summary', 'phishing_resistant'],
      ['fido2', 'phishing_resistant'],
      ['microsoftAuthenticatorPush', 'strong'],
      ['mobilePhone', 'weak'],
    ]);
    const none = registrationToFactors({
      id: 'u2',
      isMfaRegistered: false,
      methodsRegistered: ['email'],
    } as never);
    expect(none[0]).toMatchObject({ factorType: 'summary', strength: 'none', status: 'not_setup' });
  });
});

describe('Entra credential expiry', () => {
  const app = graphApplicationSchema.parse({
    id: 'a1',
    appId: client,
    displayName: 'Vouch',
    passwordCredentials: [
      { keyId: 'k-old', hint: 'abc', endDateTime: '2020-01-01T00:00:00Z' },
      { keyId: 'k-new', hint: 'abc', endDateTime: '2027-06-01T00:00:00Z' },
      { keyId: 'k-other', hint: 'xyz', endDateTime: '2026-12-31T00:00:00Z' },
    ],
  });
  it("finds the live secret with the configured secret's hint", () => {
    const now = Date.parse('2026-12-07T00:00:00Z');
    expect(ownExpiry(app, { kind: 'secret', secret: 'abcdef' }, now)).toBe('2027-06-01T00:00:00Z');
    expect(ownExpiry(app, { kind: 'secret', secret: 'qqq123' }, now)).toBeNull();
  });

  it('refuses a secret and a certificate together', () => {
    expect(entraCredential({ clientSecret: 's', certificate: 'c', privateKey: 'k' }).ok).toBe(false);
    expect(entraCredential({}).ok).toBe(false);
  });
});
