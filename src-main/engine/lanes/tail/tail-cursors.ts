// Where each tail stands in a source's event stream (the `tail_cursors` table). A tail stores a batch of
// events and the cursor after them in one IMMEDIATE transaction, with the job's lease checked right before it
// commits: a tail killed at any moment either committed both or neither, so the next one resumes exactly
// after the last stored event, nothing skipped, nothing twice.
import type Database from 'better-sqlite3';

export interface TailPosition {
  /** Opaque to the engine: the provider's resume token. */
  cursor: string;
  /** ISO time up to which every event is stored, or null when unknown. */
  watermark: string | null;
}

export interface SavedTailPosition extends TailPosition {
  updatedAt: number;
}

/** What checks the lease inside the transaction (the lane's LeaseKeeper). */
export interface TailCommitGuard {
  assertHeld(): void;
}

export class TailCursors {
  readonly #sqlite: Database.Database;
  readonly #clock: () => number;
  readonly #get;
  readonly #save;

  constructor(sqlite: Database.Database, clock: () => number = Date.now) {
    this.#sqlite = sqlite;
    this.#clock = clock;
    this.#get = sqlite.prepare(
      'SELECT cursor, watermark, updated_at FROM tail_cursors WHERE source_id = ? AND stream = ?',
    );
    this.#save = sqlite.prepare(
      `INSERT INTO tail_cursors (source_id, stream, cursor, watermark, updated_at)
       VALUES (@sourceId, @stream, @cursor, @watermark, @now)
       ON CONFLICT (source_id, stream) DO UPDATE
         SET cursor = excluded.cursor, watermark = excluded.watermark, updated_at = excluded.updated_at`,
    );
  }

  /** The saved position, or null before the stream's first batch. */
  get(sourceId: string, stream: string): SavedTailPosition | null {
    const row = this.#get.get(sourceId, stream) as
      { cursor: string; watermark: string | null; updated_at: number } | undefined;
    return row === undefined
      ? null
      : { cursor: row.cursor, watermark: row.watermark, updatedAt: row.updated_at };
  }

  /**
   * Runs `writeEvents` (the batch's inserts, on this same connection) and saves `next` as the stream's position
   * in one transaction, committed only while `guard` still holds the job's lease.
   */
  commitBatch<T>(
    sourceId: string,
    stream: string,
    next: TailPosition,
    writeEvents: () => T,
    guard: TailCommitGuard,
  ): T {
    return this.#sqlite
      .transaction(() => {
        const written = writeEvents();
        this.#save.run({
          sourceId,
          stream,
          cursor: next.cursor,
          watermark: next.watermark,
          now: this.#clock(),
        });
        guard.assertHeld();
        return written;
      })
      .immediate();
  }
}
