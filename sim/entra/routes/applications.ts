// /applications (app registrations, with every secret's and certificate's endDateTime) and
// /servicePrincipals (enterprise apps), with their counts and single reads.
import type { FilterRules } from '../filter.ts';
import { APPLICATION, SERVICE_PRINCIPAL } from '../representations.ts';
import type { EntraApplicationRecord, EntraServicePrincipalRecord } from '../tenant-types.ts';
import { countCollection, getOne, listCollection, requireAny } from './route.ts';
import type { GraphRequest, GraphRoute, ListSpec } from './route.ts';

export const APPLICATION_PAGE = { default: 100, max: 999 };
export const SERVICE_PRINCIPAL_PAGE = { default: 100, max: 999 };

const APP_READ = ['Application.Read.All', 'Directory.Read.All'] as const;

const APP_FILTER: FilterRules = {
  resource: 'Application',
  properties: {
    id: { basic: ['eq', 'in'], advanced: ['ne'], kind: 'string' },
    appId: { basic: ['eq', 'in'], advanced: ['ne'], kind: 'string' },
    displayName: { basic: ['eq', 'startswith', 'in'], advanced: ['ne', 'endswith'], kind: 'string' },
    signInAudience: { basic: ['eq', 'in'], advanced: ['ne'], kind: 'string' },
  },
};

const SP_FILTER: FilterRules = {
  resource: 'ServicePrincipal',
  properties: {
    id: { basic: ['eq', 'in'], advanced: ['ne'], kind: 'string' },
    appId: { basic: ['eq', 'in'], advanced: ['ne'], kind: 'string' },
    displayName: { basic: ['eq', 'startswith', 'in'], advanced: ['ne', 'endswith'], kind: 'string' },
    accountEnabled: { basic: ['eq'], advanced: ['ne'], kind: 'boolean' },
    servicePrincipalType: { basic: ['eq', 'in'], advanced: ['ne'], kind: 'string' },
    appOwnerOrganizationId: { basic: ['eq', 'in'], advanced: ['ne'], kind: 'string' },
  },
};

function applicationSpec(request: GraphRequest): ListSpec<EntraApplicationRecord> {
  return {
    type: APPLICATION,
    items: request.index.tenant.applications,
    contextPath: 'applications',
    filterRules: APP_FILTER,
    size: APPLICATION_PAGE,
    counted: 'applications',
  };
}

function servicePrincipalSpec(request: GraphRequest): ListSpec<EntraServicePrincipalRecord> {
  return {
    type: SERVICE_PRINCIPAL,
    items: request.index.tenant.servicePrincipals,
    contextPath: 'servicePrincipals',
    filterRules: SP_FILTER,
    size: SERVICE_PRINCIPAL_PAGE,
    counted: 'servicePrincipals',
  };
}

export const applicationRoutes: GraphRoute[] = [
  {
    path: '/v1.0/applications',
    handle: (request) => {
      requireAny(request, APP_READ);
      return listCollection(request, applicationSpec(request));
    },
  },
  {
    path: '/v1.0/applications/$count',
    handle: (request) => {
      requireAny(request, APP_READ);
      return countCollection(request, applicationSpec(request));
    },
  },
  {
    path: '/v1.0/applications/:id',
    handle: (request) => {
      requireAny(request, APP_READ);
      const id = request.params.id as string;
      return getOne(request, APPLICATION, request.index.application(id.toLowerCase()), id, 'applications');
    },
  },
  {
    path: '/v1.0/servicePrincipals',
    handle: (request) => {
      requireAny(request, APP_READ);
      return listCollection(request, servicePrincipalSpec(request));
    },
  },
  {
    path: '/v1.0/servicePrincipals/$count',
    handle: (request) => {
      requireAny(request, APP_READ);
      return countCollection(request, servicePrincipalSpec(request));
    },
  },
  {
    path: '/v1.0/servicePrincipals/:id',
    handle: (request) => {
      requireAny(request, APP_READ);
      const id = request.params.id as string;
      return getOne(
        request,
        SERVICE_PRINCIPAL,
        request.index.servicePrincipal(id.toLowerCase()),
        id,
        'servicePrincipals',
      );
    },
  },
];
