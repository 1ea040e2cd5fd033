// The KeyWrapper contract of the envelope encryption (DESIGN.md, Secrets) and the typed errors of this folder.
// A wrapper protects the one data key; the data key seals every credential. Wrappers are synchronous because
// Electron's safeStorage is.
import { VouchError } from '../errors.ts';

export interface KeyWrapper {
  /** Recorded next to the wrapped data key, so a later run with another protection is detected. */
  readonly backend: string;
  wrap(dataKey: Buffer): Buffer;
  /** Throws MasterKeyMismatchError (or another VouchError) when the wrapped key cannot be recovered. */
  unwrap(wrapped: Buffer): Buffer;
}

const howToMakeAKey = 'Generate one with `openssl rand -base64 32`';

/** VOUCH_MASTER_KEY (or a key file's content) is not 32 bytes of base64. */
export class MasterKeyInvalidError extends VouchError {
  constructor(
    what: string,
    problem: string,
    nextStep = `${howToMakeAKey} and set VOUCH_MASTER_KEY to its output.`,
  ) {
    super('master_key_invalid', `${what} must be exactly 32 bytes encoded as base64; ${problem}.`, nextStep);
  }
}

/** The key file exists but other users could read it: it can no longer be trusted to be secret. */
export class KeyFileInsecureError extends VouchError {
  readonly path: string;
  constructor(path: string, mode: number) {
    super(
      'key_file_insecure',
      `The master key file ${path} has mode ${(mode & 0o777).toString(8).padStart(3, '0')}, which lets other ` +
        'users of this machine read it. Vouch refuses to use a key file that is not private to its owner.',
      `Run \`chmod 600 ${path}\`. If other users may already have copied it, also treat the stored credentials ` +
        'as exposed and rotate them with Update Credentials.',
    );
    this.path = path;
  }
}

/** The store holds a data key wrapped with the key file, but the file is gone. */
export class MasterKeyMissingError extends VouchError {
  constructor(message: string, nextStep: string) {
    super('master_key_missing', message, nextStep);
  }
}

/** The master key available now is not the one that wrapped the stored data key. */
export class MasterKeyMismatchError extends VouchError {
  constructor(message: string, nextStep: string, options?: ErrorOptions) {
    super('master_key_mismatch', message, nextStep, options);
  }
}

/** The data key was wrapped by another backend than the one in use now (e.g. env before, keyfile now). */
export class KeyProtectionChangedError extends VouchError {
  readonly recordedBackend: string;
  readonly currentBackend: string;
  constructor(recordedBackend: string, currentBackend: string) {
    super(
      'key_protection_changed',
      `The stored credentials are protected by the "${recordedBackend}" key backend, but this run uses ` +
        `"${currentBackend}". Vouch will not create a new data key, because that would make every stored ` +
        'credential unreadable.',
      backendHint(recordedBackend),
    );
    this.recordedBackend = recordedBackend;
    this.currentBackend = currentBackend;
  }
}

/** A sealed secret failed AES-GCM authentication: altered, corrupted, or moved to another source or field. */
export class SecretTamperedError extends VouchError {
  readonly sourceId: string;
  readonly field: string;
  constructor(sourceId: string, field: string, options?: ErrorOptions) {
    super(
      'secret_tampered',
      `The stored secret "${field}" of source ${sourceId} failed its integrity check: it was altered, ` +
        'corrupted, or copied from another source or field.',
      'Enter the credential again with Update Credentials.',
      options,
    );
    this.sourceId = sourceId;
    this.field = field;
  }
}

/** The settings rows of the key protection are incomplete or unreadable. */
export class KeyProtectionCorruptError extends VouchError {
  constructor(problem: string) {
    super(
      'key_protection_corrupt',
      `The key protection settings of this data directory are damaged: ${problem}.`,
      'Restore the data directory from a backup. Without the wrapped data key, stored credentials cannot be ' +
        'recovered and must be entered again.',
    );
  }
}

function backendHint(backend: string): string {
  switch (backend) {
    case 'env':
      return 'Set VOUCH_MASTER_KEY to the master key used when the credentials were stored.';
    case 'keyfile':
      return 'Unset VOUCH_MASTER_KEY so the master.key file in the data directory is used, as when the credentials were stored.';
    default:
      return `Run Vouch where the "${backend}" key backend is available (as when the credentials were stored).`;
  }
}
