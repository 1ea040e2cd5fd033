// Typed errors of the desktop key protection (Electron safeStorage), each with the step that fixes it.
import { VouchError } from '../engine/errors.ts';

/** safeStorage cannot encrypt at all: no keychain, no keyring, or asked before the app was ready. */
export class KeyProtectionUnavailableError extends VouchError {
  constructor(platform: NodeJS.Platform, options?: ErrorOptions) {
    super(
      'key_protection_unavailable',
      'Vouch cannot protect stored credentials on this system: the operating system offers no way to keep ' +
        "its encryption key (Electron's safeStorage is unavailable), so credentials can be neither stored nor read.",
      unavailableNextStep(platform),
      options,
    );
  }
}

/** Linux offered only `basic_text` (a key built into Chromium) and the user did not accept it. */
export class WeakKeyProtectionRefusedError extends VouchError {
  constructor() {
    super(
      'key_protection_weak_refused',
      'No desktop keyring was found, and the weaker protection Vouch could use instead was not accepted, so ' +
        'credentials can be neither stored nor read.',
      'Install and unlock GNOME Keyring (or another Secret Service provider) or KWallet, then restart Vouch. ' +
        'Or restart Vouch and choose "Use Weaker Protection" when asked.',
    );
  }
}

function unavailableNextStep(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return 'Unlock your login keychain (Keychain Access), then restart Vouch.';
    case 'win32':
      return 'Sign in to Windows with your own user account (not a temporary profile), then restart Vouch.';
    default:
      return (
        'Install and unlock GNOME Keyring (or another Secret Service provider) or KWallet, then restart Vouch. ' +
        'On a headless machine use the CLI or `vouch serve` with VOUCH_MASTER_KEY instead.'
      );
  }
}
