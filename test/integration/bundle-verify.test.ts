// Evidence bundles end to end: a real store and real artifacts in, a signed zip out, and `verifyBundle`
// catching every way the zip can be tampered with afterwards, offline.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib, { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src-main/engine/audit/audit-log.ts';
import { auditEntrySchema } from '../../src-main/engine/audit/audit-chain.ts';
import { bundleManifestSchema, type BundleManifest } from '../../src-main/engine/bundles/bundle-manifest.ts';
import {
  BundleArtifactCorruptedError,
  createBundle,
  type BundleResult,
} from '../../src-main/engine/bundles/create-bundle.ts';
import { verifyBundle, type BundleVerification } from '../../src-main/engine/bundles/verify-bundle.ts';
import type { EngineCore } from '../../src-main/engine/engine-core.ts';
import { getArtifact } from '../../src-main/engine/evidence/artifact-reader.ts';
import { publicKeyFingerprint } from '../../src-main/engine/signing/ed25519.ts';
import { getSigningKey } from '../../src-main/engine/signing/signing-key.ts';
import { openCore, readZip, tamper, writeUsersArtifact, writeZip } from './bundle-fixtures.ts';

let dir: string;
let core: EngineCore;
let bundle: BundleResult;
let bundlePath: string;
let complete: string;
let partial: string;
let signer: string;

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const kinds = (result: BundleVerification) => result.problems.map((p) => p.kind);
const manifestOf = (files: Map<string, Buffer>): BundleManifest =>
  bundleManifestSchema.parse(JSON.parse((files.get('manifest.json') as Buffer).toString('utf8')));
let counter = 0;
const tampered = (mutate: (files: Map<string, Buffer>) => void) =>
  tamper(bundlePath, path.join(dir, `tampered-${++counter}.zip`), mutate);

/** Rewrites the manifest and signs it with `privateKey`, as someone holding (some) signing key would. */
function resign(files: Map<string, Buffer>, manifest: BundleManifest, privateKeyPem: string): void {
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  files.set('manifest.json', bytes);
  files.set('manifest.sig', Buffer.from(sign(null, bytes, privateKeyPem).toString('base64')));
}

function setFile(files: Map<string, Buffer>, manifest: BundleManifest, name: string, content: Buffer): void {
  files.set(name, content);
  const entry = manifest.files.find((f) => f.path === name);
  if (!entry) throw new Error(`${name} is not in the manifest`);
  entry.sha256 = sha256(content);
  entry.size = content.length;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-bundle-'));
  core = openCore(path.join(dir, 'data'));
  // Before the collection window: not part of the bundle's audit segment.
  appendAudit(
    core.store,
    { actor: 'cli:test', action: 'source_added', subject: 'okta-prod', details: { kind: 'okta' } },
    () => new Date('1999-12-31T00:00:00.000Z'),
  );
  complete = (await writeUsersArtifact(core, { rows: 40 })).id;
  partial = (await writeUsersArtifact(core, { rows: 7, complete: false, dataset: 'okta.groups' })).id;
  for (const [action, subject] of [
    ['connection_tested', 'okta-prod'],
    ['sync_completed', 'okta-prod'],
    ['artifact_exported', complete],
  ] as const) {
    appendAudit(core.store, { actor: 'cli:test', action, subject, details: { status: 'complete' } });
  }
  signer = getSigningKey(core).fingerprint;
  bundlePath = path.join(dir, 'out', 'evidence.zip');
  bundle = await createBundle(core, {
    artifactIds: [complete, partial, complete],
    formats: ['csv', 'json'],
    outPath: bundlePath,
    actor: 'cli:test',
  });
});

afterAll(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createBundle', () => {
  it('writes the documented layout, every file hashed in the signed manifest', async () => {
    const files = await readZip(bundlePath);
    const folder = (id: string, kind: string) => `artifacts/${id}-${kind}`;
    expect([...files.keys()].sort()).toEqual(
      [
        'README.txt',
        'audit-log.jsonl',
        'manifest.json',
        'manifest.sig',
        'signer.pub',
        ...[
          [complete, 'okta.users'],
          [partial, 'okta.groups'],
        ].flatMap(([id, kind]) => [
          `${folder(id as string, kind as string)}/${kind}.csv`,
          `${folder(id as string, kind as string)}/${kind}.json`,
          `${folder(id as string, kind as string)}/provenance.json`,
          `${folder(id as string, kind as string)}/rows.jsonl`,
        ]),
      ].sort(),
    );
    const manifest = manifestOf(files);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(
      [...files.keys()].filter((name) => !name.startsWith('manifest.')).sort(),
    );
    for (const file of manifest.files) {
      expect(sha256(files.get(file.path) as Buffer)).toBe(file.sha256);
      expect((files.get(file.path) as Buffer).length).toBe(file.size);
    }
    expect(manifest.signer.fingerprint).toBe(signer);
    expect(publicKeyFingerprint((files.get('signer.pub') as Buffer).toString())).toBe(signer);
    expect(files.get('README.txt')?.toString()).toContain('vouch verify');
    expect(bundle.sha256).toBe(sha256((await import('node:fs')).readFileSync(bundlePath)));
  });

  it('carries rows.jsonl whose SHA-256 is the artifact hash, and the provenance', async () => {
    const files = await readZip(bundlePath);
    const manifest = manifestOf(files);
    for (const id of [complete, partial]) {
      const stored = getArtifact(core.store, id);
      const entry = manifest.artifacts.find((a) => a.id === id);
      expect(entry?.sha256).toBe(stored.sha256);
      const rows = files.get(entry?.rowsFile as string) as Buffer;
      expect(sha256(rows)).toBe(stored.sha256);
      expect(rows.toString().trimEnd().split('\n')).toHaveLength(stored.rowCount);
      expect(JSON.parse((files.get(entry?.provenanceFile as string) as Buffer).toString())).toEqual(
        stored.provenance,
      );
    }
    expect(manifest.artifacts.map((a) => [a.id, a.complete])).toEqual([
      [complete, true],
      [partial, false],
    ]);
    const csv = (files.get(`artifacts/${complete}-okta.users/okta.users.csv`) as Buffer).toString();
    expect(csv).toContain(`'=HYPERLINK`);
  });

  it('includes the audit entries of the collection period with the hashes that chain them', async () => {
    const files = await readZip(bundlePath);
    const manifest = manifestOf(files);
    const lines = (files.get('audit-log.jsonl') as Buffer).toString().trimEnd().split('\n');
    const entries = lines.map((line) => auditEntrySchema.parse(JSON.parse(line)));
    expect(entries.map((e) => e.action)).toEqual([
      'connection_tested',
      'sync_completed',
      'artifact_exported',
    ]);
    expect(manifest.auditLog).toMatchObject({
      entries: 3,
      firstSeq: 2,
      lastSeq: 4,
      headHash: entries[2]?.hash,
    });
    // Anchored on the entry before the window, which the bundle does not carry.
    expect(manifest.auditLog.anchorHash).toBe(entries[0]?.prevHash);
    expect(manifest.auditLog.anchorHash).not.toBe('0'.repeat(64));
  });

  it('records the bundle in the audit log', () => {
    const last = core.store.sqlite
      .prepare('SELECT action, subject, details FROM audit_log ORDER BY seq DESC LIMIT 1')
      .get() as { action: string; subject: string; details: string };
    expect(last.action).toBe('bundle_created');
    expect(last.subject).toBe(bundlePath);
    expect(JSON.parse(last.details)).toMatchObject({
      bundleSha256: bundle.sha256,
      signerFingerprint: signer,
    });
  });

  it('refuses a corrupted artifact and leaves no zip behind', async () => {
    const victim = await writeUsersArtifact(core, { rows: 3, dataset: 'okta.apps' });
    const stored = getArtifact(core.store, victim.id);
    writeFileSync(stored.contentPath, gzipSync('{"id":"forged"}\n'));
    const out = path.join(dir, 'refused', 'x.zip');
    const error = await createBundle(core, {
      artifactIds: [complete, victim.id],
      formats: ['csv'],
      outPath: out,
      actor: 'cli:test',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleArtifactCorruptedError);
    expect((error as Error).message).toContain(victim.id);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(path.dirname(out))).toEqual([]);
  });

  it('renders xlsx and pdf when asked', async () => {
    const out = path.join(dir, 'all-formats.zip');
    await createBundle(core, {
      artifactIds: [partial],
      formats: ['xlsx', 'pdf'],
      outPath: out,
      actor: 'cli:test',
    });
    const names = [...(await readZip(out)).keys()];
    expect(names).toContain(`artifacts/${partial}-okta.groups/okta.groups.xlsx`);
    expect(names).toContain(`artifacts/${partial}-okta.groups/okta.groups.pdf`);
    expect((await verifyBundle(out, { expectedSigner: signer })).ok).toBe(true);
  });
});

describe('verifyBundle', () => {
  it('accepts the intact bundle and summarizes it', async () => {
    const result = await verifyBundle(bundlePath, { expectedSigner: signer });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.verdict).toBe('verified');
    expect(result.signer).toEqual({
      fingerprint: signer,
      signatureValid: true,
      expected: signer,
      trusted: true,
      trustedBy: 'expected_signer',
    });
    expect(result.artifacts.map((a) => [a.id, a.rowCount, a.complete])).toEqual([
      [complete, 40, true],
      [partial, 7, false],
    ]);
    expect(result.artifacts[1]?.partialReason).toBe('rate limited on page 2');
    expect(result.totalRows).toBe(47);
    expect(result.auditLog).toEqual({ entries: 3, firstSeq: 2, lastSeq: 4, intact: true });
  });

  it('accepts the signer fingerprint as a person types it', async () => {
    const bare = signer.replace('ed25519:', '').toUpperCase();
    expect((await verifyBundle(bundlePath, { expectedSigner: ` ${bare} ` })).ok).toBe(true);
  });

  it('verifies on another machine: a copy of the zip alone, no data directory', async () => {
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'vouch-auditor-'));
    try {
      const copy = path.join(elsewhere, 'received.zip');
      copyFileSync(bundlePath, copy);
      const result = await verifyBundle(copy, { expectedSigner: signer });
      expect(result.ok).toBe(true);
      expect(readdirSync(elsewhere)).toEqual(['received.zip']);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('catches an edited rendering', async () => {
    const name = `artifacts/${complete}-okta.users/okta.users.csv`;
    const file = await tampered((files) => {
      files.set(name, Buffer.from((files.get(name) as Buffer).toString().replace('user1@', 'user9@')));
    });
    const result = await verifyBundle(file);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'file_altered', path: name })]);
  });

  it('catches edited rows, also against the artifact hash', async () => {
    const name = `artifacts/${partial}-okta.groups/rows.jsonl`;
    const file = await tampered((files) => {
      files.set(name, Buffer.from((files.get(name) as Buffer).toString().replace('SUSPENDED', 'ACTIVE')));
    });
    const result = await verifyBundle(file);
    expect(kinds(result).sort()).toEqual(['file_altered', 'rows_mismatch']);
    expect(result.problems.every((p) => p.path === name)).toBe(true);
  });

  it('catches rows.jsonl replaced consistently in the manifest but not matching the artifact hash', async () => {
    // Someone with the signing key cannot make different rows match the artifact's recorded hash.
    const key = generateKeyPairSync('ed25519');
    const name = `artifacts/${complete}-okta.users/rows.jsonl`;
    const file = await tampered((files) => {
      const manifest = manifestOf(files);
      setFile(files, manifest, name, Buffer.from('{"id":"u0000"}\n'));
      const pub = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      setFile(files, manifest, 'signer.pub', Buffer.from(pub));
      manifest.signer.fingerprint = publicKeyFingerprint(pub);
      resign(files, manifest, key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    });
    const result = await verifyBundle(file);
    expect(kinds(result)).toEqual(['rows_mismatch']);
  });

  it('catches a removed file', async () => {
    const name = `artifacts/${complete}-okta.users/provenance.json`;
    const file = await tampered((files) => files.delete(name));
    const result = await verifyBundle(file);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'file_missing', path: name })]);
  });

  it('catches an added file', async () => {
    const name = `artifacts/${complete}-okta.users/extra-users.csv`;
    const file = await tampered((files) => files.set(name, Buffer.from('id\nintruder\n')));
    const result = await verifyBundle(file);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'file_added', path: name })]);
  });

  it('catches an edited manifest', async () => {
    const file = await tampered((files) => {
      const text = (files.get('manifest.json') as Buffer).toString();
      files.set('manifest.json', Buffer.from(text.replace('"complete": false', '"complete": true')));
    });
    const result = await verifyBundle(file);
    expect(kinds(result)).toEqual(['signature_invalid']);
  });

  it('catches a replaced or missing signature', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const replaced = await tampered((files) => {
      files.set(
        'manifest.sig',
        Buffer.from(sign(null, files.get('manifest.json') as Buffer, other).toString('base64')),
      );
    });
    expect(kinds(await verifyBundle(replaced))).toEqual(['signature_invalid']);
    const garbage = await tampered((files) => files.set('manifest.sig', Buffer.from('not base64 at all!')));
    expect(kinds(await verifyBundle(garbage))).toEqual(['signature_invalid']);
    const missing = await tampered((files) => files.delete('manifest.sig'));
    expect(kinds(await verifyBundle(missing))).toEqual(['signature_missing']);
  });

  it('catches a bundle re-signed with another key when the signer is pinned', async () => {
    const key = generateKeyPairSync('ed25519');
    const pub = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const file = await tampered((files) => {
      const manifest = manifestOf(files);
      const groups = manifest.artifacts.find((a) => a.id === partial);
      if (groups) groups.complete = true; // the forger's goal: a partial population passed off as complete
      setFile(files, manifest, 'signer.pub', Buffer.from(pub));
      manifest.signer.fingerprint = publicKeyFingerprint(pub);
      resign(files, manifest, key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    });
    // Self-consistent, so it is never "verified" unless its signer is trusted: intact, signer not trusted.
    const unpinned = await verifyBundle(file);
    expect(unpinned.ok).toBe(false);
    expect(unpinned.verdict).toBe('signer_not_trusted');
    expect(unpinned.problems).toEqual([]);
    expect(unpinned.signer).toMatchObject({ fingerprint: publicKeyFingerprint(pub), trusted: false });
    // The trusted-signers list holds the client's key, not the forger's.
    const listed = await verifyBundle(file, { trustedSigners: [signer] });
    expect(listed.verdict).toBe('signer_not_trusted');
    expect((await verifyBundle(bundlePath, { trustedSigners: [signer] })).verdict).toBe('verified');
    const pinned = await verifyBundle(file, { expectedSigner: signer });
    expect(pinned.ok).toBe(false);
    expect(pinned.problems).toEqual([expect.objectContaining({ kind: 'unexpected_signer' })]);
    expect(pinned.problems[0]?.message).toContain(signer);
  });

  it('catches a signer.pub swapped without re-signing', async () => {
    const pub = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const file = await tampered((files) => files.set('signer.pub', Buffer.from(pub)));
    const result = await verifyBundle(file, { expectedSigner: signer });
    // Verification stops at the failed signature: the manifest's hashes prove nothing after that.
    expect(kinds(result).sort()).toEqual(['signature_invalid', 'signer_key_mismatch', 'unexpected_signer']);
    expect(result.filesChecked).toBe(false);
  });

  it('catches a broken audit chain even in a consistently re-signed bundle', async () => {
    const file = await tampered((files) => {
      const manifest = manifestOf(files);
      const lines = (files.get('audit-log.jsonl') as Buffer).toString().trimEnd().split('\n');
      lines.splice(1, 1); // drop the sync_completed entry
      setFile(files, manifest, 'audit-log.jsonl', Buffer.from(`${lines.join('\n')}\n`));
      manifest.auditLog.entries = 2;
      resign(files, manifest, privateKeyOfInstallation());
    });
    const result = await verifyBundle(file, { expectedSigner: signer });
    expect(kinds(result).sort()).toEqual(['audit_chain_broken', 'audit_chain_broken']);
    expect(result.auditLog?.intact).toBe(false);
  });

  it('catches an audit segment that differs from what the manifest declares', async () => {
    const file = await tampered((files) => {
      const manifest = manifestOf(files);
      const lines = (files.get('audit-log.jsonl') as Buffer).toString().trimEnd().split('\n');
      setFile(files, manifest, 'audit-log.jsonl', Buffer.from(`${lines.slice(0, 2).join('\n')}\n`));
      resign(files, manifest, privateKeyOfInstallation());
    });
    const result = await verifyBundle(file);
    expect(kinds(result)).toEqual(['audit_segment_mismatch']);
  });

  it('rejects zip-slip paths without extracting anything', async () => {
    const files = await readZip(bundlePath);
    files.set('zz/evil.txt', Buffer.from('x'));
    const file = path.join(dir, 'slip.zip');
    await writeZip(file, files);
    const raw = (await import('node:fs')).readFileSync(file);
    writeFileSync(
      file,
      Buffer.from(raw.toString('latin1').replaceAll('zz/evil.txt', '../evil.txt'), 'latin1'),
    );
    const result = await verifyBundle(file);
    expect(result.ok).toBe(false);
    expect(kinds(result)).toContain('unsafe_entry');
    expect(existsSync(path.join(dir, 'evil.txt'))).toBe(false);
  });

  it('reports a file that is not a zip, or not a bundle', async () => {
    const notZip = path.join(dir, 'not.zip');
    writeFileSync(notZip, 'hello');
    expect(kinds(await verifyBundle(notZip))).toEqual(['zip_unreadable']);
    expect(kinds(await verifyBundle(path.join(dir, 'absent.zip')))).toEqual(['zip_unreadable']);
    const noManifest = await tampered((files) => files.delete('manifest.json'));
    expect(kinds(await verifyBundle(noManifest))).toEqual(['manifest_missing']);
    const badManifest = await tampered((files) =>
      files.set('manifest.json', Buffer.from('{"format":"other"}')),
    );
    expect(kinds(await verifyBundle(badManifest))).toEqual(['manifest_invalid']);
  });
});

function privateKeyOfInstallation(): string {
  // What an insider with the data directory and master key could do; the chain still gives them away.
  const sealed = core.store.sqlite
    .prepare("SELECT value FROM settings WHERE key = 'signing.private_key_sealed'")
    .get() as { value: string };
  return core.vault.open('installation', 'signing_key', JSON.parse(sealed.value));
}

/** A zip assembled byte by byte, as a hostile tool would: stored entries at chosen offsets. */
interface RawEntry {
  name: string;
  /** Where its local header starts. */
  offset: number;
  data: Buffer;
  /** What the central directory claims uncompressed (the data's length unless a lie is wanted). */
  claimedSize?: number;
  /** The name written in the local header, when it should disagree with the central directory. */
  localName?: string;
  /** 0 stored (the default), 8 deflated. */
  method?: number;
}

function localHeader(entry: RawEntry): Buffer {
  const name = Buffer.from(entry.localName ?? entry.name);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(entry.method ?? 0, 8);
  header.writeUInt32LE(zlib.crc32(entry.data), 14);
  header.writeUInt32LE(entry.data.length, 18);
  header.writeUInt32LE(entry.claimedSize ?? entry.data.length, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name]);
}

function rawZip(body: Buffer, entries: RawEntry[]): Buffer {
  const central = entries.map((entry) => {
    const name = Buffer.from(entry.name);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(entry.method ?? 0, 10);
    record.writeUInt32LE(zlib.crc32(entry.data), 16);
    record.writeUInt32LE(entry.data.length, 20);
    record.writeUInt32LE(entry.claimedSize ?? entry.data.length, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(entry.offset, 42);
    return Buffer.concat([record, name]);
  });
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(body.length, 16);
  return Buffer.concat([body, directory, end]);
}

describe('verifyBundle against hostile zip layouts', () => {
  it('rejects entries that share bytes before inflating any of them', async () => {
    // The inner entry's header and data sit inside the outer entry's data: the overlap a zip bomb is made of.
    const inner: RawEntry = { name: 'manifest.sig', offset: 0, data: Buffer.from('x'.repeat(64)) };
    const innerBytes = Buffer.concat([localHeader(inner), inner.data]);
    const outer: RawEntry = { name: 'manifest.json', offset: 0, data: innerBytes };
    const outerHeader = localHeader(outer);
    inner.offset = outerHeader.length;
    const file = path.join(dir, 'overlap.zip');
    writeFileSync(file, rawZip(Buffer.concat([outerHeader, innerBytes]), [outer, inner]));
    const result = await verifyBundle(file);
    expect(kinds(result)).toEqual(['zip_overlapping_entries']);
    expect(result.verdict).toBe('failed');
    expect(result.filesChecked).toBe(false);
  });

  it('rejects a local header that disagrees with the central directory', async () => {
    const entry: RawEntry = {
      name: 'manifest.json',
      localName: 'manifest.jsoN',
      offset: 0,
      data: Buffer.from('{}'),
    };
    const file = path.join(dir, 'inconsistent.zip');
    writeFileSync(file, rawZip(Buffer.concat([localHeader(entry), entry.data]), [entry]));
    expect(kinds(await verifyBundle(file))).toEqual(['zip_inconsistent_header']);
  });

  it('refuses entries claiming far more than the zip could hold, without reading them', async () => {
    const entry: RawEntry = {
      name: 'manifest.json',
      offset: 0,
      data: zlib.deflateRawSync('{}'),
      method: 8,
      claimedSize: 2 ** 31,
    };
    const file = path.join(dir, 'claims.zip');
    writeFileSync(file, rawZip(Buffer.concat([localHeader(entry), entry.data]), [entry]));
    const result = await verifyBundle(file);
    expect(kinds(result), JSON.stringify(result.problems)).toEqual(['zip_too_large']);
    expect(result.problems[0]?.message).toContain('2147483648 bytes');
  });
});
