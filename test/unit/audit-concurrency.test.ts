// Appends from several processes at once still form one unbroken chain (IMMEDIATE transactions).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAuditLog } from '../../src-main/engine/audit/audit-log.ts';
import { openStore } from '../../src-main/engine/store/db.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-audit-procs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const modules = {
  db: fileURLToPath(new URL('../../src-main/engine/store/db.ts', import.meta.url)),
  audit: fileURLToPath(new URL('../../src-main/engine/audit/audit-log.ts', import.meta.url)),
};

function run(script: string, args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

it('keeps one chain when four processes append concurrently', async () => {
  const dataDir = path.join(dir, 'data');
  openStore(dataDir).close(); // migrate once, before the race
  const script = path.join(dir, 'append.ts');
  writeFileSync(
    script,
    `import { openStore } from ${JSON.stringify(modules.db)};
import { appendAudit } from ${JSON.stringify(modules.audit)};
const store = openStore(process.argv[2]);
for (let i = 0; i < 50; i++) {
  appendAudit(store, { actor: 'cli:p' + process.argv[3], action: 'connection_tested', subject: String(i), details: { i } });
}
store.close();
`,
  );
  const codes = await Promise.all(['1', '2', '3', '4'].map((n) => run(script, [dataDir, n])));
  expect(codes).toEqual([0, 0, 0, 0]);
  const store = openStore(dataDir);
  try {
    expect(verifyAuditLog(store)).toMatchObject({ ok: true, entries: 200, lastSeq: 200 });
  } finally {
    store.close();
  }
}, 60_000);
