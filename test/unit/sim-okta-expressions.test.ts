import { describe, expect, it } from 'vitest';
import { OktaHttpError } from '../../sim/okta/errors.ts';
import { compileExpression, readPath } from '../../sim/okta/expressions.ts';
import { USER_FILTER_RULES, USER_SEARCH_RULES } from '../../sim/okta/routes/users.ts';

const users = [
  {
    id: '00u1',
    status: 'ACTIVE',
    lastUpdated: '2024-01-10T00:00:00.000Z',
    profile: { login: 'ana.li@example.com', department: 'Engineering', firstName: 'Ana' },
  },
  {
    id: '00u2',
    status: 'DEPROVISIONED',
    lastUpdated: '2023-05-01T00:00:00.000Z',
    profile: { login: 'bo.wu@example.com', department: 'Sales', firstName: 'Bo' },
  },
  {
    id: '00u3',
    status: 'SUSPENDED',
    lastUpdated: '2024-06-01T00:00:00.000Z',
    profile: { login: 'cy.oh@example.com', department: 'Engineering', firstName: 'Cy' },
  },
];

const search = (text: string) =>
  users.filter(compileExpression(text, USER_SEARCH_RULES, readPath)).map((u) => u.id);
const filter = (text: string) =>
  users.filter(compileExpression(text, USER_FILTER_RULES, readPath)).map((u) => u.id);

function rejection(run: () => unknown): OktaHttpError {
  try {
    run();
  } catch (error) {
    if (error instanceof OktaHttpError) return error;
    throw error;
  }
  throw new Error('expected a 400');
}

describe('Okta search and filter expressions', () => {
  it('matches status, with or and parentheses', () => {
    expect(search('status eq "DEPROVISIONED"')).toEqual(['00u2']);
    expect(search('status eq "DEPROVISIONED" or status eq "SUSPENDED"')).toEqual(['00u2', '00u3']);
    expect(
      search('profile.department eq "Engineering" and (status eq "ACTIVE" or status eq "DEPROVISIONED")'),
    ).toEqual(['00u1']);
  });

  it('treats operators and values case-insensitively in search but not in filter', () => {
    expect(search('status EQ "active"')).toEqual(['00u1']);
    expect(search('profile.login sw "ANA"')).toEqual(['00u1']);
    expect(search('profile.login co "wu@"')).toEqual(['00u2']);
    expect(filter('status eq "active"')).toEqual([]);
    expect(filter('status eq "ACTIVE"')).toEqual(['00u1']);
  });

  it('compares timestamps as instants', () => {
    expect(search('lastUpdated gt "2024-01-01T00:00:00.000Z"')).toEqual(['00u1', '00u3']);
    expect(filter('lastUpdated lt "2024-01-01T00:00:00.000Z" and status eq "DEPROVISIONED"')).toEqual([
      '00u2',
    ]);
    expect(rejection(() => search('lastUpdated gt "yesterday"')).status).toBe(400);
  });

  it('answers malformed or unsupported expressions with 400 E0000031', () => {
    for (const bad of [
      'status eq',
      'status "ACTIVE"',
      'status eq "ACTIVE" and',
      '(status eq "ACTIVE"',
      'status eq "ACTIVE',
      'not status eq "ACTIVE"',
      'status ne "ACTIVE"',
      'Status eq "ACTIVE"',
      'lastLogin gt "2024-01-01T00:00:00.000Z"',
      'profile.department co "Eng"',
      '',
    ]) {
      const error = rejection(() => search(bad));
      expect(error.status, bad).toBe(400);
      expect(error.body()).toMatchObject({ errorCode: 'E0000031', errorSummary: 'Invalid search criteria.' });
    }
    // filter supports far less than search
    expect(rejection(() => filter('profile.department eq "Sales"')).errorCode).toBe('E0000031');
    expect(rejection(() => filter('status sw "ACT"')).errorCode).toBe('E0000031');
  });
});
