// Where Vouch keeps its data: --data-dir, else VOUCH_DATA_DIR, else the same per-user directory Electron's
// app.getPath('userData') uses, so the CLI and the desktop app share one store.
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.VOUCH_DATA_DIR) return path.resolve(env.VOUCH_DATA_DIR);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Vouch');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Vouch');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Vouch');
}
