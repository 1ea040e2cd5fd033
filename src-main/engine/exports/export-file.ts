// What every export shares about its output file: it is written under a temporary name beside the target
// and only renamed into place once the artifact's rows have all been read and their SHA-256 verified, so a
// damaged artifact (or a crash half way) never leaves a plausible-looking export behind.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { accessSync, constants, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { VouchError } from '../errors.ts';

/** Called as rows are written (every few thousand rows, and once at the end). */
export type ExportProgress = (rowsWritten: number) => void;

/** How often exporters report progress, in rows. */
export const progressInterval = 5_000;

export class ExportOutputError extends VouchError {
  constructor(outPath: string, problem: string) {
    super(
      'export_output_unwritable',
      `Cannot write the export to ${outPath}: ${problem}.`,
      'Choose an --out path in an existing directory you can write to.',
    );
  }
}

function checkOutputPath(outPath: string): void {
  const dir = path.dirname(outPath);
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new ExportOutputError(outPath, `the directory ${dir} does not exist`);
  }
  if (!dirStat.isDirectory()) throw new ExportOutputError(outPath, `${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new ExportOutputError(outPath, `the directory ${dir} is not writable`);
  }
  try {
    if (statSync(outPath).isDirectory()) throw new ExportOutputError(outPath, 'it is a directory');
  } catch (error) {
    if (error instanceof ExportOutputError) throw error;
    // Absent: the usual case.
  }
}

/**
 * Runs `write` against a temporary file in the output's directory (so the final rename is atomic) and moves
 * it to `outPath` only when `write` resolves. On failure the temporary file is removed and the error rethrown;
 * `write` must have closed its streams by then.
 */
export async function writeExportFile<T>(
  outPath: string,
  write: (tempPath: string) => Promise<T>,
): Promise<T> {
  checkOutputPath(outPath);
  const tempPath = path.join(
    path.dirname(outPath),
    `.${path.basename(outPath)}.${randomBytes(4).toString('hex')}.partial`,
  );
  try {
    const result = await write(tempPath);
    renameSync(tempPath, outPath);
    return result;
  } catch (error) {
    rmSync(tempPath, { force: true });
    throw error;
  }
}

const streamFailures = new WeakMap<Writable, Error>();

/** Records a stream's error instead of leaving it unhandled; writeChunk and finishStream rethrow it. */
export function trackFailures<S extends Writable>(stream: S): S {
  stream.on('error', (error: Error) => {
    if (!streamFailures.has(stream)) streamFailures.set(stream, error);
  });
  return stream;
}

/** Throws the error a tracked stream reported, if any (a failed write must not pass for a finished file). */
export function rethrowFailure(stream: Writable): void {
  const failure = streamFailures.get(stream);
  if (failure) throw failure;
}

/** Writes a chunk, waiting for the stream to drain when its buffer is full (memory stays flat). */
export async function writeChunk(stream: Writable, chunk: string | Buffer): Promise<void> {
  rethrowFailure(stream);
  if (stream.write(chunk)) return;
  await waitForDrain(stream);
}

/** Resolves when `stream` can take more; rejects with its error if it fails or closes first. */
export function waitForDrain(stream: Writable): Promise<void> {
  rethrowFailure(stream);
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      stream.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onError = (error: Error) => settle(error);
    const onClose = () => settle(streamFailures.get(stream) ?? new Error('The output stream closed early.'));
    stream.on('drain', onDrain);
    stream.on('close', onClose);
    stream.on('error', onError);
  });
}

/** Ends a file stream and waits until its descriptor is closed (so the file is complete on disk). */
export async function finishStream(stream: Writable): Promise<void> {
  rethrowFailure(stream);
  if (!stream.closed) {
    const closed = once(stream, 'close');
    stream.end();
    await closed;
  }
  rethrowFailure(stream);
}

/** Tears a stream down after a failure and waits for its descriptor to close (needed before removing it). */
export async function abandonStream(stream: Writable): Promise<void> {
  if (stream.closed) return;
  const closed = once(stream, 'close').catch(() => undefined);
  stream.destroy();
  await closed;
}
