// The permissions a connector declares for its datasets (describe().datasets[].permission), in the words a
// failed Test Connection uses, so the user reads the same permission there as in a partial artifact's reason.
import { datasetDeclaration } from './registry.ts';

/** Each declared permission of `datasets`, once, in order. */
export function declaredPermissions(datasets: readonly string[]): string[] {
  const found = datasets.map((kind) => datasetDeclaration(kind)?.permission);
  return [...new Set(found.filter((p): p is string => typeof p === 'string'))];
}

/** "Reading it needs: A; B." for the datasets a credential may not read ('' when none is declared). */
export function needsSentence(datasets: readonly string[]): string {
  const permissions = declaredPermissions(datasets);
  return permissions.length ? `Reading it needs: ${permissions.join('; ')}.` : '';
}
