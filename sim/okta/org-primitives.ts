// Building blocks shared by the Okta org generator's parts: the generation context, Okta-shaped ids and
// timestamps, and weighted sampling.
import type { SeededRandom } from '../shared/random.ts';
import { wholeSecondIso } from '../shared/timestamps.ts';

export const DAY = 86_400_000;

/** What every part of the generator draws from; one per generated org. */
export interface GenerationContext {
  rng: SeededRandom;
  newId: (prefix: string) => string;
  /** Epoch ms the data is generated "as of". */
  reference: number;
  /** Epoch ms the org was created; nothing predates it. */
  orgCreated: number;
}

/**
 * Okta ids: a 3-character type prefix, 14 random characters and a 3-character cell suffix shared by the
 * whole org (e.g. `00u118oQYT4TBTemp0g4`).
 */
export function idFactory(rng: SeededRandom): (prefix: string) => string {
  const cell = `${rng.int(2)}${rng.pick(['g', 'h', 'w', 'd'])}${rng.int(10)}`;
  const issued = new Set<string>();
  return (prefix) => {
    for (;;) {
      const id = prefix + rng.base62(14) + cell;
      if (!issued.has(id)) {
        issued.add(id);
        return id;
      }
    }
  };
}

/** Okta timestamps have whole seconds: `2022-04-04T15:56:05.000Z`. */
export function timestamp(ms: number): string {
  return wholeSecondIso(ms, '.000Z');
}

export function cumulative(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((w) => (total += w));
}

export function pickWeighted(rng: SeededRandom, cumulativeWeights: readonly number[]): number {
  const target = rng.next() * (cumulativeWeights[cumulativeWeights.length - 1] as number);
  let lo = 0;
  let hi = cumulativeWeights.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulativeWeights[mid] as number) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
/** `howMany` distinct items, kept in the order of `from` (which is id order). */
export function sampleDistinct(rng: SeededRandom, from: readonly string[], howMany: number): string[] {
  if (howMany >= from.length) return [...from];
  // A bitmap and a typed array instead of a Set: 100k-user orgs draw close to a million samples.
  const taken = new Uint8Array(from.length);
  const picked = new Int32Array(howMany);
  for (let count = 0; count < howMany;) {
    const index = rng.int(from.length);
    if (taken[index] === 0) {
      taken[index] = 1;
      picked[count++] = index;
    }
  }
  return Array.from(picked.sort(), (index) => from[index] as string);
}
