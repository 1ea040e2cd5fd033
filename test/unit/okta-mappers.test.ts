import { describe, expect, it } from 'vitest';
import {
  OktaPayloadError,
  oktaGroupSchema,
  oktaGroupToRecord,
  oktaIdSchema,
  oktaUserSchema,
  oktaUserToAccount,
  parseOkta,
} from '../../src-main/engine/connectors/okta/okta-mappers.ts';

const user = {
  id: '00u1',
  status: 'ACTIVE',
  created: '2024-01-02T03:04:05.000Z',
  lastLogin: null,
  profile: { login: 'ana@example.com', email: 'ana@example.com', firstName: 'Ana', lastName: 'Łukasz' },
  credentials: { provider: { type: 'OKTA' } },
  _links: { self: { href: 'https://example.okta.com/api/v1/users/00u1' } },
};

describe('Okta JSON parsed with zod', () => {
  it('maps a user, reading only the fields its dataset keeps', () => {
    const account = oktaUserToAccount(parseOkta(oktaUserSchema, user, 'a user'));
    expect(account).toMatchObject({
      externalId: '00u1',
      login: 'ana@example.com',
      displayName: 'Ana Łukasz',
      status: 'ACTIVE',
      lastLoginAt: null,
    });
    expect(JSON.stringify(account)).not.toContain('credentials');
  });

  it('rejects a user or a group member without an id instead of storing "undefined"', () => {
    const { id: _dropped, ...noId } = user;
    expect(() => parseOkta(oktaUserSchema, noId, 'a user')).toThrow(OktaPayloadError);
    expect(() => parseOkta(oktaIdSchema, { ...user, id: '' }, 'a group member')).toThrow(/group member/);
    expect(() => parseOkta(oktaIdSchema, { ...user, id: 42 }, 'a group member')).toThrow(/id/);
  });

  it('never puts a value of the payload in the error', () => {
    const error = (() => {
      try {
        parseOkta(oktaUserSchema, { ...user, status: 7, profile: { email: 12345 } }, 'a user');
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error?.message).toMatch(/profile\.email/);
    expect(error?.message).not.toContain('12345');
  });

  it('reads group stats in either spelling of hasAdminPrivilege', () => {
    const group = (stats: object) =>
      oktaGroupToRecord(
        parseOkta(oktaGroupSchema, { id: '00g1', profile: { name: 'Eng' }, _embedded: { stats } }, 'a group'),
      );
    expect(group({ usersCount: 3, hasAdminPrivilege: true })).toMatchObject({
      hasAdminPrivilege: true,
      record: { reportedMemberCount: 3, name: 'Eng' },
    });
    expect(group({ hasAdminPrivlege: false }).hasAdminPrivilege).toBe(false);
    expect(group({}).hasAdminPrivilege).toBeNull();
  });
});
