import { describe, expect, it } from 'vitest';
import { parseOktaDomain } from '../../src-main/engine/connectors/okta/okta-domain.ts';

describe('parseOktaDomain', () => {
  it('accepts org hosts, preview orgs and host:port', () => {
    expect(parseOktaDomain('acme.okta.com')).toEqual({
      ok: true,
      orgUrl: 'https://acme.okta.com',
      host: 'acme.okta.com',
    });
    expect(parseOktaDomain(' acme.oktapreview.com ')).toMatchObject({
      ok: true,
      orgUrl: 'https://acme.oktapreview.com',
    });
    expect(parseOktaDomain('127.0.0.1:8443')).toMatchObject({ ok: true, orgUrl: 'https://127.0.0.1:8443' });
    expect(parseOktaDomain('https://acme.okta.com/')).toMatchObject({
      ok: true,
      orgUrl: 'https://acme.okta.com',
    });
  });

  it('refuses what cannot be an org domain, saying why', () => {
    expect(parseOktaDomain('')).toMatchObject({ ok: false });
    expect(parseOktaDomain('http://acme.okta.com')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('HTTPS'),
    });
    expect(parseOktaDomain('acme.okta.com/api/v1')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('path'),
    });
    expect(parseOktaDomain('acme okta.com')).toMatchObject({ ok: false });
    expect(parseOktaDomain('acme-admin.okta.com')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('acme.okta.com'),
    });
  });
});
