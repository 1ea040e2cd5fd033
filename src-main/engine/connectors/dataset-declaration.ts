// Builds a connector's dataset declarations from the entity registry, so columns come from the entity's zod
// schema (plus the provider attributes a connector declares with its own zod schema), never from a row.
import type { z } from 'zod';
import type { DatasetEntity } from '../../../src-shared/datasets.ts';
import { entityColumns, entityTables, extraAttributesColumn } from '../store/entity-tables.ts';
import type { DatasetDeclaration } from './types.ts';

export interface DatasetSpec {
  kind: string;
  entity: DatasetEntity;
  title: string;
  label: string;
  populationNoun: string;
  permission: string;
  /** Accounts only: provider attributes that get columns of their own (the rest go to `attributes`). */
  attributes?: z.ZodObject<z.ZodRawShape>;
}

export function declareDataset(spec: DatasetSpec): DatasetDeclaration {
  const attributeColumns = spec.attributes ? Object.keys(spec.attributes.shape).sort() : [];
  const columns = entityColumns(spec.entity);
  return {
    kind: spec.kind,
    entity: spec.entity,
    title: spec.title,
    label: spec.label,
    populationNoun: spec.populationNoun,
    permission: spec.permission,
    attributeColumns,
    columns: spec.entity === 'accounts' ? [...columns, ...attributeColumns, extraAttributesColumn] : columns,
    keyColumns: [...entityTables[spec.entity].artifactKeyColumns],
  };
}

/** The declaration a dataset nobody declared gets: the entity's columns, provider attributes as JSON. */
export function undeclaredDataset(kind: string, entity: DatasetEntity): DatasetDeclaration {
  return declareDataset({
    kind,
    entity,
    title: kind,
    label: kind,
    populationNoun: 'rows',
    permission: 'unknown',
  });
}
