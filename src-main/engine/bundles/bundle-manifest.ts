// The layout of an evidence bundle and its manifest.json, shared by the writer and the offline verifier.
//
//   manifest.json        this schema; signed
//   manifest.sig         Ed25519 signature over the exact bytes of manifest.json, base64
//   signer.pub           the signer's public key (PEM, SPKI)
//   README.txt           how to verify, for people
//   audit-log.jsonl      the audit entries of the collection period (one JSON object per line)
//   artifacts/<id>-<kind>/rows.jsonl        the canonical content: its SHA-256 is the artifact's hash
//   artifacts/<id>-<kind>/provenance.json
//   artifacts/<id>-<kind>/<kind>.<format>   one rendering per chosen format (csv, xlsx, pdf, json)
//
// `files` lists every file of the zip except manifest.json and manifest.sig, which the signature covers.
import { z } from 'zod';

export const BUNDLE_FORMAT = 'vouch-evidence-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

export const MANIFEST_PATH = 'manifest.json';
export const SIGNATURE_PATH = 'manifest.sig';
export const SIGNER_KEY_PATH = 'signer.pub';
export const README_PATH = 'README.txt';
export const AUDIT_LOG_PATH = 'audit-log.jsonl';

/** Relative, forward slashes, no `.`/`..`/empty segments, printable: safe to extract anywhere. */
export function isSafeBundlePath(name: string): boolean {
  if (name.length === 0 || name.length > 512) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\:*?"<>|]/.test(name)) return false;
  return name.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const bundlePath = z.string().refine(isSafeBundlePath, 'not a safe relative path');

export const manifestFileSchema = z.object({
  path: bundlePath,
  size: z.number().int().nonnegative(),
  sha256: sha256Hex,
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

/**
 * Only what the verifier relies on is required, and unknown fields pass through: a provenance written by a
 * newer Vouch still parses.
 */
const manifestProvenanceSchema = z.looseObject({
  source: z.looseObject({ name: z.string(), kind: z.string() }),
  dataset: z.string(),
  rowsCollected: z.number().int(),
  complete: z.boolean(),
  partialReason: z.string().nullable(),
  collectionStartedAt: z.string(),
  collectionFinishedAt: z.string(),
  sha256: sha256Hex,
});

export const manifestArtifactSchema = z.object({
  id: z.string().min(1),
  kind: z.string(),
  /** SHA-256 of the canonical content (rows.jsonl). */
  sha256: sha256Hex,
  rowCount: z.number().int().nonnegative(),
  complete: z.boolean(),
  partialReason: z.string().nullable(),
  rowsFile: bundlePath,
  provenanceFile: bundlePath,
  renderings: z.array(z.object({ format: z.string(), path: bundlePath })),
  provenance: manifestProvenanceSchema,
});
export type ManifestArtifact = z.infer<typeof manifestArtifactSchema>;

export const manifestAuditLogSchema = z.object({
  file: bundlePath,
  /** The window the entries were selected from: the earliest collection start to the bundle's creation. */
  from: z.string(),
  to: z.string(),
  entries: z.number().int().nonnegative(),
  firstSeq: z.number().int().nullable(),
  lastSeq: z.number().int().nullable(),
  /** The prevHash of the first entry, trusted as the anchor of the segment. */
  anchorHash: sha256Hex.nullable(),
  /** The hash of the last entry. */
  headHash: sha256Hex.nullable(),
});
export type ManifestAuditLog = z.infer<typeof manifestAuditLogSchema>;

export const bundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  createdAt: z.string(),
  vouchVersion: z.string(),
  signer: z.object({
    algorithm: z.literal('ed25519'),
    fingerprint: z.string(),
    publicKeyFile: bundlePath,
  }),
  artifacts: z.array(manifestArtifactSchema),
  auditLog: manifestAuditLogSchema,
  files: z.array(manifestFileSchema),
});
export type BundleManifest = z.infer<typeof bundleManifestSchema>;

/** A name with anything unusual replaced, so the path stays portable across file systems. */
export function safePathSegment(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
}

/** `artifacts/<id>-<kind>` */
export function artifactFolder(id: string, kind: string): string {
  return `artifacts/${safePathSegment(id)}-${safePathSegment(kind)}`;
}

/** `<kind>.<format>`, never colliding with rows.jsonl or provenance.json in the same folder. */
export function renderingFileName(kind: string, format: string): string {
  const base = safePathSegment(kind);
  return `${base === 'rows' || base === 'provenance' ? `${base}-rendering` : base}.${format}`;
}
