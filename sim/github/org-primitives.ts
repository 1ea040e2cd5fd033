// Building blocks of the GitHub org generator: GitHub-shaped ids, node ids and timestamps, slugs.
import type { SeededRandom } from '../shared/random.ts';

export const DAY = 86_400_000;

/**
 * GitHub's node ids: a type prefix and the base64url of msgpack `[0, id]` (e.g. `U_kgDOAE9m6w`), which
 * is what api.github.com returns for users, orgs, teams and repositories today.
 */
export function nodeId(prefix: 'U' | 'O' | 'T' | 'R', id: number): string {
  const bytes = Buffer.alloc(7);
  bytes[0] = 0x92;
  bytes[1] = 0x00;
  bytes[2] = 0xce;
  bytes.writeUInt32BE(id, 3);
  return `${prefix}_${bytes.toString('base64url')}`;
}

/** Legacy-format node id (`MDE2OkV4dGVybmFsSWRlbnRpdHkxMjM=`), still used for external identities. */
export function legacyNodeId(type: string, id: number): string {
  const text = `${type}${id}`;
  return Buffer.from(`${String(type.length).padStart(3, '0')}:${text}`).toString('base64');
}

/** GitHub REST timestamps have whole seconds and no fraction: `2011-01-26T19:01:12Z`. */
export function ghTimestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Team slugs: lowercase, runs of anything else become one hyphen. */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** ASCII-only lowercase, for logins and email local parts. */
export function asciiWord(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export function uuid(rng: SeededRandom): string {
  const hex = Array.from({ length: 32 }, () => '0123456789abcdef'[rng.int(16)]).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[rng.int(4)]}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** `howMany` distinct indexes below `n`, ascending. */
export function sampleIndexes(rng: SeededRandom, n: number, howMany: number): number[] {
  if (howMany >= n) return Array.from({ length: n }, (_, i) => i);
  const taken = new Uint8Array(n);
  const picked: number[] = [];
  while (picked.length < howMany) {
    const index = rng.int(n);
    if (taken[index] === 0) {
      taken[index] = 1;
      picked.push(index);
    }
  }
  return picked.sort((a, b) => a - b);
}
