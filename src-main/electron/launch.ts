// `npm start`: checks that the desktop app can run here, builds the renderer and the Electron bundles, then
// runs Electron on this folder and exits with its exit code. Run with tsx (it is itself TypeScript).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDesktopBundles } from './build-desktop.ts';
import { prepareElectronNativeModules } from './electron-natives.ts';
import { desktopPreflight } from './launch-preflight.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const log = (line: string) => process.stderr.write(`npm start: ${line}\n`);

async function launch(): Promise<number> {
  const preflight = desktopPreflight({
    platform: process.platform,
    env: process.env,
    resolveElectron: () => require('electron') as string,
    exists: existsSync,
  });
  if (!preflight.ok) {
    process.stderr.write(`${preflight.message}\n`);
    return 1;
  }

  log('building the renderer');
  const rendererBuild = await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', [
    'run',
    'build:renderer',
  ]);
  if (rendererBuild !== 0) return rendererBuild;
  log('bundling the desktop shell');
  const outDir = await buildDesktopBundles({ root });
  const electronVersion = (
    JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }
  ).version;
  await prepareElectronNativeModules({ root, outDir, electronVersion, log });

  log('starting Electron');
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return run(preflight.electronPath, [root, ...process.argv.slice(2)], env);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.on('error', (error) => {
      log(`${path.basename(command)} failed to start: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

launch().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
