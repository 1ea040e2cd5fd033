// /groups: the listing, its count, single groups, and a group's direct and transitive members. Members
// are a mixed collection (users, nested groups, service principals), so each carries `@odata.type`; a
// member whose type the token may not read comes back with only `@odata.type` and `id`, as Graph does.
import { graphErrors } from '../errors.ts';
import type { FilterRules } from '../filter.ts';
import { GROUP, SERVICE_PRINCIPAL, USER, project, projection } from '../representations.ts';
import type { ResourceType } from '../representations.ts';
import type { EntraGroupRecord, MemberRef } from '../tenant-types.ts';
import { countCollection, getOne, listCollection, requireAny } from './route.ts';
import type { GraphRequest, GraphRoute, ListSpec } from './route.ts';
import { USER_READ } from './users.ts';

export const GROUP_PAGE = { default: 100, max: 999 };
export const MEMBER_PAGE = { default: 100, max: 999 };

const GROUP_READ = ['Group.Read.All', 'GroupMember.Read.All', 'Directory.Read.All'] as const;
const MEMBER_READ = ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'] as const;
const SP_READ = ['Application.Read.All', 'Directory.Read.All'] as const;

export const GROUP_FILTER: FilterRules = {
  resource: 'Group',
  properties: {
    id: { basic: ['eq', 'in'], advanced: ['ne'], kind: 'string' },
    displayName: { basic: ['eq', 'startswith', 'in'], advanced: ['ne', 'endswith'], kind: 'string' },
    mail: { basic: ['eq', 'startswith', 'in'], advanced: ['ne', 'endswith'], kind: 'string' },
    mailEnabled: { basic: ['eq'], advanced: ['ne'], kind: 'boolean' },
    securityEnabled: { basic: ['eq'], advanced: ['ne'], kind: 'boolean' },
    isAssignableToRole: { basic: ['eq'], advanced: ['ne'], kind: 'boolean' },
    groupTypes: { basic: ['any'], kind: 'collection' },
  },
};

function groupSpec(request: GraphRequest): ListSpec<EntraGroupRecord> {
  return {
    type: GROUP,
    items: request.index.tenant.groups,
    contextPath: 'groups',
    filterRules: GROUP_FILTER,
    size: GROUP_PAGE,
    counted: 'groups',
  };
}

/** The union of member types' properties: what `$select` may name on a members collection. */
const DIRECTORY_OBJECT: ResourceType<MemberRef> = {
  name: 'directoryObject',
  properties: Object.fromEntries(
    [
      ...new Set([
        ...Object.keys(USER.properties),
        ...Object.keys(GROUP.properties),
        ...Object.keys(SERVICE_PRINCIPAL.properties),
      ]),
    ].map((name) => [name, () => null]),
  ),
  defaults: ['id'],
};

function memberSpec(request: GraphRequest, members: readonly MemberRef[]): ListSpec<MemberRef> {
  const canRead = {
    user: USER_READ.some((p) => request.granted.has(p)),
    group: true,
    servicePrincipal: SP_READ.some((p) => request.granted.has(p)),
  };
  return {
    type: DIRECTORY_OBJECT,
    items: members,
    contextPath: 'directoryObjects',
    size: MEMBER_PAGE,
    serialize: (ref, select) => {
      const object = request.index.object(ref);
      if (!object) throw graphErrors.internal();
      if (!canRead[ref.kind]) return { '@odata.type': `#microsoft.graph.${ref.kind}`, id: ref.id };
      const type = (
        object.kind === 'user' ? USER : object.kind === 'group' ? GROUP : SERVICE_PRINCIPAL
      ) as ResourceType<unknown>;
      return project(type, object.record, projection(type, select), true);
    },
  };
}

function findGroup(request: GraphRequest): EntraGroupRecord {
  const id = request.params.id as string;
  const group = request.index.group(id.toLowerCase());
  if (!group) throw graphErrors.notFound(id);
  return group;
}

function members(request: GraphRequest, transitive: boolean): readonly MemberRef[] {
  const group = findGroup(request);
  return transitive ? request.index.transitiveMembers(group.id) : request.index.directMembers(group.id);
}

export const groupRoutes: GraphRoute[] = [
  {
    path: '/v1.0/groups',
    handle: (request) => {
      requireAny(request, GROUP_READ);
      return listCollection(request, groupSpec(request));
    },
  },
  {
    path: '/v1.0/groups/$count',
    handle: (request) => {
      requireAny(request, GROUP_READ);
      return countCollection(request, groupSpec(request));
    },
  },
  {
    path: '/v1.0/groups/:id',
    handle: (request) => {
      requireAny(request, GROUP_READ);
      const id = request.params.id as string;
      return getOne(request, GROUP, request.index.group(id.toLowerCase()), id, 'groups');
    },
  },
  ...(['members', 'transitiveMembers'] as const).flatMap((relation): GraphRoute[] => [
    {
      path: `/v1.0/groups/:id/${relation}`,
      handle: (request) => {
        requireAny(request, MEMBER_READ);
        return listCollection(
          request,
          memberSpec(request, members(request, relation === 'transitiveMembers')),
        );
      },
    },
    {
      path: `/v1.0/groups/:id/${relation}/$count`,
      handle: (request) => {
        requireAny(request, MEMBER_READ);
        return countCollection(
          request,
          memberSpec(request, members(request, relation === 'transitiveMembers')),
        );
      },
    },
  ]),
];
