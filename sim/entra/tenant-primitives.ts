// Building blocks of the Entra tenant generator: seeded GUIDs, Graph-shaped timestamps and secrets.
import type { SeededRandom } from '../shared/random.ts';
import { wholeSecondIso } from '../shared/timestamps.ts';

export const DAY = 86_400_000;

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** A version-4-shaped GUID from the seeded stream (lowercase, as Graph prints ids). */
export function randomGuid(rng: SeededRandom): string {
  const word = (): number => Math.floor(rng.next() * 4294967296);
  const a = hex8(word());
  const b = hex8(word());
  const c = hex8(word());
  const d = hex8(word());
  // Version nibble 4, variant 8-b, as Entra's object ids carry.
  const variant = '89ab'[parseInt(c[0] as string, 16) & 3] as string;
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/** Object ids: seeded GUIDs, never the same twice in one tenant. */
export function guidFactory(rng: SeededRandom): () => string {
  const issued = new Set<string>();
  return () => {
    for (;;) {
      const out = randomGuid(rng);
      if (!issued.has(out)) {
        issued.add(out);
        return out;
      }
    }
  };
}

/** Graph's directory timestamps: whole seconds, `Z` (`2021-06-17T16:41:33Z`). */
export function isoSeconds(ms: number): string {
  return wholeSecondIso(ms, 'Z');
}

/** A moment `minDays`..`maxDays` before `reference`, at a random second. */
export function daysBefore(rng: SeededRandom, reference: number, minDays: number, maxDays: number): number {
  return reference - (minDays + rng.next() * (maxDays - minDays)) * DAY;
}

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~';

/**
 * A client secret value as the portal issues them: 40 characters whose 4th to 6th are `8Q~` (the
 * secret's version marker). Its first three characters are the `hint` Graph reports.
 */
export function clientSecretValue(rng: SeededRandom): string {
  const chars = (n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += SECRET_ALPHABET[rng.int(SECRET_ALPHABET.length)];
    return out;
  };
  return `${chars(3)}8Q~${chars(34)}`;
}

/** Base64 of 20 random bytes: what a SHA-1 certificate thumbprint looks like as customKeyIdentifier. */
export function thumbprintBase64(rng: SeededRandom): string {
  const bytes = Buffer.alloc(20);
  for (let i = 0; i < 20; i++) bytes[i] = rng.int(256);
  return bytes.toString('base64');
}

/** Index into `weights` drawn proportionally to them, from precomputed cumulative sums. */
export function pickCumulative(rng: SeededRandom, cumulative: readonly number[]): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const roll = rng.next() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) > roll) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function cumulativeSums(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((w) => (total += w));
}
