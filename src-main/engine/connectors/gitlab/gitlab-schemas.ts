// The GitLab v4 JSON Vouch reads, parsed at the boundary. Only what we use is required; GitLab adds
// fields freely (passthrough keeps them for the attributes column where we want them).
import { z } from 'zod';

const nullableString = z.string().nullable().optional();

export const gitlabUserBasic = z.object({
  id: z.number().int(),
  username: z.string(),
  name: z.string(),
  state: z.string(),
  locked: z.boolean().optional(),
  web_url: z.string().optional(),
});

/** `GET /users` as an administrator sees it. */
export const gitlabAdminUser = gitlabUserBasic.extend({
  email: nullableString,
  public_email: nullableString,
  commit_email: nullableString,
  is_admin: z.boolean().optional(),
  bot: z.boolean().optional(),
  external: z.boolean().optional(),
  two_factor_enabled: z.boolean().optional(),
  created_at: nullableString,
  last_sign_in_at: nullableString,
  current_sign_in_at: nullableString,
  last_activity_on: nullableString,
  using_license_seat: z.boolean().optional(),
  is_auditor: z.boolean().optional(),
  identities: z.array(z.object({ provider: z.string(), extern_uid: z.string() })).optional(),
});
export type GitLabAdminUser = z.infer<typeof gitlabAdminUser>;

export const gitlabCurrentUser = gitlabUserBasic.extend({
  is_admin: z.boolean().optional(),
  email: nullableString,
});

export const gitlabMember = gitlabUserBasic.extend({
  access_level: z.number().int(),
  expires_at: nullableString,
  created_at: nullableString,
  membership_state: nullableString,
  email: nullableString,
  public_email: nullableString,
  group_saml_identity: z.object({ extern_uid: z.string(), provider: z.string() }).nullable().optional(),
});
export type GitLabMember = z.infer<typeof gitlabMember>;

export const gitlabGroup = z.object({
  id: z.number().int(),
  name: z.string(),
  path: z.string(),
  full_path: z.string(),
  full_name: z.string().optional(),
  parent_id: z.number().int().nullable(),
  visibility: nullableString,
  created_at: nullableString,
  web_url: z.string().optional(),
  marked_for_deletion_on: nullableString,
  require_two_factor_authentication: z.boolean().optional(),
});
export type GitLabGroup = z.infer<typeof gitlabGroup>;

export const gitlabProject = z.object({
  id: z.number().int(),
  name: z.string(),
  path_with_namespace: z.string(),
  namespace: z.object({ id: z.number().int(), full_path: z.string(), kind: z.string() }),
  visibility: nullableString,
  archived: z.boolean().optional(),
  created_at: nullableString,
  last_activity_at: nullableString,
  web_url: z.string().optional(),
  default_branch: nullableString,
  marked_for_deletion_on: nullableString,
  shared_with_groups: z
    .array(
      z.object({
        group_id: z.number().int(),
        group_full_path: z.string(),
        group_access_level: z.number().int(),
      }),
    )
    .optional(),
});
export type GitLabProject = z.infer<typeof gitlabProject>;

export const gitlabTokenSelf = z.object({
  id: z.number().int(),
  name: z.string(),
  revoked: z.boolean(),
  active: z.boolean(),
  scopes: z.array(z.string()),
  user_id: z.number().int(),
  expires_at: nullableString,
  last_used_at: nullableString,
  created_at: nullableString,
});
export type GitLabTokenSelf = z.infer<typeof gitlabTokenSelf>;

/** GitLab's access levels by number (docs.gitlab.com/api/members#roles). */
export const accessLevelNames: Record<number, string> = {
  0: 'No access',
  5: 'Minimal Access',
  10: 'Guest',
  15: 'Planner',
  20: 'Reporter',
  30: 'Developer',
  40: 'Maintainer',
  50: 'Owner',
  60: 'Admin',
};

/** Vouch's normalised level: Developer and up can push code; Maintainer and Owner administer. */
export function normalisedAccess(level: number): 'admin' | 'write' | 'read' | 'none' {
  if (level >= 40) return 'admin';
  if (level >= 30) return 'write';
  if (level >= 10) return 'read';
  return 'none';
}
