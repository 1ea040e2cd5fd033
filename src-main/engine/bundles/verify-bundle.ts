// Verifies an evidence bundle offline: no data directory, no store, only the zip. The zip is untrusted input:
// entry names are checked before use, the zip's layout is checked before any entry is inflated (no entries
// overlapping, local headers agreeing with the central directory, a bounded total size relative to the
// file), nothing is extracted to disk, and every file is hashed as a stream. Once the signature fails nothing
// else is read: the manifest's hashes prove nothing then. Every problem found up to there is reported.
//
// Integrity is not trust: a bundle re-signed with a new key is self-consistent. Only a signer the verifier
// trusts (pinned with --signer, or in the trusted-signers list) makes the verdict "verified".
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AuditChainVerifier, auditEntrySchema, type AuditChainResult } from '../audit/audit-chain.ts';
import { normalizeFingerprint, publicKeyFingerprint, verifyEd25519 } from '../signing/ed25519.ts';
import {
  bundleManifestSchema,
  isSafeBundlePath,
  MANIFEST_PATH,
  SIGNATURE_PATH,
  type BundleManifest,
} from './bundle-manifest.ts';

export type BundleProblemKind =
  | 'zip_unreadable'
  | 'zip_overlapping_entries'
  | 'zip_inconsistent_header'
  | 'zip_too_large'
  | 'unsafe_entry'
  | 'duplicate_entry'
  | 'entry_too_large'
  | 'entry_unreadable'
  | 'manifest_missing'
  | 'manifest_invalid'
  | 'signature_missing'
  | 'signature_invalid'
  | 'signer_key_missing'
  | 'signer_key_invalid'
  | 'signer_key_mismatch'
  | 'unexpected_signer'
  | 'file_missing'
  | 'file_altered'
  | 'file_added'
  | 'rows_mismatch'
  | 'row_count_mismatch'
  | 'audit_chain_broken'
  | 'audit_segment_mismatch'
  | 'too_many_problems';

export interface BundleProblem {
  kind: BundleProblemKind;
  /** The file inside the bundle the problem is about, when there is one. */
  path: string | null;
  message: string;
}

export interface VerifiedArtifact {
  id: string;
  kind: string;
  source: string;
  rowCount: number;
  complete: boolean;
  partialReason: string | null;
  sha256: string;
}

/**
 * verified: intact, and signed by a trusted key. signer_not_trusted: intact and validly signed, but by a key
 * that was neither pinned nor trusted, so anyone could have made it. failed: a problem was found.
 */
export type BundleVerdict = 'verified' | 'signer_not_trusted' | 'failed';

export interface BundleVerification {
  /** True only for the verdict "verified": a script reading `ok` never mistakes an unknown signer for trust. */
  ok: boolean;
  verdict: BundleVerdict;
  /** The claims of the manifest (trustworthy only when ok). */
  createdAt: string | null;
  vouchVersion: string | null;
  signer: {
    /** The fingerprint of the key in signer.pub (what actually verified the signature). */
    fingerprint: string | null;
    signatureValid: boolean;
    /** The fingerprint required with --signer, normalized; null when none was required. */
    expected: string | null;
    /** The signature verified with a key the verifier trusts (pinned or in its trusted-signers list). */
    trusted: boolean;
    /** How the signer came to be trusted. */
    trustedBy: 'expected_signer' | 'trusted_signers' | null;
  };
  /** False when verification stopped before the files were hashed (a broken zip or signature). */
  filesChecked: boolean;
  artifacts: VerifiedArtifact[];
  totalRows: number;
  auditLog: { entries: number; firstSeq: number | null; lastSeq: number | null; intact: boolean } | null;
  /** Files checked against the manifest (manifest.json and manifest.sig not counted). */
  files: number;
  problems: BundleProblem[];
}

export interface VerifyBundleOptions {
  /** Fail unless the bundle is signed by the key with this fingerprint (`ed25519:...`). */
  expectedSigner?: string;
  /** Fingerprints the verifier trusts (normalized); used when no expectedSigner is given. */
  trustedSigners?: readonly string[];
}

const limits = {
  entries: 100_000,
  manifestBytes: 64 * 1024 * 1024,
  signatureBytes: 1024,
  publicKeyBytes: 16 * 1024,
  /** Per file; a real artifact rendering is far below this, a zip bomb's claimed size is not. */
  entryBytes: 64 * 1024 * 1024 * 1024,
  auditLineBytes: 1024 * 1024,
  problems: 500,
  /**
   * The entries together may claim at most this many times the zip's size, uncompressed. Bundle contents
   * (JSON lines, CSV, already-compressed XLSX and PDF) deflate far less than 100:1; a zip bomb's do not.
   */
  expansionRatio: 100,
  /** ...but small bundles may always expand this far. */
  minUncompressedBytes: 256 * 1024 * 1024,
};

class ProblemList {
  readonly items: BundleProblem[] = [];
  #dropped = 0;

  add(kind: BundleProblemKind, path: string | null, message: string): void {
    if (this.items.length < limits.problems) this.items.push({ kind, path, message });
    else this.#dropped++;
  }

  finish(): BundleProblem[] {
    if (this.#dropped === 0) return this.items;
    return [
      ...this.items,
      { kind: 'too_many_problems', path: null, message: `${this.#dropped} more problems.` },
    ];
  }
}

export async function verifyBundle(
  zipPath: string,
  options: VerifyBundleOptions = {},
): Promise<BundleVerification> {
  const problems = new ProblemList();
  const expected = options.expectedSigner === undefined ? null : normalizeFingerprint(options.expectedSigner);
  const trustedSigners = new Set((options.trustedSigners ?? []).map(normalizeFingerprint));
  const verification: BundleVerification = {
    ok: false,
    verdict: 'failed',
    createdAt: null,
    vouchVersion: null,
    signer: { fingerprint: null, signatureValid: false, expected, trusted: false, trustedBy: null },
    filesChecked: false,
    artifacts: [],
    totalRows: 0,
    auditLog: null,
    files: 0,
    problems: [],
  };
  const finish = (): BundleVerification => {
    verification.problems = problems.finish();
    const { signer } = verification;
    if (signer.signatureValid && signer.fingerprint !== null) {
      if (expected !== null) signer.trustedBy = signer.fingerprint === expected ? 'expected_signer' : null;
      else if (trustedSigners.has(signer.fingerprint)) signer.trustedBy = 'trusted_signers';
      signer.trusted = signer.trustedBy !== null;
    }
    verification.verdict =
      verification.problems.length > 0 ? 'failed' : signer.trusted ? 'verified' : 'signer_not_trusted';
    verification.ok = verification.verdict === 'verified';
    return verification;
  };

  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: true,
      validateEntrySizes: true,
      strictFileNames: true,
    });
  } catch (error) {
    problems.add(
      'zip_unreadable',
      null,
      `${zipPath} is not a readable zip file: ${(error as Error).message}.`,
    );
    return finish();
  }
  try {
    const entries = await listEntries(zip, problems);
    if (entries === null) return finish();
    if (!(await checkLayout(zip, [...entries.values()], problems))) return finish();
    await checkBundle(zip, entries, verification, expected, problems);
    return finish();
  } finally {
    zip.close();
  }
}

const dataDescriptorFlag = 0x8;
const zip64Marker = 0xffffffff;

/**
 * The zip's layout, before any entry is inflated: the claimed sizes add up to a bounded multiple of the file,
 * every local header agrees with its central directory record, and no two entries share bytes (overlapping
 * entries are how a small zip claims gigabytes). False, with the problem, when it is not a zip Vouch wrote.
 */
async function checkLayout(zip: ZipFile, entries: Entry[], problems: ProblemList): Promise<boolean> {
  const claimed = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  const cap = Math.max(limits.minUncompressedBytes, zip.fileSize * limits.expansionRatio);
  if (claimed > cap) {
    problems.add(
      'zip_too_large',
      null,
      `The zip's entries claim ${claimed} bytes uncompressed, more than ${limits.expansionRatio} times the ` +
        `zip's ${zip.fileSize} bytes: not read.`,
    );
    return false;
  }
  const spans: { start: number; end: number; name: string }[] = [];
  for (const entry of entries) {
    const name = entry.fileName;
    let local: Awaited<ReturnType<ZipFile['readLocalFileHeaderPromise']>>;
    try {
      local = await zip.readLocalFileHeaderPromise(entry, { minimal: false });
    } catch (error) {
      problems.add(
        'zip_inconsistent_header',
        name,
        `${name} has no valid local header: ${(error as Error).message}.`,
      );
      return false;
    }
    const differences: string[] = [];
    if (!local.fileName.equals(entry.fileNameRaw)) differences.push('file name');
    if (local.compressionMethod !== entry.compressionMethod) differences.push('compression method');
    if ((local.generalPurposeBitFlag & dataDescriptorFlag) === 0) {
      if (local.crc32 !== entry.crc32) differences.push('CRC-32');
      if (local.compressedSize !== zip64Marker && local.compressedSize !== entry.compressedSize)
        differences.push('compressed size');
      if (local.uncompressedSize !== zip64Marker && local.uncompressedSize !== entry.uncompressedSize)
        differences.push('uncompressed size');
    }
    if (differences.length > 0) {
      problems.add(
        'zip_inconsistent_header',
        name,
        `${name}: the local header and the central directory disagree (${differences.join(', ')}).`,
      );
      return false;
    }
    spans.push({
      start: entry.relativeOffsetOfLocalHeader,
      end: local.fileDataStart + entry.compressedSize,
      name,
    });
  }
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    const previous = spans[i - 1] as (typeof spans)[number];
    const current = spans[i] as (typeof spans)[number];
    if (current.start < previous.end) {
      problems.add(
        'zip_overlapping_entries',
        current.name,
        `${current.name} overlaps ${previous.name} in the zip: entries sharing bytes are a zip bomb, not a bundle.`,
      );
      return false;
    }
  }
  return true;
}

/** The file entries by name, or null when the zip is too broken or too hostile to go on. */
async function listEntries(zip: ZipFile, problems: ProblemList): Promise<Map<string, Entry> | null> {
  if (zip.entryCount > limits.entries) {
    problems.add(
      'zip_unreadable',
      null,
      `The zip has ${zip.entryCount} entries; a bundle never has that many.`,
    );
    return null;
  }
  const entries = new Map<string, Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (name.endsWith('/') && entry.uncompressedSize === 0) continue; // a directory, added by some zip tools
      if (!isSafeBundlePath(name)) {
        problems.add('unsafe_entry', null, `The zip contains an unsafe path ${JSON.stringify(name)}.`);
        continue;
      }
      if (entries.has(name)) {
        problems.add('duplicate_entry', name, `${name} appears more than once in the zip.`);
        continue;
      }
      entries.set(name, entry);
    }
  } catch (error) {
    const message = (error as Error).message;
    const unsafe = /path|fileName/i.test(message);
    problems.add(
      unsafe ? 'unsafe_entry' : 'zip_unreadable',
      null,
      unsafe ? `The zip contains an unsafe entry (${message}).` : `The zip is damaged: ${message}.`,
    );
    return null;
  }
  return entries;
}

async function checkBundle(
  zip: ZipFile,
  entries: Map<string, Entry>,
  verification: BundleVerification,
  expectedSigner: string | null,
  problems: ProblemList,
): Promise<void> {
  const manifestEntry = entries.get(MANIFEST_PATH);
  if (manifestEntry === undefined) {
    problems.add('manifest_missing', MANIFEST_PATH, 'manifest.json is missing: this is not a Vouch bundle.');
    return;
  }
  const manifestBytes = await readSmall(zip, manifestEntry, limits.manifestBytes, problems);
  if (manifestBytes === null) return;
  const manifest = parseManifest(manifestBytes, problems);
  if (manifest === null) return;
  verification.createdAt = manifest.createdAt;
  verification.vouchVersion = manifest.vouchVersion;

  await checkSignature(zip, entries, manifest, manifestBytes, verification, expectedSigner, problems);
  // A failed signature makes every hash in the manifest meaningless: reading on would only cost time (and a
  // forged zip can make that time long).
  if (!verification.signer.signatureValid) return;
  verification.filesChecked = true;

  const listed = new Map(manifest.files.map((file) => [file.path, file]));
  const rowsFiles = new Map(manifest.artifacts.map((artifact) => [artifact.rowsFile, artifact]));
  const actualRows = new Map<string, { sha256: string; lines: number }>();
  let auditChain: AuditChainResult | null = null;

  for (const file of manifest.files) {
    const entry = entries.get(file.path);
    if (entry === undefined) {
      problems.add(
        'file_missing',
        file.path,
        `${file.path} is listed in the manifest but missing from the zip.`,
      );
      continue;
    }
    if (entry.uncompressedSize > limits.entryBytes) {
      problems.add(
        'entry_too_large',
        file.path,
        `${file.path} claims ${entry.uncompressedSize} bytes; not read.`,
      );
      continue;
    }
    const isRows = rowsFiles.has(file.path);
    const audit = file.path === manifest.auditLog.file ? new AuditSegmentReader(file.path) : null;
    const read = await hashEntry(zip, entry, problems, (chunk) => audit?.push(chunk), isRows);
    if (read === null) continue;
    if (read.sha256 !== file.sha256 || read.size !== file.size) {
      problems.add(
        'file_altered',
        file.path,
        `${file.path} was altered: its SHA-256 is ${read.sha256} (${read.size} bytes), the manifest says ` +
          `${file.sha256} (${file.size} bytes).`,
      );
    }
    if (isRows) actualRows.set(file.path, { sha256: read.sha256, lines: read.lines });
    if (audit !== null) auditChain = audit.finish();
  }
  verification.files = manifest.files.length;

  for (const name of entries.keys()) {
    if (name === MANIFEST_PATH || name === SIGNATURE_PATH || listed.has(name)) continue;
    problems.add(
      'file_added',
      name,
      `${name} is in the zip but not in the manifest: it was added after signing.`,
    );
  }

  for (const artifact of manifest.artifacts) {
    verification.artifacts.push({
      id: artifact.id,
      kind: artifact.kind,
      source: artifact.provenance.source.name,
      rowCount: artifact.rowCount,
      complete: artifact.complete,
      partialReason: artifact.partialReason,
      sha256: artifact.sha256,
    });
    verification.totalRows += artifact.rowCount;
    const rows = actualRows.get(artifact.rowsFile);
    if (rows === undefined) continue; // reported as missing or unreadable above
    if (rows.sha256 !== artifact.sha256) {
      problems.add(
        'rows_mismatch',
        artifact.rowsFile,
        `The rows of artifact ${artifact.id} hash to ${rows.sha256}, not to the artifact's SHA-256 ` +
          `${artifact.sha256}: they are not the collected evidence.`,
      );
    } else if (rows.lines !== artifact.rowCount) {
      problems.add(
        'row_count_mismatch',
        artifact.rowsFile,
        `Artifact ${artifact.id} has ${rows.lines} rows; the manifest says ${artifact.rowCount}.`,
      );
    }
  }

  if (auditChain !== null) checkAuditSegment(manifest, auditChain, verification, problems);
}

function parseManifest(bytes: Buffer, problems: ProblemList): BundleManifest | null {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    problems.add('manifest_invalid', MANIFEST_PATH, 'manifest.json is not valid JSON.');
    return null;
  }
  const parsed = bundleManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown shape';
    problems.add(
      'manifest_invalid',
      MANIFEST_PATH,
      `manifest.json is not a Vouch bundle manifest (${where}).`,
    );
    return null;
  }
  const manifest = parsed.data;
  // Internal consistency: everything the manifest refers to must be among the files it hashes.
  const listed = new Set<string>();
  for (const file of manifest.files) {
    if (listed.has(file.path) || file.path === MANIFEST_PATH || file.path === SIGNATURE_PATH) {
      problems.add('manifest_invalid', MANIFEST_PATH, `manifest.json lists ${file.path} more than once.`);
      return null;
    }
    listed.add(file.path);
  }
  const referenced = [
    manifest.signer.publicKeyFile,
    manifest.auditLog.file,
    ...manifest.artifacts.flatMap((a) => [a.rowsFile, a.provenanceFile, ...a.renderings.map((r) => r.path)]),
  ];
  const unlisted = referenced.filter((file) => !listed.has(file));
  if (unlisted.length > 0) {
    problems.add(
      'manifest_invalid',
      MANIFEST_PATH,
      `manifest.json refers to unhashed files: ${unlisted.join(', ')}.`,
    );
    return null;
  }
  return manifest;
}

async function checkSignature(
  zip: ZipFile,
  entries: Map<string, Entry>,
  manifest: BundleManifest,
  manifestBytes: Buffer,
  verification: BundleVerification,
  expectedSigner: string | null,
  problems: ProblemList,
): Promise<void> {
  const keyPath = manifest.signer.publicKeyFile;
  const keyEntry = entries.get(keyPath);
  const sigEntry = entries.get(SIGNATURE_PATH);
  let publicKeyPem: string | null = null;
  if (keyEntry === undefined) {
    problems.add('signer_key_missing', keyPath, `${keyPath} is missing: the signature cannot be checked.`);
  } else {
    const bytes = await readSmall(zip, keyEntry, limits.publicKeyBytes, problems);
    if (bytes !== null) {
      try {
        verification.signer.fingerprint = publicKeyFingerprint(bytes.toString('utf8'));
        publicKeyPem = bytes.toString('utf8');
      } catch {
        problems.add('signer_key_invalid', keyPath, `${keyPath} is not an Ed25519 public key.`);
      }
    }
  }
  if (
    verification.signer.fingerprint !== null &&
    verification.signer.fingerprint !== manifest.signer.fingerprint
  ) {
    problems.add(
      'signer_key_mismatch',
      keyPath,
      `${keyPath} is the key ${verification.signer.fingerprint}, but the manifest names the signer ` +
        `${manifest.signer.fingerprint}.`,
    );
  }
  if (sigEntry === undefined) {
    problems.add('signature_missing', SIGNATURE_PATH, 'manifest.sig is missing: the bundle is not signed.');
  } else {
    const sig = await readSmall(zip, sigEntry, limits.signatureBytes, problems);
    if (sig !== null && publicKeyPem !== null) {
      const text = sig.toString('utf8').trim();
      const signature = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
      verification.signer.signatureValid = verifyEd25519(publicKeyPem, manifestBytes, signature);
      if (!verification.signer.signatureValid) {
        problems.add(
          'signature_invalid',
          SIGNATURE_PATH,
          'The signature does not verify: manifest.json was altered after signing, or manifest.sig was replaced.',
        );
      }
    }
  }
  if (expectedSigner !== null && verification.signer.fingerprint !== expectedSigner) {
    problems.add(
      'unexpected_signer',
      keyPath,
      verification.signer.fingerprint === null
        ? `The bundle's signer cannot be established, so it cannot be confirmed as ${expectedSigner}.`
        : `The bundle is signed by ${verification.signer.fingerprint}, not by the expected ${expectedSigner}.`,
    );
  }
}

function checkAuditSegment(
  manifest: BundleManifest,
  chain: AuditChainResult,
  verification: BundleVerification,
  problems: ProblemList,
): void {
  const file = manifest.auditLog.file;
  for (const problem of chain.problems) problems.add('audit_chain_broken', file, problem.message);
  const declared = manifest.auditLog;
  const mismatches: string[] = [];
  if (chain.entries !== declared.entries)
    mismatches.push(`${chain.entries} entries instead of ${declared.entries}`);
  if (chain.firstSeq !== declared.firstSeq)
    mismatches.push(`first entry #${chain.firstSeq} instead of #${declared.firstSeq}`);
  if (chain.lastSeq !== declared.lastSeq)
    mismatches.push(`last entry #${chain.lastSeq} instead of #${declared.lastSeq}`);
  if (chain.anchorHash !== declared.anchorHash) mismatches.push('a different anchor hash');
  if (chain.headHash !== declared.headHash) mismatches.push('a different last hash');
  if (mismatches.length > 0) {
    problems.add(
      'audit_segment_mismatch',
      file,
      `${file} is not the segment the manifest describes: ${mismatches.join(', ')}.`,
    );
  }
  verification.auditLog = {
    entries: chain.entries,
    firstSeq: chain.firstSeq,
    lastSeq: chain.lastSeq,
    intact: chain.ok && mismatches.length === 0,
  };
}

/** Parses audit-log.jsonl as it streams by, feeding the chain verifier one line at a time. */
class AuditSegmentReader {
  readonly #verifier = new AuditChainVerifier('segment');
  readonly #decoder = new StringDecoder('utf8');
  readonly #path: string;
  #pending = '';
  #line = 0;
  #skippingLongLine = false;

  constructor(path: string) {
    this.#path = path;
  }

  push(chunk: Buffer): void {
    const parts = (this.#pending + this.#decoder.write(chunk)).split('\n');
    this.#pending = parts.pop() ?? '';
    for (const part of parts) {
      if (this.#skippingLongLine) {
        this.#skippingLongLine = false; // the rest of the long line, already reported
        continue;
      }
      this.#parse(part);
    }
    if (this.#pending.length > limits.auditLineBytes && !this.#skippingLongLine) {
      this.#line++;
      this.#verifier.addMalformed(null, `Line ${this.#line} of ${this.#path} is absurdly long.`);
      this.#pending = '';
      this.#skippingLongLine = true;
    } else if (this.#skippingLongLine) {
      this.#pending = '';
    }
  }

  finish(): AuditChainResult {
    const rest = this.#pending + this.#decoder.end();
    if (rest.length > 0 && !this.#skippingLongLine) this.#parse(rest);
    return this.#verifier.result();
  }

  #parse(line: string): void {
    this.#line++;
    if (line.trim() === '') {
      this.#verifier.addMalformed(null, `Line ${this.#line} of ${this.#path} is empty.`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      this.#verifier.addMalformed(null, `Line ${this.#line} of ${this.#path} is not JSON.`);
      return;
    }
    const entry = auditEntrySchema.safeParse(json);
    if (entry.success) this.#verifier.add(entry.data);
    else this.#verifier.addMalformed(null, `Line ${this.#line} of ${this.#path} is not an audit entry.`);
  }
}

async function openEntry(zip: ZipFile, entry: Entry, problems: ProblemList): Promise<Readable | null> {
  if (entry.isEncrypted() || !entry.canDecodeFileData()) {
    problems.add(
      'entry_unreadable',
      entry.fileName,
      `${entry.fileName} is encrypted or uses an unknown compression.`,
    );
    return null;
  }
  try {
    return await zip.openReadStreamPromise(entry);
  } catch (error) {
    problems.add(
      'entry_unreadable',
      entry.fileName,
      `${entry.fileName} cannot be read: ${(error as Error).message}.`,
    );
    return null;
  }
}

/** Streams an entry through SHA-256, counting newlines when asked; null (and a problem) when it breaks. */
async function hashEntry(
  zip: ZipFile,
  entry: Entry,
  problems: ProblemList,
  onChunk: (chunk: Buffer) => void,
  countLines: boolean,
): Promise<{ sha256: string; size: number; lines: number } | null> {
  const stream = await openEntry(zip, entry, problems);
  if (stream === null) return null;
  const hash = createHash('sha256');
  let size = 0;
  let lines = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
      if (countLines) for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      onChunk(chunk);
    }
  } catch (error) {
    // Includes yauzl's check that the data matches the sizes the zip declares (validateEntrySizes).
    problems.add(
      'entry_unreadable',
      entry.fileName,
      `${entry.fileName} is damaged: ${(error as Error).message}.`,
    );
    return null;
  }
  return { sha256: hash.digest('hex'), size, lines };
}

/** The whole entry in memory, refusing anything larger than `maxBytes` (before and while reading). */
async function readSmall(
  zip: ZipFile,
  entry: Entry,
  maxBytes: number,
  problems: ProblemList,
): Promise<Buffer | null> {
  if (entry.uncompressedSize > maxBytes) {
    problems.add(
      'entry_too_large',
      entry.fileName,
      `${entry.fileName} is ${entry.uncompressedSize} bytes; far too large.`,
    );
    return null;
  }
  const stream = await openEntry(zip, entry, problems);
  if (stream === null) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        stream.destroy();
        problems.add('entry_too_large', entry.fileName, `${entry.fileName} is larger than it claims.`);
        return null;
      }
      chunks.push(chunk);
    }
  } catch (error) {
    problems.add(
      'entry_unreadable',
      entry.fileName,
      `${entry.fileName} is damaged: ${(error as Error).message}.`,
    );
    return null;
  }
  return Buffer.concat(chunks);
}
