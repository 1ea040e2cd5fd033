// The signer keys an auditor trusts, pinned once (`vouch keys trust FINGERPRINT`) instead of on every
// `vouch verify --signer`. A plain JSON file next to the data directory's store, never the store itself:
// `vouch verify` must work on a machine with no Vouch data at all, and it only ever reads this file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { VouchError } from '../engine/errors.ts';
import { normalizeFingerprint } from '../engine/signing/ed25519.ts';

export const TRUSTED_SIGNERS_FILE = 'trusted-signers.json';

const fingerprintPattern = /^ed25519:[0-9a-f]{32,64}$/;

const trustedSignersSchema = z.object({
  version: z.literal(1),
  signers: z.array(
    z.object({
      fingerprint: z.string().regex(fingerprintPattern),
      /** Who the key belongs to, as the auditor wrote it. */
      label: z.string().max(200).nullable(),
      addedAt: z.string(),
    }),
  ),
});
export type TrustedSigners = z.infer<typeof trustedSignersSchema>;

export class TrustedSignersError extends VouchError {
  constructor(message: string, nextStep: string) {
    super('trusted_signers_invalid', message, nextStep);
  }
}

export function trustedSignersPath(dataDir: string): string {
  return path.join(dataDir, TRUSTED_SIGNERS_FILE);
}

/** A fingerprint as a person types it ("ED25519:AB12…", or without the prefix), checked. */
export function parseFingerprint(text: string): string {
  const fingerprint = normalizeFingerprint(text);
  if (!fingerprintPattern.test(fingerprint)) {
    throw new VouchError(
      'usage',
      `"${text.slice(0, 80)}" is not a signer fingerprint.`,
      'Copy it from `vouch keys show` on the machine that signs the bundles: ed25519: and 32 hex digits.',
    );
  }
  return fingerprint;
}

/** The trusted signers; none when the file does not exist. A damaged file is an error, never "trust nobody". */
export function readTrustedSigners(file: string): TrustedSigners {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, signers: [] };
    throw new TrustedSignersError(
      `Could not read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      'Check that this user may read it.',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = trustedSignersSchema.safeParse(json);
  if (!parsed.success) {
    throw new TrustedSignersError(
      `${file} is not a trusted-signers file.`,
      'Remove it and add the signers again with `vouch keys trust FINGERPRINT`.',
    );
  }
  return parsed.data;
}

/** Adds a signer (idempotent); written to a temporary file first so a crash leaves the old list intact. */
export function trustSigner(file: string, fingerprint: string, label: string | null): boolean {
  const current = readTrustedSigners(file);
  if (current.signers.some((signer) => signer.fingerprint === fingerprint)) return false;
  const next: TrustedSigners = {
    version: 1,
    signers: [...current.signers, { fingerprint, label, addedAt: new Date().toISOString() }],
  };
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
  return true;
}
