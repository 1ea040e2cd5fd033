// Development only (`npm start`): better-sqlite3 in node_modules is built for Node's ABI, which the CLI and
// the tests use; Electron has its own. Rebuilding it in place would break those, so a copy built for
// Electron goes into dist/electron/node_modules/, which Node's resolution finds first from the bundles in
// dist/electron/. Packaged apps do not need this: electron-builder rebuilds the shipped copy (npmRebuild).
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface NativeModulesOptions {
  root: string;
  outDir: string;
  electronVersion: string;
  log(line: string): void;
}

const nativeModules = ['better-sqlite3'] as const;

export async function prepareElectronNativeModules(options: NativeModulesOptions): Promise<void> {
  const stampFile = path.join(options.outDir, 'node_modules', '.vouch-natives.json');
  const wanted = JSON.stringify({
    electron: options.electronVersion,
    modules: await versionsOf(options.root),
  });
  if ((await readFile(stampFile, 'utf8').catch(() => '')) === wanted) return;

  options.log(
    `building ${nativeModules.join(', ')} for Electron ${options.electronVersion} (once per version)`,
  );
  const dependencies: Record<string, string> = {};
  for (const name of nativeModules) {
    const target = path.join(options.outDir, 'node_modules', name);
    await rm(target, { recursive: true, force: true });
    await mkdir(path.dirname(target), { recursive: true });
    await cp(path.join(options.root, 'node_modules', name), target, { recursive: true });
    dependencies[name] = '*';
  }
  // @electron/rebuild walks the dependencies of the package.json at buildPath.
  const manifest = path.join(options.outDir, 'package.json');
  await writeFile(manifest, `${JSON.stringify({ private: true, type: 'module', dependencies }, null, 2)}\n`);
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: options.outDir,
    electronVersion: options.electronVersion,
    onlyModules: [...nativeModules],
    force: true,
  });
  await writeFile(stampFile, wanted);
}

async function versionsOf(root: string): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const name of nativeModules) {
    const manifest = JSON.parse(
      await readFile(path.join(root, 'node_modules', name, 'package.json'), 'utf8'),
    ) as {
      version: string;
    };
    versions[name] = manifest.version;
  }
  return versions;
}
