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

export class IdentityGraphWriter {
  private readonly upserts = new Map<DatasetEntity, Database.Statement>();

  constructor(private readonly sqlite: Database.Database) {}

  private upsert(entity: DatasetEntity): Database.Statement {
    let statement = this.upserts.get(entity);
    if (!statement) {
      statement = this.sqlite.prepare(upsertSql(entityTables[entity] as EntityTable<DatasetEntity>));
      this.upserts.set(entity, statement);
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
    const statement = this.upsert(entity);
    const table = entityTables[entity];
    for (const record of records) {
      statement.run(sourceId, ...table.toValues(record), dataset, runId, runId);
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
