// Artifacts are gzip JSONL that can only be read from the start, so a virtualized preview scrolling through
// 100k rows would re-read the file for every window. The last few artifacts' rows stay parsed in memory
// (least recently used out first); concurrent requests for the same artifact share one read.
import { readArtifactRows, type StoredArtifact } from '../evidence/artifact-reader.ts';

export interface LoadedRows {
  columns: string[];
  rows: Record<string, unknown>[];
}

export class ArtifactRowsCache {
  readonly #entries = new Map<string, Promise<LoadedRows>>();

  constructor(
    private readonly capacity = 2,
    private readonly load: (artifact: StoredArtifact) => Promise<LoadedRows> = loadArtifactRows,
  ) {}

  /** The artifact's columns and every row, verified against its SHA-256 on first read. */
  get(artifact: StoredArtifact): Promise<LoadedRows> {
    const cached = this.#entries.get(artifact.id);
    if (cached) {
      // Re-inserting moves it to the most recently used end of the map's order.
      this.#entries.delete(artifact.id);
      this.#entries.set(artifact.id, cached);
      return cached;
    }
    const loading = this.load(artifact);
    this.#entries.set(artifact.id, loading);
    // A failed read (a damaged file) must not be remembered: the next request tries again and reports it.
    loading.catch(() => {
      if (this.#entries.get(artifact.id) === loading) this.#entries.delete(artifact.id);
    });
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return loading;
  }

  get size(): number {
    return this.#entries.size;
  }
}

async function loadArtifactRows(artifact: StoredArtifact): Promise<LoadedRows> {
  const rows: Record<string, unknown>[] = [];
  for await (const row of readArtifactRows(artifact)) rows.push(row);
  return { columns: artifact.provenance.columns, rows };
}
