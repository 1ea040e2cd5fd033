// Where the Okta simulator knowingly sends what Okta's OpenAPI description does not declare, because the
// real API (and the description's own examples) send it. The spec test applies these and nothing else.
import type { SchemaAmendment } from '../shared/openapi-validator.ts';

export const OKTA_SPEC_AMENDMENTS: readonly SchemaAmendment[] = [
  {
    schema: 'Group',
    pointer: '/properties/_embedded/properties/stats',
    addProperties: { hasAdminPrivilege: { type: 'boolean' }, _links: { type: 'object' } },
    reason:
      'The description declares the misspelt `hasAdminPrivlege` and no `_links`; the API and the documented ' +
      '`expand=stats` example return `hasAdminPrivilege` and a `_links.self` to the stats resource.',
  },
  {
    schema: 'SamlApplicationSettings',
    pointer: '/allOf/1',
    addProperties: { app: { type: 'object', additionalProperties: true } },
    reason: "Every SAML app in the description's own listApplications examples carries `settings.app`.",
  },
  {
    schema: 'OpenIdConnectApplicationSettings',
    pointer: '/allOf/1',
    addProperties: { app: { type: 'object', additionalProperties: true } },
    reason: 'Okta returns `settings.app` (usually `{}`) for every app instance, OIDC clients included.',
  },
];
