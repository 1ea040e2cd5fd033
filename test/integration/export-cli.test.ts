// `vouch export` as a user runs it: the format from --format or the file name, a clear line on success, a
// warning for partial populations, and usage errors for options that do not apply.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/engine/store/db.ts';
import { runVouch } from '../helpers/cli.ts';
import { writeOktaUsersArtifact } from './export-fixtures.ts';

let dir: string;
let completeId: string;
let partialId: string;
const env = () => ({ VOUCH_DATA_DIR: path.join(dir, 'data') });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-export-cli-'));
  const store = openStore(path.join(dir, 'data'));
  completeId = (await writeOktaUsersArtifact(store, 250)).id;
  partialId = (
    await writeOktaUsersArtifact(store, 20, {
      provenance: { complete: false, partialReason: 'page 3 failed with HTTP 503', syncRunId: 2 },
    })
  ).id;
  store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vouch export', () => {
  it('takes the format from the file name and says what it wrote', async () => {
    const out = path.join(dir, 'users.xlsx');
    const result = await runVouch(['export', completeId, '--out', out], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Wrote 250 rows of ${completeId} (Okta users) to ${out}`);
    expect(result.stdout).toContain('verified against SHA-256');
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it('warns that a partial population is partial', async () => {
    const out = path.join(dir, 'partial.json');
    const result = await runVouch(['export', partialId, '--format', 'json', '--out', out], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('PARTIAL population (page 3 failed with HTTP 503)');
    expect(JSON.parse(readFileSync(out, 'utf8')).provenance.complete).toBe(false);
  });

  it('rejects options that do not apply, before touching anything', async () => {
    const out = path.join(dir, 'users.pdf');
    const bom = await runVouch(['export', completeId, '--format', 'pdf', '--bom', '--out', out], {
      env: env(),
    });
    expect(bom.code).toBe(2);
    expect(bom.stderr).toContain('--bom applies to CSV exports only');
    expect(existsSync(out)).toBe(false);
  });
});
