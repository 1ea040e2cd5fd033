// Records to the JSON GitLab v4 sends (docs.gitlab.com/api/users, /members, /groups, /projects,
// /personal_access_tokens). Field sets follow the current documentation, not the v3-era description in
// shared/specs (README.md lists the differences); admins see more user fields than other callers.
import { gitlabDate, gitlabTimestamp } from './instance-generator.ts';
import type { GitLabInstanceIndex, EffectiveMembership } from './instance-index.ts';
import type { GroupRecord, MembershipRecord, ProjectRecord, UserRecord } from './instance-types.ts';

export interface Bases {
  /** `https://HOST` (web URLs). */
  web: string;
}

const nullableStamp = (ms: number | null) => (ms === null ? null : gitlabTimestamp(ms));

function avatar(user: UserRecord): string {
  return `https://secure.gravatar.com/avatar/${user.id.toString(16).padStart(32, '0')}?s=80&d=identicon`;
}

/** What every caller sees of a user (`UserBasic`): member lists, `created_by`, non-admin `/users`. */
export function userBasicJson(user: UserRecord, bases: Bases): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: user.state,
    locked: user.locked,
    avatar_url: avatar(user),
    web_url: `${bases.web}/${user.username}`,
  };
}

/** `GET /users` and `GET /users/:id` as an administrator sees them. */
export function userAdminJson(user: UserRecord, bases: Bases): Record<string, unknown> {
  return {
    ...userBasicJson(user, bases),
    created_at: gitlabTimestamp(user.createdAt),
    bio: '',
    location: '',
    public_email: user.publicEmail,
    skype: '',
    linkedin: '',
    twitter: '',
    discord: '',
    website_url: '',
    organization: '',
    job_title: '',
    pronouns: null,
    bot: user.bot,
    work_information: null,
    local_time: null,
    last_sign_in_at: nullableStamp(user.lastSignInAt),
    confirmed_at: gitlabTimestamp(user.createdAt),
    last_activity_on: user.lastActivityOn === null ? null : gitlabDate(user.lastActivityOn),
    email: user.email,
    theme_id: 3,
    color_scheme_id: 1,
    projects_limit: 100000,
    current_sign_in_at: nullableStamp(user.lastSignInAt),
    identities: user.samlExternUid
      ? [{ provider: 'group_saml', extern_uid: user.samlExternUid, saml_provider_id: 7 }]
      : [],
    can_create_group: !user.external,
    can_create_project: !user.external,
    two_factor_enabled: user.twoFactorEnabled,
    external: user.external,
    private_profile: false,
    commit_email: user.commitEmail,
    shared_runners_minutes_limit: null,
    extra_shared_runners_minutes_limit: null,
    scim_identities: [],
    is_admin: user.isAdmin,
    note: null,
    namespace_id: user.id + 500_000,
    created_by: null,
    email_reset_offered_at: null,
    is_auditor: false,
    using_license_seat: user.state === 'active' && !user.bot,
    provisioned_by_group_id: null,
  };
}

/** `GET /user`: the caller itself; `is_admin` only appears for administrators. */
export function currentUserJson(user: UserRecord, bases: Bases): Record<string, unknown> {
  const full = userAdminJson(user, bases);
  if (!user.isAdmin) {
    delete full.is_admin;
    delete full.note;
    delete full.is_auditor;
    delete full.using_license_seat;
    delete full.provisioned_by_group_id;
    delete full.created_by;
    delete full.email_reset_offered_at;
  }
  return full;
}

export function memberJson(
  index: GitLabInstanceIndex,
  membership: MembershipRecord,
  bases: Bases,
  samlVisible: boolean,
): Record<string, unknown> {
  const user = index.usersById.get(membership.userId) as UserRecord;
  const creator = membership.createdBy === null ? undefined : index.usersById.get(membership.createdBy);
  return {
    ...userBasicJson(user, bases),
    access_level: membership.accessLevel,
    created_at: gitlabTimestamp(membership.createdAt),
    created_by: creator ? userBasicJson(creator, bases) : null,
    expires_at: membership.expiresAt,
    // Visible to owners of the top group only; null for members without a SAML identity.
    group_saml_identity:
      samlVisible && user.samlExternUid
        ? { extern_uid: user.samlExternUid, provider: 'group_saml', saml_provider_id: 7 }
        : null,
    membership_state: membership.membershipState,
  };
}

export function effectiveMemberJson(
  index: GitLabInstanceIndex,
  effective: EffectiveMembership,
  bases: Bases,
  samlVisible: boolean,
): Record<string, unknown> {
  return memberJson(index, effective.membership, bases, samlVisible);
}

export function groupJson(group: GroupRecord, bases: Bases): Record<string, unknown> {
  return {
    id: group.id,
    web_url: `${bases.web}/groups/${group.fullPath}`,
    name: group.name,
    path: group.path,
    description: group.description,
    visibility: group.visibility,
    share_with_group_lock: false,
    require_two_factor_authentication: false,
    two_factor_grace_period: 48,
    project_creation_level: 'developer',
    auto_devops_enabled: null,
    subgroup_creation_level: 'maintainer',
    emails_disabled: false,
    emails_enabled: true,
    mentions_disabled: null,
    lfs_enabled: true,
    default_branch: null,
    default_branch_protection: 2,
    avatar_url: null,
    request_access_enabled: true,
    full_name: group.fullName,
    full_path: group.fullPath,
    created_at: gitlabTimestamp(group.createdAt),
    parent_id: group.parentId,
    organization_id: 1,
    shared_runners_setting: 'enabled',
    max_artifacts_size: null,
    ldap_cn: null,
    ldap_access: null,
    wiki_access_level: 'enabled',
    marked_for_deletion_on: null,
  };
}

export function projectJson(
  index: GitLabInstanceIndex,
  project: ProjectRecord,
  bases: Bases,
): Record<string, unknown> {
  const namespace = index.groupsById.get(project.namespaceId) as GroupRecord;
  const fullPath = `${namespace.fullPath}/${project.path}`;
  const host = new URL(bases.web).host;
  return {
    id: project.id,
    description: project.description,
    name: project.name,
    name_with_namespace: `${namespace.fullName} / ${project.name}`,
    path: project.path,
    path_with_namespace: fullPath,
    created_at: gitlabTimestamp(project.createdAt),
    default_branch: project.defaultBranch,
    tag_list: [],
    topics: [],
    ssh_url_to_repo: `git@${host}:${fullPath}.git`,
    http_url_to_repo: `${bases.web}/${fullPath}.git`,
    web_url: `${bases.web}/${fullPath}`,
    readme_url: `${bases.web}/${fullPath}/-/blob/main/README.md`,
    forks_count: 0,
    avatar_url: null,
    star_count: 0,
    last_activity_at: gitlabTimestamp(project.lastActivityAt),
    namespace: {
      id: namespace.id,
      name: namespace.name,
      path: namespace.path,
      kind: 'group',
      full_path: namespace.fullPath,
      parent_id: namespace.parentId,
      avatar_url: null,
      web_url: `${bases.web}/groups/${namespace.fullPath}`,
    },
    container_registry_image_prefix: `registry.${host}/${fullPath}`,
    empty_repo: false,
    archived: project.archived,
    visibility: project.visibility,
    resolve_outdated_diff_discussions: false,
    container_registry_enabled: true,
    issues_enabled: true,
    merge_requests_enabled: true,
    wiki_enabled: true,
    jobs_enabled: true,
    snippets_enabled: true,
    creator_id: project.creatorId,
    import_status: 'none',
    open_issues_count: 0,
    ci_default_git_depth: 20,
    public_jobs: true,
    shared_with_groups: [],
    only_allow_merge_if_pipeline_succeeds: false,
    request_access_enabled: true,
    remove_source_branch_after_merge: true,
    printing_merge_request_link_enabled: true,
    merge_method: 'merge',
    marked_for_deletion_on: null,
  };
}
