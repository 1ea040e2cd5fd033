// /roleManagement/directory: role definitions and role assignments (principal, role definition,
// directory scope), with `$expand=principal` / `roleDefinition` as the connector uses them.
import { graphErrors } from '../errors.ts';
import type { FilterRules } from '../filter.ts';
import { option } from '../odata.ts';
import {
  GROUP,
  ROLE_ASSIGNMENT,
  ROLE_DEFINITION,
  SERVICE_PRINCIPAL,
  USER,
  project,
  projection,
} from '../representations.ts';
import type { ResourceType } from '../representations.ts';
import type { RoleAssignmentRecord } from '../tenant-types.ts';
import { getOne, listCollection, requireAny } from './route.ts';
import type { GraphRequest, GraphRoute } from './route.ts';

export const ROLE_PAGE = { default: 100, max: 999 };
const ROLE_READ = ['RoleManagement.Read.Directory', 'Directory.Read.All'] as const;

const DEFINITION_FILTER: FilterRules = {
  resource: 'UnifiedRoleDefinition',
  properties: {
    id: { basic: ['eq', 'in'], kind: 'string' },
    templateId: { basic: ['eq', 'in'], kind: 'string' },
    displayName: { basic: ['eq', 'startswith'], kind: 'string' },
    isBuiltIn: { basic: ['eq'], kind: 'boolean' },
  },
};

const ASSIGNMENT_FILTER: FilterRules = {
  resource: 'UnifiedRoleAssignment',
  properties: {
    id: { basic: ['eq', 'in'], kind: 'string' },
    principalId: { basic: ['eq', 'in'], kind: 'string' },
    roleDefinitionId: { basic: ['eq', 'in'], kind: 'string' },
    directoryScopeId: { basic: ['eq', 'in'], kind: 'string' },
  },
};

type Expansion = 'principal' | 'roleDefinition';

function parseExpand(url: URL): Expansion[] {
  const raw = option(url, 'expand');
  if (raw === null) return [];
  return raw.split(',').map((part) => {
    const name = part.trim();
    if (name.toLowerCase() === 'principal') return 'principal';
    if (name.toLowerCase() === 'roledefinition') return 'roleDefinition';
    throw graphErrors.badRequest(
      `Could not find a property named '${name}' on type 'microsoft.graph.unifiedRoleAssignment'.`,
    );
  });
}

function assignmentJson(request: GraphRequest, expand: Expansion[], select: readonly string[] | undefined) {
  const fields = projection(ROLE_ASSIGNMENT, select);
  return (assignment: RoleAssignmentRecord): Record<string, unknown> => {
    const out = project(ROLE_ASSIGNMENT, assignment, fields);
    if (expand.includes('principal')) {
      const object = request.index.objectOfKind(assignment.principalKind, assignment.principalId);
      if (!object) throw graphErrors.internal();
      const type = (
        object.kind === 'user' ? USER : object.kind === 'group' ? GROUP : SERVICE_PRINCIPAL
      ) as ResourceType<unknown>;
      out.principal = project(type, object.record, projection(type, undefined), true);
    }
    if (expand.includes('roleDefinition')) {
      const definition = request.index.tenant.roleDefinitions.find(
        (d) => d.id === assignment.roleDefinitionId,
      );
      out.roleDefinition = definition ? project(ROLE_DEFINITION, definition, ROLE_DEFINITION.defaults) : null;
    }
    return out;
  };
}

export const roleRoutes: GraphRoute[] = [
  {
    path: '/v1.0/roleManagement/directory/roleDefinitions',
    handle: (request) => {
      requireAny(request, ROLE_READ);
      return listCollection(request, {
        type: ROLE_DEFINITION,
        items: request.index.tenant.roleDefinitions,
        contextPath: 'roleManagement/directory/roleDefinitions',
        filterRules: DEFINITION_FILTER,
        size: ROLE_PAGE,
      });
    },
  },
  {
    path: '/v1.0/roleManagement/directory/roleDefinitions/:id',
    handle: (request) => {
      requireAny(request, ROLE_READ);
      const id = request.params.id as string;
      const definition = request.index.tenant.roleDefinitions.find((d) => d.id === id.toLowerCase());
      return getOne(request, ROLE_DEFINITION, definition, id, 'roleManagement/directory/roleDefinitions');
    },
  },
  {
    path: '/v1.0/roleManagement/directory/roleAssignments',
    handle: (request) => {
      requireAny(request, ROLE_READ);
      const expand = parseExpand(request.url);
      return listCollection(request, {
        type: ROLE_ASSIGNMENT,
        items: request.index.tenant.roleAssignments,
        contextPath: 'roleManagement/directory/roleAssignments',
        contextSuffix: expand.length > 0 ? `(${expand.map((e) => `${e}()`).join(',')})` : '',
        filterRules: ASSIGNMENT_FILTER,
        size: ROLE_PAGE,
        allowExpand: true,
        serialize: (record, select) => assignmentJson(request, expand, select)(record),
      });
    },
  },
  {
    path: '/v1.0/roleManagement/directory/roleAssignments/:id',
    handle: (request) => {
      requireAny(request, ROLE_READ);
      const id = request.params.id as string;
      const assignment = request.index.tenant.roleAssignments.find((a) => a.id === id);
      return getOne(request, ROLE_ASSIGNMENT, assignment, id, 'roleManagement/directory/roleAssignments');
    },
  },
];
