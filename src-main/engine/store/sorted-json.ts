// Stable JSON for stored provider attributes: keys sorted at every depth, so an unchanged record stores the
// same text (the touch-unchanged path compares it) and its evidence hashes the same whatever order the provider used.

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function sortedJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** A JSON array column as one export cell: its items joined by `; ` (null stays null). */
export function joinedList(stored: unknown): string | null {
  if (stored === null || stored === undefined) return null;
  const items = JSON.parse(String(stored)) as unknown[];
  return items.map(String).join('; ');
}
