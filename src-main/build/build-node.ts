// Compiles the command line, its lanes and the engine they share into dist/node/ with esbuild, so `vouch` and
// its lanes start as plain JavaScript instead of transpiling TypeScript through tsx on every start:
//   vouch.mjs            the CLI (bin/vouch.js runs it)
//   lane-main.mjs        every lane kind (`lane-main KIND DATA_DIR MODE`), forked by the CLI, `vouch serve` and
//                        `vouch worker` (lanes/lane-kinds.ts finds it beside the chunk that forks it)
//   chunk-*.mjs          code shared by both, and what commands load on demand (exports, connectors, sim/)
//   migrations/          the SQL migrations, beside the chunks, where store/db.ts looks for them
//   build-info.json      which source files went in, so bin/vouch.js can tell when the build is stale
// npm packages stay external (node_modules): better-sqlite3 is native, pdfkit and exceljs read their own data
// files, and leaving them out keeps each one loaded only by the command that imports it.
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

export interface NodeBuildOptions {
  /** The repository root, holding src-main/. */
  root: string;
  /** Default <root>/dist/node. Must stay two levels below the root: see src-main/engine/install-root.ts. */
  outDir?: string;
}

/** Bundle name → entry module, relative to the root. */
export const nodeEntries = {
  vouch: 'src-main/cli/main.ts',
  // Named after its source: lanes/lane-kinds.ts resolves `./lane-main.ts` from source, `./lane-main.mjs` here.
  'lane-main': 'src-main/engine/lanes/lane-main.ts',
} as const;

/** What bin/vouch.js reads to decide whether dist/node is older than the sources it was built from. */
export interface BuildInfo {
  /** Date.now() when the build started: a source modified after this is newer than the build. */
  startedAt: number;
  /** Source files (relative to the root) the bundles were built from, and the lock file. */
  inputs: string[];
}

/**
 * ES-module packages every command past --help and every lane loads, bundled in: one file loads faster than the
 * hundreds of small modules they ship as. Every other package stays in node_modules.
 */
export const bundledPackages = ['zod', 'drizzle-orm'] as const;

/** Leaves every bare import (an npm package or a Node built-in) external, except the named packages. */
function externalPackagesExcept(bundled: readonly string[]): Plugin {
  return {
    name: 'external-packages',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path.startsWith('@')
          ? args.path.split('/').slice(0, 2).join('/')
          : (args.path.split('/')[0] as string);
        return bundled.includes(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

export async function buildNodeBundles(options: NodeBuildOptions): Promise<string> {
  const startedAt = Date.now();
  const outDir = options.outDir ?? path.join(options.root, 'dist', 'node');
  await mkdir(outDir, { recursive: true });
  // Chunk names carry content hashes: clear the old ones so the folder holds one build.
  for (const file of await readdir(outDir)) {
    if (/\.mjs(\.map)?$/.test(file)) await rm(path.join(outDir, file), { force: true });
  }

  const result = await build({
    absWorkingDir: options.root,
    entryPoints: Object.fromEntries(
      Object.entries(nodeEntries).map(([name, file]) => [name, path.join(options.root, file)]),
    ),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Dynamic imports become chunks loaded on demand; chunks stay in outDir (paths relative to
    // import.meta.url, like the migrations', must not depend on which chunk a module landed in).
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.18',
    plugins: [externalPackagesExcept(bundledPackages)],
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });

  const migrations = path.join(outDir, 'migrations');
  await rm(migrations, { recursive: true, force: true });
  await cp(path.join(options.root, 'src-main', 'engine', 'store', 'migrations'), migrations, {
    recursive: true,
  });

  // Bundled packages count through the lock file (it changes when they do), not file by file.
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  const info: BuildInfo = { startedAt, inputs: [...sources, 'package-lock.json'].sort() };
  await writeFile(path.join(outDir, 'build-info.json'), `${JSON.stringify(info)}\n`);
  return outDir;
}
