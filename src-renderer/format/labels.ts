// Words for the engine's identifiers: failure classes, datasets, artifact kinds.
import type { ErrorClass } from '../../src-shared/connection-status.ts';
import { useAppStore } from '../state/app-store.ts';

export const errorClassLabel: Record<ErrorClass, string> = {
  failed_authentication: 'Failed authentication',
  missing_permissions: 'Missing permissions',
  missing_configuration: 'Missing configuration',
  unreachable: 'Unreachable',
  rate_limited: 'Rate limited',
};

/** What each failure class means, in one sentence a non-specialist can act on. */
export const errorClassExplanation: Record<ErrorClass, string> = {
  failed_authentication: 'The provider rejected the credential: it was revoked, expired or mistyped.',
  missing_permissions: 'The credential works but may not read everything Vouch collects.',
  missing_configuration: 'The provider side is not set up as Vouch expects (for example a wrong domain).',
  unreachable: 'Vouch could not reach the provider (network, DNS, proxy or TLS certificate).',
  rate_limited: 'The provider is throttling requests made with this credential.',
};

export function failureLabel(errorClass: string | null): string {
  if (errorClass && errorClass in errorClassLabel) return errorClassLabel[errorClass as ErrorClass];
  return 'Failed';
}

const derivationWords: Record<string, string> = { sample: 'sample', diff: 'changes' };

/**
 * A dataset kind's label from its connector's declaration (connectors.list): the users dataset → "Users",
 * its sample → "Users (sample)". Kinds no connector declares (findings) read as their words.
 */
export function datasetLabel(kind: string): string {
  const declared = useAppStore
    .getState()
    .connectors.flatMap((c) => c.datasets)
    .find((d) => kind === d.kind || kind.startsWith(`${d.kind}.`));
  if (declared) {
    const derivation = kind.slice(declared.kind.length + 1);
    return derivation ? `${declared.label} (${derivationWords[derivation] ?? derivation})` : declared.label;
  }
  const [, dataset = kind, derivation] = kind.split('.');
  const base = humanize(dataset);
  return derivation ? `${base} (${derivationWords[derivation] ?? derivation})` : base;
}

/** The source-kind part of a dataset kind (the text before the first dot). */
export function kindProvider(kind: string): string {
  return kind.split('.')[0] ?? kind;
}

export function humanize(identifier: string): string {
  const words = identifier
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Why an account waits in the needs-anchor queue, in words. */
export const needsAnchorReasonLabel: Record<string, string> = {
  no_email: 'No email address to match',
  email_matches_no_identity: 'Email matches nobody in the identity provider',
  email_matches_several_identities: 'Email matches several people',
  conflicting_anchors: 'SSO identity and email point to different people',
  unlinked_by_person: 'Unlinked by a person',
};

/** How an account came to belong to a person. */
export const linkReasonLabel: Record<string, string> = {
  identity_provider: 'Identity provider',
  auto_anchor: 'Auto by SSO anchor',
  auto_email: 'Auto by email',
  manual: 'Manual',
};

export const accountMarkLabel: Record<string, string> = {
  service: 'Service account',
  shared: 'Shared account',
  external: 'External account',
};

/** Identity-provider statuses that mean the person should have no access. */
export const inactiveIdpStatuses = new Set(['DEPROVISIONED', 'SUSPENDED', 'DELETED_IN_IDP']);

/** `DELETED_IN_IDP` → "Deleted in IdP", `ACTIVE` → "Active". */
export function idpStatusLabel(status: string): string {
  if (status === 'DELETED_IN_IDP') return 'Deleted in IdP';
  return humanize(status);
}
