// Artifact files on disk: temp files of dead writers are cleaned, live ones kept, and a content file that
// exists but no longer holds its content is replaced, not reused.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { artifactsDir, cleanTempFiles } from '../../src-main/engine/evidence/artifact-writer.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';
import { userRows, writeUserArtifact } from '../helpers/artifacts.ts';

let dataDir: string;
let store: Store;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'vouch-artifact-files-'));
  store = openStore(dataDir);
});
afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('removes temp files of writers that are gone and keeps those of live ones', () => {
  const dir = artifactsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  // A pid that existed and has exited: a real child process, waited for.
  const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
  writeFileSync(path.join(dir, `.tmp-p${deadPid}-abc`), 'partial');
  writeFileSync(path.join(dir, `.tmp-p${process.pid}-def`), 'being written');
  writeFileSync(path.join(dir, '.tmp-0b7f1c2e-legacy'), 'old version');
  writeFileSync(path.join(dir, 'keep.jsonl.gz'), 'not a temp file');
  expect(cleanTempFiles(dataDir)).toBe(2);
  expect(readdirSync(dir).sort()).toEqual([`.tmp-p${process.pid}-def`, 'keep.jsonl.gz']);
});

it('replaces a damaged content file instead of reusing it', async () => {
  const rows = userRows(50);
  const first = await writeUserArtifact(store, rows);
  const file = getArtifact(store, first.id).contentPath;
  writeFileSync(file, 'damaged');
  const second = await writeUserArtifact(store, rows);
  expect(second.sha256).toBe(first.sha256);
  let read = 0;
  for await (const _row of readArtifactRows(getArtifact(store, second.id))) read++;
  expect(read).toBe(50);
  expect(readdirSync(artifactsDir(dataDir)).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
});
