// GitLab users to Vouch accounts: from the instance's user list (administrators see state, admin and
// bot flags, emails) or, without that, from a member list (username, state, SAML identity).
import type { AccountRecord } from '../../../../src-shared/datasets.ts';
import type { GitLabAdminUser, GitLabMember } from './gitlab-schemas.ts';

export function adminAccount(user: GitLabAdminUser): AccountRecord {
  const saml = user.identities?.find((i) => i.provider === 'group_saml' || i.provider.startsWith('saml'));
  return {
    externalId: String(user.id),
    login: user.username,
    // The primary email (administrators see it), else what the user made public, else the commit email.
    email: user.email ?? user.public_email ?? user.commit_email ?? null,
    displayName: user.name,
    status: user.state,
    createdAt: user.created_at ?? null,
    lastLoginAt: user.last_sign_in_at ?? user.current_sign_in_at ?? null,
    attributes: {
      is_admin: user.is_admin ?? null,
      bot: user.bot ?? null,
      external: user.external ?? null,
      two_factor_enabled: user.two_factor_enabled ?? null,
      public_email: user.public_email ?? null,
      commit_email: user.commit_email ?? null,
      saml_extern_uid: saml?.extern_uid ?? null,
      locked: user.locked ?? null,
      last_activity_on: user.last_activity_on ?? null,
      using_license_seat: user.using_license_seat ?? null,
      source: 'instance users',
    },
  };
}

export function memberAccount(member: GitLabMember): AccountRecord {
  return {
    externalId: String(member.id),
    login: member.username,
    email: member.email ?? member.public_email ?? null,
    displayName: member.name,
    status: member.state,
    createdAt: null,
    lastLoginAt: null,
    attributes: {
      is_admin: null,
      bot: /_bot(_[0-9a-f]+)?$/i.test(member.username) ? true : null,
      external: null,
      two_factor_enabled: null,
      public_email: member.public_email ?? null,
      commit_email: null,
      saml_extern_uid: member.group_saml_identity?.extern_uid ?? null,
      locked: member.locked ?? null,
      last_activity_on: null,
      using_license_seat: null,
      source: 'group and project members',
    },
  };
}
