// Period comparison: rows added, removed and changed between two snapshots of the same dataset, matched
// on the dataset's key columns, as a derived artifact sorted by key.
import { VouchError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { getArtifact, readArtifactRows } from './artifact-reader.ts';
import { writeArtifact, type WrittenArtifact } from './artifact-writer.ts';
import { derivedProvenance } from './derived-artifact.ts';

type Row = Record<string, unknown>;

export class IncomparableArtifactsError extends VouchError {
  constructor(problem: string) {
    super(
      'incomparable_artifacts',
      problem,
      'Compare two snapshots of the same dataset from the same source.',
    );
  }
}

export interface DiffSummary extends WrittenArtifact {
  added: number;
  removed: number;
  changed: number;
}

export async function createDiff(store: Store, fromId: string, toId: string): Promise<DiffSummary> {
  const from = getArtifact(store, fromId);
  const to = getArtifact(store, toId);
  if (from.kind !== to.kind || from.provenance.source.id !== to.provenance.source.id) {
    throw new IncomparableArtifactsError(
      `${fromId} is ${from.kind} from ${from.sourceName}, ${toId} is ${to.kind} from ${to.sourceName}.`,
    );
  }
  const keyColumns = to.provenance.keyColumns;
  const keyOf = (row: Row) => JSON.stringify(keyColumns.map((column) => row[column] ?? null));
  const before = new Map<string, Row>();
  for await (const row of readArtifactRows(from)) before.set(keyOf(row), row);

  const columns = to.provenance.columns;
  const changes: { key: string; row: Row }[] = [];
  let added = 0;
  let changed = 0;
  for await (const row of readArtifactRows(to)) {
    const key = keyOf(row);
    const previous = before.get(key);
    before.delete(key);
    if (!previous) {
      added++;
      changes.push({ key, row: { change: 'added', ...row, changed_fields: null, previous_values: null } });
      continue;
    }
    const fields = columns.filter(
      (c) => JSON.stringify(previous[c] ?? null) !== JSON.stringify(row[c] ?? null),
    );
    if (fields.length === 0) continue;
    changed++;
    const previousValues = Object.fromEntries(fields.map((f) => [f, previous[f] ?? null]));
    changes.push({
      key,
      row: {
        change: 'changed',
        ...row,
        changed_fields: fields.join(','),
        previous_values: JSON.stringify(previousValues),
      },
    });
  }
  for (const [key, row] of before) {
    changes.push({ key, row: { change: 'removed', ...row, changed_fields: null, previous_values: null } });
  }
  const removed = before.size;
  changes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const provenance = derivedProvenance(
    to,
    [from, to],
    `${to.kind}.diff`,
    {
      type: 'diff',
      parameters: { from: fromId, to: toId, added, removed, changed, matchedOn: keyColumns.join(',') },
    },
    ['change', ...columns, 'changed_fields', 'previous_values'],
  );
  provenance.collectionStartedAt = from.provenance.collectionStartedAt;
  const written = await writeArtifact(store, provenance, [changes.map((c) => c.row)]);
  return { ...written, added, removed, changed };
}
