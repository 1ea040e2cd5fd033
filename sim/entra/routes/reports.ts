// /reports/authenticationMethods/userRegistrationDetails: MFA and SSPR registration per enabled user.
// Needs AuditLog.Read.All and an Entra ID P1/P2 licence (without it Graph answers 403
// Authentication_RequestFromNonPremiumTenantOrB2CTenant).
import type { FilterRules } from '../filter.ts';
import { REGISTRATION_DETAILS } from '../representations.ts';
import { getOne, listCollection, requireAuditLogAndPremium } from './route.ts';
import type { GraphRoute } from './route.ts';

export const REGISTRATION_PAGE = { default: 100, max: 999 };

const REGISTRATION_FILTER: FilterRules = {
  resource: 'UserRegistrationDetails',
  properties: {
    id: { basic: ['eq', 'in'], kind: 'string' },
    userPrincipalName: { basic: ['eq', 'startswith'], kind: 'string' },
    userType: { basic: ['eq'], kind: 'string' },
    isAdmin: { basic: ['eq'], kind: 'boolean' },
    isMfaRegistered: { basic: ['eq'], kind: 'boolean' },
    isMfaCapable: { basic: ['eq'], kind: 'boolean' },
    isSsprRegistered: { basic: ['eq'], kind: 'boolean' },
    isSsprCapable: { basic: ['eq'], kind: 'boolean' },
    isPasswordlessCapable: { basic: ['eq'], kind: 'boolean' },
    methodsRegistered: { basic: ['any'], kind: 'collection' },
  },
};

const PATH = 'reports/authenticationMethods/userRegistrationDetails';

export const reportRoutes: GraphRoute[] = [
  {
    path: `/v1.0/${PATH}`,
    handle: (request) => {
      requireAuditLogAndPremium(request);
      return listCollection(request, {
        type: REGISTRATION_DETAILS,
        items: request.index.tenant.registrationDetails,
        contextPath: PATH,
        filterRules: REGISTRATION_FILTER,
        size: REGISTRATION_PAGE,
      });
    },
  },
  {
    path: `/v1.0/${PATH}/:id`,
    handle: (request) => {
      requireAuditLogAndPremium(request);
      const id = request.params.id as string;
      const record = request.index.tenant.registrationDetails.find((r) => r.id === id.toLowerCase());
      return getOne(request, REGISTRATION_DETAILS, record, id, PATH);
    },
  },
];
