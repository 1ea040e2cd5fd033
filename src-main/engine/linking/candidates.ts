// Ranked candidate identities for an account nobody could link automatically: similarity of names and of
// the email's local part, over identities that share at least one name token (so 200k identities are not
// all scored for every queued account).

export interface IdentityForRanking {
  id: number;
  displayName: string | null;
  email: string | null;
  login: string | null;
}

export interface RankedCandidate {
  identityId: number;
  displayName: string | null;
  email: string | null;
  score: number;
}

export function nameTokens(...values: (string | null | undefined)[]): string[] {
  const tokens = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    const local = value.includes('@') ? value.slice(0, value.indexOf('@')) : value;
    for (const token of local.toLowerCase().split(/[^a-z0-9]+/)) if (token.length >= 2) tokens.add(token);
  }
  return [...tokens];
}

function bigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i < text.length - 1; i++) grams.add(text.slice(i, i + 2));
  return grams;
}

/** Dice coefficient over character bigrams: 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  let shared = 0;
  for (const gram of x) if (y.has(gram)) shared++;
  return x.size + y.size === 0 ? 0 : (2 * shared) / (x.size + y.size);
}

export class CandidateIndex {
  private readonly byToken = new Map<string, number[]>();
  private readonly byId = new Map<number, IdentityForRanking>();

  constructor(identities: Iterable<IdentityForRanking>) {
    for (const identity of identities) {
      this.byId.set(identity.id, identity);
      for (const token of nameTokens(identity.displayName, identity.email, identity.login)) {
        const list = this.byToken.get(token);
        if (list) list.push(identity.id);
        else this.byToken.set(token, [identity.id]);
      }
    }
  }

  rank(
    account: { displayName: string | null; email: string | null; login: string | null },
    limit = 3,
  ): RankedCandidate[] {
    const accountName = (account.displayName ?? '').toLowerCase();
    const accountLocal = nameTokens(account.email ?? account.login).join('.');
    const pool = new Set<number>();
    for (const token of nameTokens(account.displayName, account.email, account.login)) {
      for (const id of this.byToken.get(token) ?? []) pool.add(id);
    }
    const ranked: RankedCandidate[] = [];
    for (const id of pool) {
      const identity = this.byId.get(id) as IdentityForRanking;
      const nameScore = similarity(accountName, (identity.displayName ?? '').toLowerCase());
      const emailScore = similarity(accountLocal, nameTokens(identity.email ?? identity.login).join('.'));
      const score =
        Math.round((0.6 * Math.max(nameScore, emailScore) + 0.4 * Math.min(nameScore, emailScore)) * 100) /
        100;
      if (score > 0.2)
        ranked.push({ identityId: id, displayName: identity.displayName, email: identity.email, score });
    }
    return ranked.sort((a, b) => b.score - a.score || a.identityId - b.identityId).slice(0, limit);
  }
}
