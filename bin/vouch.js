#!/usr/bin/env node
// Launcher for `npx vouch` / the installed bin: runs the compiled CLI in dist/node/ (built by `npm ci` through
// the prepare script, or `npm run build`). In a checkout whose sources changed since that build (a pull, an
// edit), it rebuilds first, so `vouch` never runs code older than the sources beside it.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'dist', 'node');

/** Why dist/node must be (re)built, or null when it is current. */
function staleReason() {
  let info;
  try {
    info = JSON.parse(readFileSync(path.join(distDir, 'build-info.json'), 'utf8'));
  } catch {
    return 'it has not been built yet';
  }
  // An installation without the sources (a package) runs what it shipped.
  if (statSync(path.join(root, 'src-main'), { throwIfNoEntry: false }) === undefined) return null;
  for (const input of info.inputs) {
    const stat = statSync(path.join(root, input), { throwIfNoEntry: false });
    if (stat === undefined) return `${input} is gone`;
    if (stat.mtimeMs > info.startedAt) return `${input} changed`;
  }
  return null;
}

const reason = staleReason();
if (reason !== null) {
  process.stderr.write(`vouch: compiling (${reason}; npm run build does this)…\n`);
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const build = spawnSync(
    process.execPath,
    ['--import', tsx, path.join(root, 'src-main', 'build', 'build.ts')],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (build.status !== 0) {
    process.stderr.write('vouch: the build failed; see above.\n');
    process.exit(1);
  }
}
await import('../dist/node/vouch.mjs');
