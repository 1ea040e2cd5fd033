// Shared by the bundle tests: a real store with real artifacts, and a way to tamper with a zip.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { openEngineCore, type EngineCore } from '../../src-main/engine/engine-core.ts';
import { writeArtifact, type WrittenArtifact } from '../../src-main/engine/evidence/artifact-writer.ts';
import { EnvKeyWrapper } from '../../src-main/engine/secrets/env-key-wrapper.ts';

export const masterKey = randomBytes(32);

export function openCore(dataDir: string): EngineCore {
  return openEngineCore(dataDir, {}, new EnvKeyWrapper(masterKey));
}

export async function writeUsersArtifact(
  core: EngineCore,
  options: { rows?: number; complete?: boolean; startedAt?: string; dataset?: string } = {},
): Promise<WrittenArtifact> {
  const rows = Array.from({ length: options.rows ?? 25 }, (_, i) => ({
    id: `u${String(i).padStart(4, '0')}`,
    email: `user${i}@example.com`,
    status: i % 7 === 0 ? 'SUSPENDED' : 'ACTIVE',
    // A cell a spreadsheet would execute: the CSV rendering neutralizes it, rows.jsonl keeps it verbatim.
    note: i === 3 ? '=HYPERLINK("http://evil")' : null,
  }));
  const complete = options.complete ?? true;
  return writeArtifact(
    core.store,
    {
      source: { id: 'src_1', name: 'okta-prod', kind: 'okta' },
      dataset: options.dataset ?? 'okta.users',
      endpoints: ['GET /api/v1/users'],
      query: { limit: '200' },
      pagesFetched: 1,
      providerReportedCount: null,
      complete,
      partialReason: complete ? null : 'rate limited on page 2',
      collectionStartedAt: options.startedAt ?? '2000-01-01T00:00:00.000Z',
      collectionFinishedAt: options.startedAt ?? '2000-01-01T00:00:01.000Z',
      credentialFingerprint: 'sha256:0123456789abcdef',
      vouchVersion: '0.1.0',
      syncRunId: 1,
      columns: ['id', 'email', 'status', 'note'],
      keyColumns: ['id'],
    },
    [rows],
  );
}

export async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  const files = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of (await zip.openReadStreamPromise(entry)) as AsyncIterable<Buffer>)
        chunks.push(chunk);
      files.set(entry.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return files;
}

/** Writes `files` as a zip, in the given order. */
export async function writeZip(file: string, files: Map<string, Buffer>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of files) zip.addBuffer(content, name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  writeFileSync(file, Buffer.concat(chunks));
}

/** Copies a zip through `mutate`, as someone with a zip tool would. */
export async function tamper(
  source: string,
  target: string,
  mutate: (files: Map<string, Buffer>) => void,
): Promise<string> {
  const files = await readZip(source);
  mutate(files);
  await writeZip(target, files);
  return target;
}
