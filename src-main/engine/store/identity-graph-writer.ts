// The write path of a sync: batched upserts into the identity graph, and mark and sweep at the end of a
// fully successful run. Statements are prepared once per entity; each batch is one transaction.
import type Database from 'better-sqlite3';
import type { DatasetEntity, EntityRecordMap } from '../../../src-shared/datasets.ts';
import { entityTables, type EntityTable } from './entity-tables.ts';

function upsertSql(t: EntityTable<DatasetEntity>): string {
  const columns = [
    'source_id',
    ...t.keyColumns,
    ...t.valueColumns,
    'dataset',
    'first_seen_run',
    'last_seen_run',
    'expired_at',
  ];
  const placeholders = columns.map((c) => (c === 'expired_at' ? 'NULL' : '?')).join(', ');
  const updates = [...t.valueColumns, 'dataset', 'last_seen_run', 'expired_at']
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  return (
    `INSERT INTO ${t.table} (${columns.join(', ')}) VALUES (${placeholders}) ` +
    `ON CONFLICT (source_id, ${t.keyColumns.join(', ')}) DO UPDATE SET ${updates}`
  );
}

/**
 * Marks a row that has not changed as seen, without rewriting its value columns: an upsert would update
 * every index on them (e.g. lower(email)) even for identical values, and most rows of a re-sync are unchanged.
 */
function touchUnchangedSql(t: EntityTable<DatasetEntity>): string {
  const same = [
    ...t.keyColumns.map((c) => `${c} = ?`),
    ...t.valueColumns.map((c) => `${c} IS ?`),
    'dataset IS ?',
  ];
  return (
    `UPDATE ${t.table} SET last_seen_run = ? ` +
    `WHERE source_id = ? AND ${same.join(' AND ')} AND expired_at IS NULL AND last_seen_run <> ?`
  );
}

export class IdentityGraphWriter {
  private readonly upserts = new Map<DatasetEntity, Database.Statement>();
  private readonly touches = new Map<DatasetEntity, Database.Statement>();
  /** Per entity and source: whether the table held rows before this writer's first batch (else: insert only). */
  private readonly hadRows = new Map<string, boolean>();

  constructor(private readonly sqlite: Database.Database) {}

  private upsert(entity: DatasetEntity): Database.Statement {
    let statement = this.upserts.get(entity);
    if (!statement) {
      statement = this.sqlite.prepare(upsertSql(entityTables[entity] as EntityTable<DatasetEntity>));
      this.upserts.set(entity, statement);
    }
    return statement;
  }

  private touch(entity: DatasetEntity): Database.Statement {
    let statement = this.touches.get(entity);
    if (!statement) {
      statement = this.sqlite.prepare(touchUnchangedSql(entityTables[entity] as EntityTable<DatasetEntity>));
      this.touches.set(entity, statement);
    }
    return statement;
  }

  /**
   * Upserts one batch of `dataset` (the artifact kind, which selects the rows of its artifact); call inside
   * a transaction (the caller checks its lease there too).
   */
  writeBatch<E extends DatasetEntity>(
    entity: E,
    sourceId: string,
    runId: number,
    records: EntityRecordMap[E][],
    dataset: string | null = null,
  ): void {
    const upsert = this.upsert(entity);
    const table = entityTables[entity];
    const key = `${entity}\u0000${sourceId}`;
    let hadRows = this.hadRows.get(key);
    if (hadRows === undefined) {
      hadRows =
        this.sqlite.prepare(`SELECT 1 FROM ${table.table} WHERE source_id = ? LIMIT 1`).get(sourceId) !==
        undefined;
      this.hadRows.set(key, hadRows);
    }
    // A first sync has nothing to compare with: insert straight away.
    const touch = hadRows ? this.touch(entity) : null;
    for (const record of records) {
      const values = table.toValues(record);
      if (touch === null || touch.run(runId, sourceId, ...values, dataset, runId).changes === 0) {
        upsert.run(sourceId, ...values, dataset, runId, runId);
      }
    }
  }

  /**
   * Expires rows a fully successful run did not see. Never call it for a partial run. It works per entity
   * table, across the datasets sharing it: a complete run completed every one of its datasets, so a row of
   * the table it did not see is gone whichever dataset wrote it last (a member who became an outside
   * collaborator was seen, under the other dataset).
   */
  sweep(sourceId: string, runId: number, entities: readonly DatasetEntity[], expiredAt: string): number {
    let expired = 0;
    for (const entity of entities) {
      const { table } = entityTables[entity];
      expired += this.sqlite
        .prepare(
          `UPDATE ${table} SET expired_at = ? WHERE source_id = ? AND last_seen_run <> ? AND expired_at IS NULL`,
        )
        .run(expiredAt, sourceId, runId).changes;
    }
    return expired;
  }
}
