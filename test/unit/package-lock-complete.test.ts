// `npm ci` refuses a lock file that lacks an optional dependency some locked package declares (npm records
// every platform's native build, e.g. @rollup/rollup-win32-x64-msvc, even on Linux). A lock regenerated
// from a machine's existing node_modules can drop them, and then the README's install fails on a fresh
// machine. This test reads the lock file the way `npm ci` checks it, without the network.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  dev?: boolean;
  optional?: boolean;
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Where npm would resolve `name` from the package installed at `from` (node_modules lookup upwards). */
function resolves(from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return true;
    if (!dir) return false;
    const idx = dir.lastIndexOf('/node_modules/');
    dir = idx === -1 ? '' : dir.slice(0, idx);
  }
}

describe('package-lock.json', () => {
  it('is a v3 lock file whose root matches package.json', () => {
    expect(lock.lockfileVersion).toBe(3);
    const root = lock.packages[''] as LockEntry & { devDependencies?: Record<string, string> };
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
  });

  it("records every locked package's optional dependencies, for every platform", () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!path) continue;
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        if (!resolves(path, name)) missing.push(`${name} (optional dependency of ${path})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
