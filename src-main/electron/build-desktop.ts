// Bundles the desktop shell with esbuild into dist/electron/ (Electron cannot load TypeScript):
//   main.mjs, engine-process.mjs, lane-process.mjs  ESM for Node; npm packages stay external (they ship in
//                                                        node_modules; better-sqlite3 is native, pdfkit reads its
//                                                        own data files)
//   preload.cjs                                          CommonJS, self-contained: a sandboxed preload can require
//                                                        nothing but 'electron'
//   migrations/                                          the SQL migrations, beside the engine bundle, where
//                                                        store/db.ts looks for them (relative to import.meta.url)
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

export interface DesktopBuildOptions {
  /** The repository (or app) root, holding src-main/. */
  root: string;
  /** Default <root>/dist/electron. */
  outDir?: string;
}

/** Entry module (relative to src-main/electron) → bundle name. */
export const nodeEntries = {
  main: 'main.ts',
  'engine-process': 'engine-process-main.ts',
  'lane-process': 'lane-process-main.ts',
} as const;

export async function buildDesktopBundles(options: DesktopBuildOptions): Promise<string> {
  const sourceDir = path.join(options.root, 'src-main', 'electron');
  const outDir = options.outDir ?? path.join(options.root, 'dist', 'electron');
  await mkdir(outDir, { recursive: true });
  await Promise.all(
    ['main.mjs', 'engine-process.mjs', 'lane-process.mjs', 'full-lane-process.mjs', 'preload.cjs'].flatMap(
      (file) => [
        rm(path.join(outDir, file), { force: true }),
        rm(path.join(outDir, `${file}.map`), { force: true }),
      ],
    ),
  );

  await build({
    entryPoints: Object.fromEntries(
      Object.entries(nodeEntries).map(([name, file]) => [name, path.join(sourceDir, file)]),
    ),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Electron 45 runs a Node newer than 22; node22 output runs there unchanged and keeps the bundle
    // loadable by the Node 20+ the CLI supports.
    target: 'node22',
    packages: 'external',
    external: ['electron'],
    sourcemap: 'linked',
    logLevel: 'warning',
  });

  await build({
    entryPoints: { preload: path.join(sourceDir, 'preload.ts') },
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    external: ['electron'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });

  const migrations = path.join(outDir, 'migrations');
  await rm(migrations, { recursive: true, force: true });
  await cp(path.join(options.root, 'src-main', 'engine', 'store', 'migrations'), migrations, {
    recursive: true,
  });
  return outDir;
}
