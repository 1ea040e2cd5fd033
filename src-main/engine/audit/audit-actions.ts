// What Vouch records about its own actions, and the guard that keeps secrets out of the audit log.
import { VouchError } from '../errors.ts';
import type { JsonValue } from './canonical-json.ts';

export const auditActions = [
  'source_added',
  'source_removed',
  'credentials_rotated',
  'connection_tested',
  'sync_completed',
  'artifact_exported',
  'bundle_created',
  'sample_created',
  'diff_created',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** Details are plain JSON: names, ids, counts, statuses, fingerprints. Never a secret. */
export type AuditDetails = { [key: string]: JsonValue };

export interface AuditInput {
  /** Who acted, e.g. `cli:alice` (see auditActor). */
  actor: string;
  action: AuditAction;
  /** What the action was about: a source name, an artifact id, a bundle file, ... */
  subject: string | null;
  details: AuditDetails;
}

/** Audit details that look like they carry a secret, or that are not plain JSON. */
export class AuditDetailsRejectedError extends VouchError {
  constructor(problem: string) {
    super(
      'audit_details_rejected',
      `Refusing to write an audit entry: ${problem}.`,
      'This is a bug in Vouch: audit details may carry names, ids and fingerprints only. Please report it.',
    );
  }
}

// Compared against keys lowercased with separators removed, so `api_token`, `apiToken` and `API-Token` all match.
const secretKeyWords = [
  'token',
  'secret',
  'password',
  'passwd',
  'passphrase',
  'privatekey',
  'apikey',
  'authorization',
  'cookie',
  'credential',
  'bearer',
];
const maxDetailsDepth = 8;

/** A key naming a fingerprint is safe: it is how an entry says which credentials were used. */
function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (normalized.endsWith('fingerprint')) return false;
  return secretKeyWords.some((word) => normalized.includes(word));
}

/**
 * Throws AuditDetailsRejectedError when a key (at any depth) names a secret, a value holds a PEM private key,
 * or a value is not JSON (undefined, NaN, a Date, ...). The message names the key, never the value.
 */
export function assertSafeAuditDetails(details: unknown, where = 'details', depth = 0): void {
  if (depth > maxDetailsDepth) throw new AuditDetailsRejectedError(`${where} is nested too deeply`);
  if (details === null || typeof details === 'boolean') return;
  if (typeof details === 'string') {
    if (/PRIVATE KEY-----/.test(details)) throw new AuditDetailsRejectedError(`${where} holds a private key`);
    return;
  }
  if (typeof details === 'number') {
    if (!Number.isFinite(details)) throw new AuditDetailsRejectedError(`${where} is not a finite number`);
    return;
  }
  if (Array.isArray(details)) {
    details.forEach((item, i) => assertSafeAuditDetails(item, `${where}[${i}]`, depth + 1));
    return;
  }
  if (typeof details === 'object' && Object.getPrototypeOf(details) === Object.prototype) {
    for (const [key, value] of Object.entries(details)) {
      if (isSecretKey(key)) throw new AuditDetailsRejectedError(`${where}.${key} looks like a secret`);
      assertSafeAuditDetails(value, `${where}.${key}`, depth + 1);
    }
    return;
  }
  throw new AuditDetailsRejectedError(`${where} is not plain JSON`);
}
