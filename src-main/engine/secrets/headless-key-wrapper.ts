// Which KeyWrapper the CLI and other headless runs use (the desktop app uses Electron's safeStorage instead).
import { EnvKeyWrapper, MASTER_KEY_ENV } from './env-key-wrapper.ts';
import { FileKeyWrapper } from './file-key-wrapper.ts';
import type { KeyWrapper } from './key-wrapper.ts';

/**
 * VOUCH_MASTER_KEY when it is set (even to something invalid, which is then reported rather than silently
 * ignored), else the master.key file in the data directory.
 */
export function chooseHeadlessKeyWrapper(dataDir: string, env: NodeJS.ProcessEnv = process.env): KeyWrapper {
  return env[MASTER_KEY_ENV] !== undefined ? EnvKeyWrapper.fromEnv(env) : new FileKeyWrapper(dataDir);
}
