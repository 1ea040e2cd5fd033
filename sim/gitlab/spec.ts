// The GitLab v4 description the simulator is checked against. `shared/specs/gitlab-v4.json` is an old
// APIs.guru copy: it holds `/v3/...` paths, types every field as a string, declares list responses as
// single objects, and lacks `members/all`, `descendant_groups` and `personal_access_tokens/self`. So
// the schemas below are written from GitLab's current documentation (docs.gitlab.com/api/users,
// /members, /groups, /projects, /personal_access_tokens), starting from the local description's
// property lists; `V3_PROPERTIES_GONE` lists what the local description has that v4 no longer sends,
// and the spec test fails if any other local property is missing here.
import type { Json, OpenApiDocument } from '../shared/openapi-validator.ts';

const str = { type: 'string' } as const;
const nstr = { type: 'string', nullable: true } as const;
const int = { type: 'integer' } as const;
const nint = { type: 'integer', nullable: true } as const;
const bool = { type: 'boolean' } as const;
const stamp = { type: 'string', format: 'date-time' } as const;
const nstamp = { type: 'string', format: 'date-time', nullable: true } as const;
const ndate = { type: 'string', format: 'date', nullable: true } as const;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const arrayOf = (name: string) => ({ type: 'array', items: ref(name) });

const object = (properties: Record<string, Json>, required: string[]): Json => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

const userBasic = {
  id: int,
  username: str,
  name: str,
  state: {
    type: 'string',
    enum: ['active', 'blocked', 'deactivated', 'ldap_blocked', 'banned', 'blocked_pending_approval'],
  },
  locked: bool,
  avatar_url: nstr,
  web_url: str,
};

const identity = object({ provider: str, extern_uid: str, saml_provider_id: nint }, [
  'provider',
  'extern_uid',
]);

const userFull = {
  ...userBasic,
  created_at: stamp,
  bio: str,
  location: nstr,
  public_email: nstr,
  skype: str,
  linkedin: str,
  twitter: str,
  discord: str,
  website_url: str,
  organization: nstr,
  job_title: str,
  pronouns: nstr,
  bot: bool,
  work_information: nstr,
  local_time: nstr,
  last_sign_in_at: nstamp,
  confirmed_at: nstamp,
  last_activity_on: ndate,
  email: str,
  theme_id: int,
  color_scheme_id: int,
  projects_limit: int,
  current_sign_in_at: nstamp,
  identities: { type: 'array', items: ref('Identity') },
  can_create_group: bool,
  can_create_project: bool,
  two_factor_enabled: bool,
  external: bool,
  private_profile: bool,
  commit_email: nstr,
  shared_runners_minutes_limit: nint,
  extra_shared_runners_minutes_limit: nint,
  scim_identities: { type: 'array', items: { type: 'object' } },
  namespace_id: int,
};

const schemas: Record<string, Json> = {
  Identity: identity,
  UserBasic: object(userBasic, Object.keys(userBasic)),
  /** `GET /user`: the caller, with the fields only it (and admins) see. */
  UserPublic: object(userFull, ['id', 'username', 'state', 'email']),
  /** `GET /users` as an administrator. */
  UserAdmin: object(
    {
      ...userFull,
      is_admin: bool,
      note: nstr,
      created_by: { allOf: [ref('UserBasic')], nullable: true },
      email_reset_offered_at: nstamp,
      is_auditor: bool,
      using_license_seat: bool,
      provisioned_by_group_id: nint,
    },
    ['id', 'username', 'state', 'is_admin', 'bot', 'email'],
  ),
  Member: object(
    {
      ...userBasic,
      access_level: { type: 'integer', enum: [0, 5, 10, 15, 20, 30, 40, 50] },
      created_at: stamp,
      created_by: { allOf: [ref('UserBasic')], nullable: true },
      expires_at: ndate,
      group_saml_identity: { allOf: [ref('Identity')], nullable: true },
      membership_state: { type: 'string', enum: ['active', 'awaiting'] },
      email: str,
      public_email: nstr,
    },
    ['id', 'username', 'access_level', 'expires_at', 'state'],
  ),
  Group: object(
    {
      id: int,
      web_url: str,
      name: str,
      path: str,
      description: str,
      visibility: { type: 'string', enum: ['private', 'internal', 'public'] },
      share_with_group_lock: bool,
      require_two_factor_authentication: bool,
      two_factor_grace_period: int,
      project_creation_level: str,
      auto_devops_enabled: { type: 'boolean', nullable: true },
      subgroup_creation_level: str,
      emails_disabled: bool,
      emails_enabled: bool,
      mentions_disabled: { type: 'boolean', nullable: true },
      lfs_enabled: bool,
      default_branch: nstr,
      default_branch_protection: int,
      avatar_url: nstr,
      request_access_enabled: bool,
      full_name: str,
      full_path: str,
      created_at: stamp,
      parent_id: nint,
      organization_id: int,
      shared_runners_setting: str,
      max_artifacts_size: nint,
      ldap_cn: nstr,
      ldap_access: nint,
      wiki_access_level: str,
      marked_for_deletion_on: ndate,
    },
    ['id', 'name', 'path', 'full_path', 'parent_id', 'visibility'],
  ),
  Namespace: object(
    {
      id: int,
      name: str,
      path: str,
      kind: str,
      full_path: str,
      parent_id: nint,
      avatar_url: nstr,
      web_url: str,
    },
    ['id', 'kind', 'full_path'],
  ),
  Project: object(
    {
      id: int,
      description: nstr,
      name: str,
      name_with_namespace: str,
      path: str,
      path_with_namespace: str,
      created_at: stamp,
      default_branch: nstr,
      tag_list: { type: 'array', items: str },
      topics: { type: 'array', items: str },
      ssh_url_to_repo: str,
      http_url_to_repo: str,
      web_url: str,
      readme_url: nstr,
      forks_count: int,
      avatar_url: nstr,
      star_count: int,
      last_activity_at: stamp,
      namespace: ref('Namespace'),
      container_registry_image_prefix: str,
      empty_repo: bool,
      archived: bool,
      visibility: { type: 'string', enum: ['private', 'internal', 'public'] },
      resolve_outdated_diff_discussions: bool,
      container_registry_enabled: bool,
      issues_enabled: bool,
      merge_requests_enabled: bool,
      wiki_enabled: bool,
      jobs_enabled: bool,
      snippets_enabled: bool,
      creator_id: int,
      import_status: str,
      open_issues_count: int,
      ci_default_git_depth: int,
      public_jobs: bool,
      shared_with_groups: { type: 'array', items: { type: 'object' } },
      only_allow_merge_if_pipeline_succeeds: bool,
      request_access_enabled: bool,
      remove_source_branch_after_merge: bool,
      printing_merge_request_link_enabled: bool,
      merge_method: str,
      marked_for_deletion_on: ndate,
    },
    ['id', 'name', 'path_with_namespace', 'namespace', 'visibility', 'archived'],
  ),
  PersonalAccessToken: object(
    {
      id: int,
      name: str,
      revoked: bool,
      created_at: stamp,
      description: nstr,
      scopes: { type: 'array', items: str },
      user_id: int,
      last_used_at: nstamp,
      active: bool,
      expires_at: ndate,
    },
    ['id', 'name', 'revoked', 'scopes', 'user_id', 'active', 'expires_at'],
  ),
  Version: object({ version: str, revision: str, kas: { type: 'object' }, enterprise: bool }, [
    'version',
    'revision',
  ]),
  /** `{"message": "404 Group Not Found"}`, `{"error": "invalid_token", ...}`, insufficient_scope. */
  Error: {
    type: 'object',
    properties: { message: str, error: str, error_description: str, scope: str },
    additionalProperties: false,
    anyOf: [{ required: ['message'] }, { required: ['error'] }],
  },
};

const ok = (schema: Json) => ({ '200': { description: 'OK', content: { 'application/json': { schema } } } });
const get = (schema: Json) => ({ get: { responses: ok(schema) } });

export const GITLAB_V4_DESCRIPTION: OpenApiDocument = {
  paths: {
    '/user': get({ anyOf: [ref('UserAdmin'), ref('UserPublic')] }),
    '/version': get(ref('Version')),
    '/personal_access_tokens/self': get(ref('PersonalAccessToken')),
    '/users': get({ type: 'array', items: { anyOf: [ref('UserAdmin'), ref('UserBasic')] } }),
    '/users/{id}': get({ anyOf: [ref('UserAdmin'), ref('UserBasic')] }),
    '/groups/{id}': get(ref('Group')),
    '/groups/{id}/descendant_groups': get(arrayOf('Group')),
    '/groups/{id}/subgroups': get(arrayOf('Group')),
    '/groups/{id}/projects': get(arrayOf('Project')),
    '/groups/{id}/members': get(arrayOf('Member')),
    '/groups/{id}/members/all': get(arrayOf('Member')),
    '/projects/{id}': get(ref('Project')),
    '/projects/{id}/members': get(arrayOf('Member')),
    '/projects/{id}/members/all': get(arrayOf('Member')),
  } as OpenApiDocument['paths'],
  components: { schemas: schemas as NonNullable<OpenApiDocument['components']>['schemas'] },
};

/**
 * Properties of the local (v3) description's schemas that GitLab v4 no longer sends, with why. The
 * spec test checks every other local property is declared above.
 */
export const V3_PROPERTIES_GONE: Record<string, Record<string, string>> = {
  Member: {},
  UserBasic: {},
  User: { is_admin: 'v4 shows is_admin to administrators only (UserAdmin declares it)' },
  Group: {
    statistics: 'sent only with ?statistics=true, which the connector does not ask for',
    visibility_level: 'v4 replaced the numeric visibility_level with visibility (private/internal/public)',
  },
  Project: {
    builds_enabled: 'renamed jobs_enabled in v4',
    public_builds: 'renamed public_jobs in v4',
    only_allow_merge_if_build_succeeds: 'renamed only_allow_merge_if_pipeline_succeeds in v4',
    public: 'v4 has visibility instead of the public flag',
    forked_from_project: 'only on forks; the simulated projects are not forks',
    owner: 'only on projects in a user namespace; the simulated ones are in groups',
    visibility_level: 'v4 replaced the numeric visibility_level with visibility',
    statistics: 'only with ?statistics=true',
    runners_token: 'only for maintainers on single-project reads',
    lfs_enabled: 'only on single-project reads',
    shared_runners_enabled: 'only on single-project reads',
    only_allow_merge_if_all_discussions_are_resolved: 'only on single-project reads',
  },
};
