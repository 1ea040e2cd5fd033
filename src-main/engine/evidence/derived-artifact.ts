// Shared by samples and diffs: the provenance of an artifact derived from others.
import type { StoredArtifact } from './artifact-reader.ts';
import type { ProvenanceDraft } from './artifact-writer.ts';
import type { Provenance } from './provenance.ts';

export function derivedProvenance(
  base: StoredArtifact,
  parents: StoredArtifact[],
  kind: string,
  derivation: Omit<NonNullable<Provenance['derivation']>, 'parents'>,
  columns: string[],
): ProvenanceDraft {
  const partial = parents.filter((p) => !p.complete);
  const { sha256: _sha, rowsCollected: _rows, canonicalForm: _form, ...inherited } = base.provenance;
  return {
    ...inherited,
    dataset: kind,
    columns,
    complete: partial.length === 0,
    partialReason: partial.length
      ? `Derived from a partial snapshot: ${partial.map((p) => `${p.id} (${p.provenance.partialReason ?? 'partial'})`).join('; ')}`
      : null,
    derivation: { ...derivation, parents: parents.map((p) => ({ id: p.id, sha256: p.sha256 })) },
  };
}
