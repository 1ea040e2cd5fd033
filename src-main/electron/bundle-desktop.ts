// `npm run build:desktop`: the Electron bundles into dist/electron/ (see build-desktop.ts), for packaging
// with electron-builder after `npm run build:renderer`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDesktopBundles } from './build-desktop.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
buildDesktopBundles({ root }).then(
  (outDir) => process.stdout.write(`desktop bundles written to ${path.relative(root, outDir)}\n`),
  (error: unknown) => {
    process.stderr.write(`build:desktop failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
