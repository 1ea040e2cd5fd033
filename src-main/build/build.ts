// `npm run build` (and `npm ci`, through the prepare script): compiles the CLI and its lanes into dist/node/.
// See build-node.ts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNodeBundles } from './build-node.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
buildNodeBundles({ root }).then(
  (outDir) => process.stdout.write(`vouch compiled into ${path.relative(root, outDir)}\n`),
  (error: unknown) => {
    process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
