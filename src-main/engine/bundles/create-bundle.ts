// Writes a signed evidence bundle (layout in bundle-manifest.ts). Every file is first written to a working
// directory beside the output, hashed from disk, then streamed into the zip by yazl: memory stays flat however
// large the artifacts are. The zip only appears under its final name once it is complete.
import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import yazl from 'yazl';
import { appendAudit, auditEntryPages, auditSeqRangeBetween } from '../audit/audit-log.ts';
import { AuditChainVerifier } from '../audit/audit-chain.ts';
import type { EngineCore } from '../engine-core.ts';
import { VouchError } from '../errors.ts';
import { ArtifactCorruptedError, getArtifact, type StoredArtifact } from '../evidence/artifact-reader.ts';
import { exportArtifact, type ExportFormat } from '../exports/export-artifact.ts';
import { getSigningKey } from '../signing/signing-key.ts';
import { artifacts as artifactsTable } from '../store/schema.ts';
import { vouchVersion } from '../version.ts';
import {
  artifactFolder,
  AUDIT_LOG_PATH,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  MANIFEST_PATH,
  README_PATH,
  renderingFileName,
  SIGNATURE_PATH,
  SIGNER_KEY_PATH,
  type BundleManifest,
  type ManifestArtifact,
  type ManifestAuditLog,
  type ManifestFile,
} from './bundle-manifest.ts';
import { bundleReadme } from './bundle-readme.ts';
import { digestFile } from './file-digest.ts';

export interface BundleRequest {
  /** Artifacts to include, in order; duplicates are ignored. */
  artifactIds: string[];
  /** Renderings per artifact (rows.jsonl and provenance.json are always included). */
  formats: ExportFormat[];
  outPath: string;
  /** Recorded in the audit log's bundle_created entry, e.g. `cli:alice`. */
  actor: string;
  now?: () => Date;
  /** Called before each artifact is staged (the slow part: decompressing and rendering). */
  onArtifact?: (progress: { index: number; total: number; id: string; kind: string }) => void;
}

export interface BundleResult {
  path: string;
  /** SHA-256 of the zip itself, for the auditor's workpapers. */
  sha256: string;
  size: number;
  createdAt: string;
  signerFingerprint: string;
  artifacts: { id: string; kind: string; rowCount: number; complete: boolean }[];
  auditEntries: number;
  files: number;
}

export class NothingToBundleError extends VouchError {
  constructor() {
    super(
      'nothing_to_bundle',
      'No artifacts to bundle.',
      'Name artifact ids (see `vouch artifacts list`) or pass --all; run `vouch sync` first if there are none.',
    );
  }
}

export class BundleArtifactCorruptedError extends VouchError {
  constructor(id: string, problem: string, options?: ErrorOptions) {
    super(
      'bundle_artifact_corrupted',
      `Refusing to bundle artifact ${id}: ${problem}. A bundle must only vouch for intact evidence.`,
      'Re-run the sync to collect a fresh snapshot, or leave this artifact out of the bundle.',
      options,
    );
  }
}

export class BundleAuditLogBrokenError extends VouchError {
  constructor(problems: string[]) {
    super(
      'bundle_audit_log_broken',
      `Refusing to bundle: the audit log of the collection period is broken (${problems.slice(0, 3).join(' ')}` +
        `${problems.length > 3 ? ` and ${problems.length - 3} more problems` : ''}).`,
      'Run `vouch audit-log verify` to see every problem, and restore the data directory from a backup.',
    );
  }
}

/** Formats whose files are already compressed: deflating them again only costs time. */
const precompressed = new Set<string>(['xlsx', 'pdf']);

/** Every artifact id in the store, newest collection first. */
export function allArtifactIds(core: Pick<EngineCore, 'store'>): string[] {
  return core.store.db
    .select({ id: artifactsTable.id, finished: artifactsTable.collectedFinishedAt })
    .from(artifactsTable)
    .all()
    .sort((a, b) => b.finished.localeCompare(a.finished) || a.id.localeCompare(b.id))
    .map((row) => row.id);
}

interface StagedFile {
  localPath: string;
  zipPath: string;
  compress: boolean;
}

export async function createBundle(
  core: Pick<EngineCore, 'store' | 'vault'>,
  request: BundleRequest,
): Promise<BundleResult> {
  const ids = [...new Set(request.artifactIds)];
  if (ids.length === 0) throw new NothingToBundleError();
  const formats = [...new Set(request.formats)];
  const stored = ids.map((id) => getArtifact(core.store, id));
  const signingKey = getSigningKey(core);
  const createdAt = (request.now ?? (() => new Date()))().toISOString();
  const outPath = path.resolve(request.outPath);
  mkdirSync(path.dirname(outPath), { recursive: true });
  // Beside the output, not in the system temp dir: same disk (renderings can be large), and a plain rename.
  const workDir = mkdtempSync(path.join(path.dirname(outPath), '.vouch-bundle-'));
  try {
    const staged: StagedFile[] = [];
    const stage = (zipPath: string, compress = true): string => {
      const localPath = path.join(workDir, ...zipPath.split('/'));
      mkdirSync(path.dirname(localPath), { recursive: true });
      staged.push({ localPath, zipPath, compress });
      return localPath;
    };

    const manifestArtifacts: ManifestArtifact[] = [];
    for (const [index, artifact] of stored.entries()) {
      request.onArtifact?.({ index, total: stored.length, id: artifact.id, kind: artifact.kind });
      manifestArtifacts.push(await stageArtifact(artifact, formats, stage));
    }

    const windowStart = stored.map((a) => a.provenance.collectionStartedAt).sort()[0] ?? createdAt;
    const auditLog = stageAuditSegment(core, windowStart, createdAt, stage(AUDIT_LOG_PATH));

    writeFileSync(stage(SIGNER_KEY_PATH), signingKey.publicKeyPem);
    writeFileSync(stage(README_PATH), bundleReadme(createdAt, signingKey.fingerprint));

    const files: ManifestFile[] = [];
    for (const file of staged) files.push({ path: file.zipPath, ...(await digestFile(file.localPath)) });
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      createdAt,
      vouchVersion,
      signer: { algorithm: 'ed25519', fingerprint: signingKey.fingerprint, publicKeyFile: SIGNER_KEY_PATH },
      artifacts: manifestArtifacts,
      auditLog,
      files,
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    const signature = Buffer.from(`${signingKey.sign(manifestBytes).toString('base64')}\n`, 'utf8');

    const zip = await writeZip(outPath, new Date(createdAt), manifestBytes, signature, staged);
    const result: BundleResult = {
      path: outPath,
      ...zip,
      createdAt,
      signerFingerprint: signingKey.fingerprint,
      artifacts: manifestArtifacts.map((a) => ({
        id: a.id,
        kind: a.kind,
        rowCount: a.rowCount,
        complete: a.complete,
      })),
      auditEntries: auditLog.entries,
      files: files.length + 2,
    };
    appendAudit(core.store, {
      actor: request.actor,
      action: 'bundle_created',
      subject: outPath,
      details: {
        artifacts: ids,
        formats,
        bundleSha256: zip.sha256,
        signerFingerprint: signingKey.fingerprint,
      },
    });
    return result;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function stageArtifact(
  artifact: StoredArtifact,
  formats: ExportFormat[],
  stage: (zipPath: string, compress?: boolean) => string,
): Promise<ManifestArtifact> {
  const folder = artifactFolder(artifact.id, artifact.kind);
  const rowsFile = `${folder}/rows.jsonl`;
  await writeCanonicalRows(artifact, stage(rowsFile));
  const provenanceFile = `${folder}/provenance.json`;
  writeFileSync(stage(provenanceFile), `${JSON.stringify(artifact.provenance, null, 2)}\n`);
  const renderings: ManifestArtifact['renderings'] = [];
  for (const format of formats) {
    const renderingPath = `${folder}/${renderingFileName(artifact.kind, format)}`;
    try {
      await exportArtifact(artifact, format, stage(renderingPath, !precompressed.has(format)));
    } catch (error) {
      if (error instanceof ArtifactCorruptedError) {
        throw new BundleArtifactCorruptedError(artifact.id, 'its content changed while it was rendered', {
          cause: error,
        });
      }
      throw error;
    }
    renderings.push({ format, path: renderingPath });
  }
  return {
    id: artifact.id,
    kind: artifact.kind,
    sha256: artifact.sha256,
    rowCount: artifact.rowCount,
    complete: artifact.complete,
    partialReason: artifact.provenance.partialReason,
    rowsFile,
    provenanceFile,
    renderings,
    provenance: artifact.provenance,
  };
}

/** Decompresses the stored content to rows.jsonl, refusing it unless it still hashes to the recorded SHA-256. */
async function writeCanonicalRows(artifact: StoredArtifact, outFile: string): Promise<void> {
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(
      createReadStream(artifact.contentPath),
      createGunzip(),
      hashing,
      createWriteStream(outFile),
    );
  } catch (cause) {
    const problem =
      (cause as NodeJS.ErrnoException).code === 'ENOENT'
        ? `its stored file ${artifact.contentPath} is missing`
        : `its stored file ${artifact.contentPath} cannot be read (${(cause as Error).message})`;
    throw new BundleArtifactCorruptedError(artifact.id, problem, { cause });
  }
  const actual = hash.digest('hex');
  if (actual !== artifact.sha256) {
    throw new BundleArtifactCorruptedError(
      artifact.id,
      `its content no longer matches its recorded SHA-256 (expected ${artifact.sha256}, found ${actual})`,
    );
  }
}

/** Writes the audit entries of the window to `outFile`, one per line, checking their chain on the way. */
function stageAuditSegment(
  core: Pick<EngineCore, 'store'>,
  from: string,
  to: string,
  outFile: string,
): ManifestAuditLog {
  const verifier = new AuditChainVerifier('segment');
  const fd = openSync(outFile, 'w');
  try {
    const range = auditSeqRangeBetween(core.store, from, to);
    if (range !== null) {
      for (const page of auditEntryPages(core.store, range.firstSeq, range.lastSeq)) {
        for (const entry of page) verifier.add(entry);
        writeSync(fd, page.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
      }
    }
  } finally {
    closeSync(fd);
  }
  const chain = verifier.result();
  if (!chain.ok) throw new BundleAuditLogBrokenError(chain.problems.map((p) => p.message));
  return {
    file: AUDIT_LOG_PATH,
    from,
    to,
    entries: chain.entries,
    firstSeq: chain.firstSeq,
    lastSeq: chain.lastSeq,
    anchorHash: chain.anchorHash,
    headHash: chain.headHash,
  };
}

async function writeZip(
  outPath: string,
  mtime: Date,
  manifest: Buffer,
  signature: Buffer,
  staged: StagedFile[],
): Promise<{ sha256: string; size: number }> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(manifest, MANIFEST_PATH, { mtime });
  zip.addBuffer(signature, SIGNATURE_PATH, { mtime });
  for (const file of staged) zip.addFile(file.localPath, file.zipPath, { mtime, compress: file.compress });
  zip.end();

  const hash = createHash('sha256');
  let size = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  const partialPath = `${outPath}.partial`;
  // yazl reports a file it cannot read on the ZipFile, not on its output stream.
  const zipFailed = new Promise<never>((_, reject) => zip.on('error', reject));
  zipFailed.catch(() => undefined);
  try {
    await Promise.race([pipeline(zip.outputStream, hashing, createWriteStream(partialPath)), zipFailed]);
    renameSync(partialPath, outPath);
  } catch (error) {
    rmSync(partialPath, { force: true });
    throw error;
  }
  return { sha256: hash.digest('hex'), size };
}
