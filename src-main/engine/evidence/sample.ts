// Reproducible random samples for audit testing. Each row is ranked by SHA-256(seed ‖ row number) and the
// N lowest are taken: anyone with the seed and the parent artifact can recompute the same sample, with no
// dependence on a particular random number generator. Memory holds only the N rows kept.
import { createHash, randomBytes } from 'node:crypto';
import { VouchError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { getArtifact, readArtifactRows } from './artifact-reader.ts';
import { writeArtifact, type WrittenArtifact } from './artifact-writer.ts';
import { derivedProvenance } from './derived-artifact.ts';

type Row = Record<string, unknown>;

export const sampleMethod = 'sha256-rank-v1';

export class InvalidSampleError extends VouchError {
  constructor(problem: string) {
    super('invalid_sample', problem, 'Give --size as a whole number of at least 1.');
  }
}

export function sampleRank(seed: string, rowNumber: number): string {
  return createHash('sha256').update(`${seed}\u0000${rowNumber}`).digest('hex');
}

interface Kept {
  rank: string;
  rowNumber: number;
  row: Row;
}

/** Binary max-heap on rank, so the worst kept row is dropped when a better one arrives. */
class WorstFirstHeap {
  readonly items: Kept[] = [];
  push(item: Kept): void {
    const items = this.items;
    items.push(item);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as Kept).rank >= (items[i] as Kept).rank) break;
      [items[parent], items[i]] = [items[i] as Kept, items[parent] as Kept];
      i = parent;
    }
  }
  get worst(): Kept | undefined {
    return this.items[0];
  }
  replaceWorst(item: Kept): void {
    const items = this.items;
    items[0] = item;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < items.length && (items[left] as Kept).rank > (items[largest] as Kept).rank) largest = left;
      if (right < items.length && (items[right] as Kept).rank > (items[largest] as Kept).rank)
        largest = right;
      if (largest === i) break;
      [items[largest], items[i]] = [items[i] as Kept, items[largest] as Kept];
      i = largest;
    }
  }
}

export interface SampleRequest {
  artifactId: string;
  size: number;
  /** Any text; a random one is chosen (and recorded) when absent. */
  seed?: string;
}

export async function createSample(
  store: Store,
  request: SampleRequest,
): Promise<WrittenArtifact & { seed: string }> {
  if (!Number.isInteger(request.size) || request.size < 1) {
    throw new InvalidSampleError(
      `A sample size must be a whole number of at least 1, not "${request.size}".`,
    );
  }
  const parent = getArtifact(store, request.artifactId);
  const seed = request.seed ?? randomBytes(8).toString('hex');
  const heap = new WorstFirstHeap();
  let rowNumber = 0;
  for await (const row of readArtifactRows(parent)) {
    rowNumber++;
    const item = { rank: sampleRank(seed, rowNumber), rowNumber, row };
    if (heap.items.length < request.size) heap.push(item);
    else if (item.rank < (heap.worst as Kept).rank) heap.replaceWorst(item);
  }
  // The sample keeps the parent's canonical order.
  const rows = heap.items
    .sort((a, b) => a.rowNumber - b.rowNumber)
    .map((kept) => ({ row_number: kept.rowNumber, ...kept.row }));
  const provenance = derivedProvenance(
    parent,
    [parent],
    `${parent.kind}.sample`,
    {
      type: 'sample',
      parameters: {
        method: sampleMethod,
        seed,
        size: request.size,
        populationRows: rowNumber,
        sampledRows: rows.length,
      },
    },
    ['row_number', ...parent.provenance.columns],
  );
  const written = await writeArtifact(store, provenance, [rows]);
  return { ...written, seed };
}
