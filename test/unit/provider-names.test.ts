// Nothing outside a connector's own folder and the registry names a provider: the CLI, the renderer and the
// engine's linking, exports, evidence, bundles, sync and store learn about providers from the connectors'
// declarations. The Okta demo (`vouch demo`) and the generated migration history are the only exceptions.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const scanned = [
  'src-renderer',
  'src-main/cli',
  'src-main/engine/linking',
  'src-main/engine/exports',
  'src-main/engine/evidence',
  'src-main/engine/bundles',
  'src-main/engine/sync',
  'src-main/engine/store',
];
const allowed = new Set(['src-main/cli/commands/demo.ts']);
const allowedDirs = ['src-main/engine/store/migrations/'];
const providerNames = /okta|github/i;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(path.join(root, dir))) {
    const relative = `${dir}/${name}`;
    if (statSync(path.join(root, relative)).isDirectory()) yield* files(relative);
    else yield relative;
  }
}

describe('provider names', () => {
  it('appear nowhere in the CLI, renderer, linking, exports, evidence, bundles, sync or store', () => {
    const found: string[] = [];
    let count = 0;
    for (const dir of scanned) {
      for (const file of files(dir)) {
        count++;
        if (allowed.has(file) || allowedDirs.some((d) => file.startsWith(d))) continue;
        readFileSync(path.join(root, file), 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (providerNames.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    // The scan read real files (a wrong root would pass vacuously).
    expect(count).toBeGreaterThan(50);
    expect(found).toEqual([]);
  });
});
