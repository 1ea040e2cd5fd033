// What the compiled CLI and lane load: `vouch --version` nothing but commander, `source list` and a lane only
// the store's driver, never the SDKs, exceljs, pdfkit or the zip libraries that take seconds to load (issue 9).
// A static import of one of them anywhere on these paths would bring the seconds back; this catches it.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const tracer = path.join(root, 'test', 'fixtures', 'startup', 'trace-packages.mjs');
const heavy = [
  'exceljs',
  'pdfkit',
  'yazl',
  'yauzl',
  '@okta/okta-sdk-nodejs',
  '@octokit/rest',
  '@octokit/core',
  '@octokit/graphql',
  'undici',
  'marked',
  'drizzle-kit',
  'tsx',
];

let dir: string;
let env: NodeJS.ProcessEnv;

/** The npm packages `node <args>` loaded, after checking it exited 0. */
function packagesLoadedBy(args: string[]): string[] {
  const trace = path.join(dir, `trace-${randomBytes(4).toString('hex')}.txt`);
  writeFileSync(trace, '');
  const result = spawnSync(process.execPath, ['--import', tracer, ...args], {
    env: { ...env, VOUCH_TRACE_PACKAGES: trace },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vouch-startup-'));
  env = {
    ...process.env,
    VOUCH_DATA_DIR: path.join(dir, 'data'),
    VOUCH_MASTER_KEY: randomBytes(32).toString('base64'),
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('compiled start-up', () => {
  it('vouch --version loads commander and nothing else', () => {
    expect(packagesLoadedBy([path.join(root, 'bin', 'vouch.js'), '--version'])).toEqual(['commander']);
  });

  it('vouch source list loads the store, not the SDKs or the export libraries', () => {
    const loaded = packagesLoadedBy([path.join(root, 'bin', 'vouch.js'), 'source', 'list']);
    expect(loaded).toContain('better-sqlite3');
    for (const name of heavy) expect(loaded).not.toContain(name);
  });

  it('a lane with nothing to do opens the store and loads no SDK', () => {
    const loaded = packagesLoadedBy([
      path.join(root, 'dist', 'node', 'lane-main.mjs'),
      'full',
      path.join(dir, 'data'),
    ]);
    expect(loaded).toContain('better-sqlite3');
    for (const name of heavy) expect(loaded).not.toContain(name);
  });
});
