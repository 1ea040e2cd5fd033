// GitHub organization settings as one row per setting. GitHub sends the security-relevant ones only to
// organization owners whose token has admin:org (classic) or Administration: read (fine-grained); for
// anyone else they are simply absent, which is recorded as "not visible to this token", never as a value.
import type { SourceSettingRecord } from '../../../../src-shared/datasets.ts';
import type { SamlVisibility } from './github-directory.ts';

interface SettingSpec {
  name: string;
  /** Read from the org JSON; a nested field as a path. */
  path: string[];
  /** Sent to owners with full access only. */
  ownerOnly: boolean;
}

const settingSpecs: SettingSpec[] = [
  { name: 'login', path: ['login'], ownerOnly: false },
  { name: 'id', path: ['id'], ownerOnly: false },
  { name: 'name', path: ['name'], ownerOnly: false },
  { name: 'is_verified', path: ['is_verified'], ownerOnly: false },
  { name: 'two_factor_requirement_enabled', path: ['two_factor_requirement_enabled'], ownerOnly: true },
  { name: 'default_repository_permission', path: ['default_repository_permission'], ownerOnly: true },
  { name: 'members_can_create_repositories', path: ['members_can_create_repositories'], ownerOnly: true },
  {
    name: 'members_can_create_public_repositories',
    path: ['members_can_create_public_repositories'],
    ownerOnly: true,
  },
  {
    name: 'members_can_create_private_repositories',
    path: ['members_can_create_private_repositories'],
    ownerOnly: true,
  },
  {
    name: 'members_can_create_internal_repositories',
    path: ['members_can_create_internal_repositories'],
    ownerOnly: true,
  },
  {
    name: 'members_can_fork_private_repositories',
    path: ['members_can_fork_private_repositories'],
    ownerOnly: true,
  },
  { name: 'members_can_delete_repositories', path: ['members_can_delete_repositories'], ownerOnly: true },
  {
    name: 'members_can_change_repo_visibility',
    path: ['members_can_change_repo_visibility'],
    ownerOnly: true,
  },
  {
    name: 'members_can_invite_outside_collaborators',
    path: ['members_can_invite_outside_collaborators'],
    ownerOnly: true,
  },
  { name: 'members_can_create_teams', path: ['members_can_create_teams'], ownerOnly: true },
  { name: 'web_commit_signoff_required', path: ['web_commit_signoff_required'], ownerOnly: true },
  { name: 'plan', path: ['plan', 'name'], ownerOnly: true },
];

export const notVisibleNote =
  'not visible to this token: GitHub sends it only to organization owners whose token has admin:org (classic) or Administration: read (fine-grained)';

function valueAt(org: Record<string, unknown>, path: string[]): { present: boolean; value: unknown } {
  let current: unknown = org;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !(key in current))
      return { present: false, value: null };
    current = (current as Record<string, unknown>)[key];
  }
  return { present: true, value: current };
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export interface OrgSettingsResult {
  rows: SourceSettingRecord[];
  /** Settings withheld from this token (the dataset is partial when there are any). */
  hidden: string[];
}

/** `saml` is null when the SAML state could not be read at all (the directory query failed). */
export function orgSettingRows(org: Record<string, unknown>, saml: SamlVisibility | null): OrgSettingsResult {
  // Owners with full access get billing_email and the member privileges; its absence means a partial view.
  const fullView = 'billing_email' in org || 'default_repository_permission' in org;
  const rows: SourceSettingRecord[] = [];
  const hidden: string[] = [];
  for (const spec of settingSpecs) {
    const { present, value } = valueAt(org, spec.path);
    if (present) {
      rows.push({ name: spec.name, value: text(value), visible: true, note: null });
    } else if (spec.ownerOnly && !fullView) {
      rows.push({ name: spec.name, value: null, visible: false, note: notVisibleNote });
      hidden.push(spec.name);
    } else {
      rows.push({
        name: spec.name,
        value: null,
        visible: true,
        note: 'GitHub does not report this setting for this organization (plan or server version).',
      });
    }
  }
  if (saml === 'available') {
    rows.push({ name: 'saml_single_sign_on', value: 'enabled', visible: true, note: null });
  } else if (saml === 'not_configured') {
    rows.push({ name: 'saml_single_sign_on', value: 'not configured', visible: true, note: null });
  } else {
    rows.push({
      name: 'saml_single_sign_on',
      value: null,
      visible: false,
      note:
        saml === 'not_visible'
          ? "not visible to this token: GitHub shows the SAML identity provider only to organization owners' tokens with read:org"
          : 'could not be read: the members directory (GraphQL) failed',
    });
    hidden.push('saml_single_sign_on');
  }
  return { rows, hidden };
}
