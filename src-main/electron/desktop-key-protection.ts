// Decides, once per start in main, how stored credentials are protected on the desktop: asks the user
// about Linux's basic_text backend when that is all there is, opens safeStorage and the master key, and
// describes the result for Settings (`app.info` keyProtection). A refusal is not fatal: the engine still
// starts and every operation that needs a secret fails with the typed error and its next step.
import { mkdirSync } from 'node:fs';
import type { MessageBoxOptions } from 'electron';
import type { ApiError } from '../../src-shared/api.ts';
import { isVouchError } from '../engine/errors.ts';
import { readDesktopPreferences, writeDesktopPreferences } from './desktop-preferences.ts';
import type { KeyMaterial } from './engine-protocol.ts';
import { loadOrCreateMasterKey } from './master-key-store.ts';
import {
  SafeStorageKeyWrapper,
  safeStorageBackendPrefix,
  safeStorageMechanism,
  type SafeStorageApi,
} from './safe-storage-key-wrapper.ts';

export interface KeyProtectionInfo {
  backend: string;
  weak: boolean;
  description: string;
}

export interface DesktopKeyProtection {
  info: KeyProtectionInfo;
  material: KeyMaterial;
}

export interface KeyProtectionDependencies {
  safeStorage: SafeStorageApi;
  platform: NodeJS.Platform;
  dataDir: string;
  /** Shows weakProtectionDialog; resolves true when the user chose to accept weaker protection. */
  askToAcceptWeakProtection(): Promise<boolean>;
  now?: () => Date;
  log(line: string): void;
}

export async function resolveDesktopKeyProtection(
  deps: KeyProtectionDependencies,
): Promise<DesktopKeyProtection> {
  const mechanism = safeStorageMechanism(deps.safeStorage, deps.platform);
  const backend = `${safeStorageBackendPrefix}${mechanism}`;
  mkdirSync(deps.dataDir, { recursive: true, mode: 0o700 });
  let weakAccepted = false;
  if (mechanism === 'basic_text' && deps.safeStorage.isEncryptionAvailable()) {
    const preferences = readDesktopPreferences(deps.dataDir, deps.log);
    weakAccepted = preferences.weakKeyProtectionAcceptedAt !== null;
    if (!weakAccepted && (await deps.askToAcceptWeakProtection())) {
      weakAccepted = true;
      const acceptedAt = (deps.now?.() ?? new Date()).toISOString();
      writeDesktopPreferences(deps.dataDir, { ...preferences, weakKeyProtectionAcceptedAt: acceptedAt });
      deps.log('key protection: the user accepted basic_text');
    }
  }
  try {
    const wrapper = SafeStorageKeyWrapper.open(deps.safeStorage, { platform: deps.platform, weakAccepted });
    const masterKey = loadOrCreateMasterKey(deps.dataDir, wrapper);
    return {
      info: { backend: wrapper.backend, weak: wrapper.weak, description: describeMechanism(mechanism) },
      material: { backend: wrapper.backend, masterKey: masterKey.toString('base64'), refusal: null },
    };
  } catch (error) {
    if (!isVouchError(error)) throw error;
    deps.log(`key protection: ${error.code}`);
    const refusal: ApiError = { code: error.code, message: error.message, nextStep: error.nextStep };
    return {
      // Not weak but absent: nothing is protected, because nothing can be stored.
      info: { backend, weak: false, description: `Not available: ${error.message}` },
      material: { backend, masterKey: null, refusal },
    };
  }
}

/** For Settings: what protects the credentials, in words. */
export function describeMechanism(mechanism: string): string {
  switch (mechanism) {
    case 'keychain':
      return 'Credentials are encrypted with a key kept in your macOS Keychain.';
    case 'dpapi':
      return 'Credentials are encrypted with a key protected by Windows for your user account (DPAPI).';
    case 'gnome_libsecret':
      return 'Credentials are encrypted with a key kept in your desktop keyring (Secret Service, e.g. GNOME Keyring).';
    case 'kwallet':
      return 'Credentials are encrypted with a key kept in KWallet.';
    case 'basic_text':
      return (
        'Weaker protection, accepted by you: no desktop keyring was found, so the key is only obscured with a ' +
        'key built into Chromium. Anyone who can read your files can decrypt the stored credentials.'
      );
    default:
      return `Credentials are protected by Electron safeStorage (${mechanism}).`;
  }
}

/** The question asked when Linux offers only basic_text. Button 1 accepts; Escape and Enter decline. */
export const weakProtectionDialog: MessageBoxOptions = {
  type: 'warning',
  title: 'Weaker credential protection',
  message: 'No desktop keyring was found',
  detail:
    'Vouch encrypts the credentials of your sources with a key it keeps in your desktop keyring (GNOME ' +
    'Keyring or KWallet). None is available in this session, so the key could only be obscured with a key ' +
    'built into Chromium: anyone who can read the files in your home directory could decrypt your stored ' +
    'credentials.\n\n' +
    'For full protection, install and unlock GNOME Keyring or KWallet and start Vouch again.\n\n' +
    'If you choose Not Now, Vouch opens but cannot add, test or sync sources; it asks again next time. ' +
    'If you use weaker protection, Settings shows it, and the choice is remembered for this data directory.',
  buttons: ['Not Now', 'Use Weaker Protection'],
  defaultId: 0,
  cancelId: 0,
  noLink: true,
};

export const acceptWeakProtectionButton = 1;
