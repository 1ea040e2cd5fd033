// What the human-facing exports (XLSX, PDF) agree on: the report's title, how provenance reads to an auditor,
// which cell values are timestamps, and a look at the first rows before the rest streams past.
import { connectorDisplayName, datasetDeclaration } from '../connectors/registry.ts';
import type { StoredArtifact } from '../evidence/artifact-reader.ts';
import type { Provenance } from '../evidence/provenance.ts';

export type ArtifactRow = Record<string, unknown>;

const derivedSuffixes: Record<string, string> = { sample: 'sample', diff: 'period diff' };

function words(identifier: string): string {
  return identifier
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
}

/**
 * The report title of a dataset kind, from its connector's declaration: "idp.users" → "Idp users",
 * "idp.group_members.sample" → "Idp group members (sample)". Kinds nobody declares (findings) read as
 * their words, the first one capitalised (the provider part, named by its connector when it has one).
 */
export function datasetTitle(dataset: string): string {
  const declared = datasetDeclaration(dataset);
  let title: string;
  let rest: string[];
  if (declared) {
    title = declared.title;
    rest = dataset.slice(declared.kind.length).split('.').filter(Boolean);
  } else {
    const [provider = dataset, entity, ...more] = dataset.split('.');
    const providerName =
      connectorDisplayName(provider) ?? provider.charAt(0).toUpperCase() + provider.slice(1);
    title = entity ? `${providerName} ${words(entity)}` : providerName;
    rest = more;
  }
  const suffix = rest.map((part) => derivedSuffixes[part] ?? words(part)).join(', ');
  return suffix ? `${title} (${suffix})` : title;
}

/** The first characters of a hash, enough to tell artifacts apart at a glance. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

const timestampPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2}))?$/;
/** Before 1900-03-01 Excel's serial dates are off by one (its 1900 leap-year bug); after 9999 they end. */
const excelFirstDate = Date.UTC(1900, 2, 1);
const excelLastDate = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export interface Timestamp {
  date: Date;
  /** False for a date alone ("2024-05-01"). */
  hasTime: boolean;
}

/**
 * An ISO 8601 timestamp with an explicit zone ("2024-05-01T10:00:00Z", "...+02:00") or a date alone, as a
 * Date; null for anything else, including local times without a zone (they name no instant) and dates a
 * spreadsheet cannot hold.
 */
export function parseTimestamp(value: string): Timestamp | null {
  if (value.length < 10 || value.length > 40) return null;
  const match = timestampPattern.exec(value);
  if (!match) return null;
  const [, year, month, day, hour] = match;
  const hasTime = hour !== undefined;
  const date = new Date(hasTime ? value : `${value}T00:00:00Z`);
  const time = date.getTime();
  if (Number.isNaN(time) || time < excelFirstDate || time > excelLastDate) return null;
  // Date rolls 2024-02-30 over to March; such a value is text, not a date.
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return null;
  if (!hasTime || match[8] === 'Z') {
    if (date.getUTCFullYear() !== Number(year) || date.getUTCDate() !== Number(day)) return null;
  }
  return { date, hasTime };
}

/** "2024-05-01 10:00:00" (UTC), with milliseconds only when there are some. */
export function formatUtc(timestamp: Timestamp): string {
  const iso = timestamp.date.toISOString();
  if (!timestamp.hasTime) return iso.slice(0, 10);
  const millis = iso.slice(19, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${millis === '.000' ? '' : millis}`;
}

export interface ProvenanceEntry {
  /** What an auditor reads. */
  label: string;
  /** The provenance field it comes from, as in the JSON export ('' for the artifact's own id). */
  key: keyof Provenance | 'id';
  /** Rendered for reading; lists one item per line. */
  value: string;
}

type FieldRenderer = (provenance: Provenance) => { label: string; value: string };

const canonicalForms: Record<Provenance['canonicalForm'], string> = {
  'jsonl-v1': 'jsonl-v1: one JSON object per line, columns in order, rows sorted by their key columns',
};

function describeDerivation(derivation: NonNullable<Provenance['derivation']>): string {
  const parents = derivation.parents.map((parent) => `${parent.id} (SHA-256 ${parent.sha256})`);
  const parameters = Object.entries(derivation.parameters).map(
    ([name, value]) => `${name} = ${String(value)}`,
  );
  return [
    `${derivation.type === 'sample' ? 'Sample' : 'Period diff'} of ${parents.join(' and ')}`,
    ...parameters,
  ].join('\n');
}

/**
 * One renderer per provenance field, in reading order. Typed against the schema, so a field added to the
 * provenance cannot be left out of the exports' provenance pages without a type error here.
 */
const provenanceFields = {
  dataset: (p) => ({ label: 'Dataset', value: p.dataset }),
  source: (p) => ({ label: 'Source', value: `${p.source.name} (${p.source.kind}, ${p.source.id})` }),
  complete: (p) => ({ label: 'Population', value: p.complete ? 'COMPLETE' : 'PARTIAL' }),
  partialReason: (p) => ({
    label: 'Partial because',
    value: p.partialReason ?? (p.complete ? '—' : 'no reason was recorded'),
  }),
  rowsCollected: (p) => ({ label: 'Rows collected', value: p.rowsCollected.toLocaleString('en-US') }),
  providerReportedCount: (p) => ({
    label: 'Provider-reported count',
    value:
      p.providerReportedCount === null
        ? 'not reported by the provider'
        : p.providerReportedCount.toLocaleString('en-US'),
  }),
  pagesFetched: (p) => ({ label: 'Pages fetched', value: p.pagesFetched.toLocaleString('en-US') }),
  endpoints: (p) => ({ label: 'Endpoints', value: p.endpoints.join('\n') || '—' }),
  query: (p) => ({
    label: 'Query parameters',
    value:
      Object.entries(p.query)
        .map(([name, value]) => `${name}=${value}`)
        .join('\n') || '(none)',
  }),
  collectionStartedAt: (p) => ({ label: 'Collection started', value: p.collectionStartedAt }),
  collectionFinishedAt: (p) => ({ label: 'Collection finished', value: p.collectionFinishedAt }),
  syncRunId: (p) => ({ label: 'Sync run', value: String(p.syncRunId) }),
  credentialFingerprint: (p) => ({ label: 'Credential fingerprint', value: p.credentialFingerprint }),
  vouchVersion: (p) => ({ label: 'Collected with', value: `Vouch ${p.vouchVersion}` }),
  columns: (p) => ({ label: 'Columns', value: p.columns.join(', ') }),
  keyColumns: (p) => ({ label: 'Key columns', value: p.keyColumns.join(', ') || '—' }),
  derivation: (p) => ({
    label: 'Derived from',
    value: p.derivation ? describeDerivation(p.derivation) : '— (collected directly from the source)',
  }),
  canonicalForm: (p) => ({ label: 'Canonical form', value: canonicalForms[p.canonicalForm] }),
  sha256: (p) => ({ label: 'SHA-256', value: p.sha256 }),
} satisfies Record<keyof Provenance, FieldRenderer>;

/** Every provenance field, readable, preceded by the artifact's id. */
export function provenanceEntries(artifact: StoredArtifact): ProvenanceEntry[] {
  return [
    { label: 'Artifact', key: 'id', value: artifact.id },
    ...(Object.keys(provenanceFields) as (keyof typeof provenanceFields)[]).map((key) => ({
      key,
      ...provenanceFields[key](artifact.provenance),
    })),
  ];
}

export interface PopulationStatus {
  /** "COMPLETE POPULATION", "PARTIAL POPULATION", "SAMPLE OF A COMPLETE POPULATION", ... */
  headline: string;
  /** What that means for this artifact, in a sentence or two. */
  detail: string;
}

const count = (n: number) => n.toLocaleString('en-US');

/** Whether the population is complete, and why not, in words an auditor can put in a workpaper. */
export function populationStatus(provenance: Provenance): PopulationStatus {
  const rows = `${count(provenance.rowsCollected)} row${provenance.rowsCollected === 1 ? '' : 's'}`;
  const reason = provenance.partialReason ?? 'no reason was recorded';
  const { derivation } = provenance;
  if (derivation) {
    const parents = derivation.parents.map((parent) => parent.id).join(' and ');
    const what = derivation.type === 'sample' ? 'SAMPLE OF A' : 'DIFF OF';
    if (provenance.complete) {
      return {
        headline: `${what} COMPLETE POPULATION${derivation.type === 'diff' ? 'S' : ''}`,
        detail: `${rows} derived from ${parents}; every population it was derived from is complete.`,
      };
    }
    return {
      headline: `${what} PARTIAL POPULATION${derivation.type === 'diff' ? 'S' : ''}`,
      detail: `${rows} derived from ${parents}. ${reason}. Do not rely on it as drawn from a complete population.`,
    };
  }
  const reported =
    provenance.providerReportedCount === null
      ? 'the provider reports no total for this listing'
      : `the provider reported ${count(provenance.providerReportedCount)}`;
  if (provenance.complete) {
    return {
      headline: 'COMPLETE POPULATION',
      detail: `Every row the source returned for this query is included: ${rows} collected; ${reported}.`,
    };
  }
  return {
    headline: 'PARTIAL POPULATION',
    detail: `This population is incomplete: ${reason}. ${rows} collected; ${reported}. Do not rely on it as a complete population.`,
  };
}

/**
 * Reads the first `size` rows (for column widths and types) and hands back an iterable of every row,
 * those first ones included. The source's hash check still runs when the returned rows are exhausted.
 */
export async function peekRows(
  source: AsyncIterable<ArtifactRow>,
  size: number,
): Promise<{ sample: ArtifactRow[]; rows: AsyncIterable<ArtifactRow> }> {
  const iterator = source[Symbol.asyncIterator]();
  const sample: ArtifactRow[] = [];
  let exhausted = false;
  try {
    while (sample.length < size) {
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      sample.push(next.value);
    }
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  async function* all(): AsyncGenerator<ArtifactRow> {
    let finished = exhausted;
    try {
      yield* sample;
      while (!finished) {
        const next = await iterator.next();
        if (next.done) finished = true;
        else yield next.value;
      }
    } finally {
      // A consumer that stops early (a write error) releases the artifact's file.
      if (!finished) await iterator.return?.();
    }
  }
  return { sample, rows: all() };
}
