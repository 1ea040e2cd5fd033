// Runs one dataset of a sync: start/batches/end events on the channel, pages counted, failures turned
// into an incomplete dataset with its reason instead of an exception that would end the whole sync.
import type { ErrorClass } from '../../../src-shared/connection-status.ts';
import type { DatasetEntity, EntityRecordMap } from '../../../src-shared/datasets.ts';
import type { EventChannel } from './event-channel.ts';
import type { SyncEvent } from './types.ts';
import { datasetPageCounter } from './page-counter.ts';
import { datasetDeclaration } from './registry.ts';

// Big enough that a commit amortizes its index and WAL work (bench/ingest: 1k rows → ~50k rows/s, 5k → ~75k).
const batchSize = 5_000;

export class DatasetWriter<E extends DatasetEntity> {
  private buffer: EntityRecordMap[E][] = [];
  rows = 0;
  /** Problems that leave the dataset incomplete without stopping it (e.g. one group's members failed). */
  readonly problems: string[] = [];
  errorClass: ErrorClass | null = null;

  constructor(
    private readonly channel: EventChannel<SyncEvent>,
    /** The artifact kind it writes, e.g. okta.users. */
    readonly dataset: string,
    private readonly entity: E,
  ) {}

  async add(record: EntityRecordMap[E]): Promise<void> {
    this.buffer.push(record);
    this.rows++;
    if (this.buffer.length >= batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const records = this.buffer;
    this.buffer = [];
    await this.channel.push({
      type: 'batch',
      dataset: this.dataset,
      entity: this.entity,
      records,
    } as SyncEvent);
  }
}

export interface DatasetSpec<E extends DatasetEntity> {
  dataset: string;
  entity: E;
  endpoint: string;
  query: Record<string, string>;
}

export interface DatasetOutcome {
  /** Rows the provider reports, where it does. */
  reportedCount?: number | null;
  endpoints?: string[];
}

export type FailureClassifier = (error: unknown) => { errorClass: ErrorClass; message: string };

export async function runDataset<E extends DatasetEntity>(
  channel: EventChannel<SyncEvent>,
  spec: DatasetSpec<E>,
  classify: FailureClassifier,
  body: (out: DatasetWriter<E>) => Promise<DatasetOutcome>,
): Promise<boolean> {
  await channel.push({ type: 'dataset_start', ...spec } as SyncEvent);
  const out = new DatasetWriter(channel, spec.dataset, spec.entity);
  const counter = { pages: 0 };
  let outcome: DatasetOutcome = {};
  let fatal: string | null = null;
  try {
    outcome = await datasetPageCounter.run(counter, () => body(out));
    await out.flush();
  } catch (error) {
    const failure = classify(error);
    fatal = failure.message;
    out.errorClass = failure.errorClass;
    await out.flush();
  }
  const reasons = [...(fatal ? [fatal] : []), ...out.problems];
  // A dataset the credential may not read names the permission its connector declares for it.
  const permission =
    out.errorClass === 'missing_permissions' ? datasetDeclaration(spec.dataset)?.permission : undefined;
  if (permission) reasons.push(`Reading it needs: ${permission}.`);
  await channel.push({
    type: 'dataset_end',
    dataset: spec.dataset,
    complete: reasons.length === 0,
    reason: reasons.length ? reasons.join(' ') : null,
    errorClass: out.errorClass,
    pages: counter.pages,
    reportedCount: outcome.reportedCount ?? null,
    endpoints: outcome.endpoints ?? [spec.endpoint],
  });
  return reasons.length === 0;
}
