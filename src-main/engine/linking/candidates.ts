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

interface PreparedIdentity {
  identity: IdentityForRanking;
  name: Set<string>;
  local: Set<string>;
}

/** Dice coefficient over character bigrams: 1 for the same bigrams, 0 for nothing in common. */
function dice(x: Set<string>, y: Set<string>): number {
  if (x.size + y.size === 0) return 0;
  let shared = 0;
  for (const gram of x) if (y.has(gram)) shared++;
  return (2 * shared) / (x.size + y.size);
}

export class CandidateIndex {
  private readonly byToken = new Map<string, PreparedIdentity[]>();
  /** Tokens shared by more identities than this say nothing about who someone is ("john", "admin"). */
  private readonly maxPosting: number;

  constructor(identities: Iterable<IdentityForRanking>) {
    let count = 0;
    for (const identity of identities) {
      count++;
      const prepared: PreparedIdentity = {
        identity,
        name: bigrams((identity.displayName ?? '').toLowerCase()),
        local: bigrams(nameTokens(identity.email ?? identity.login).join('.')),
      };
      for (const token of nameTokens(identity.displayName, identity.email, identity.login)) {
        const list = this.byToken.get(token);
        if (list) list.push(prepared);
        else this.byToken.set(token, [prepared]);
      }
    }
    this.maxPosting = Math.max(50, Math.ceil(count * 0.01));
  }

  rank(
    account: { displayName: string | null; email: string | null; login: string | null },
    limit = 3,
  ): RankedCandidate[] {
    const name = bigrams((account.displayName ?? '').toLowerCase());
    const local = bigrams(nameTokens(account.email ?? account.login).join('.'));
    const pool = new Set<PreparedIdentity>();
    for (const token of nameTokens(account.displayName, account.email, account.login)) {
      const posting = this.byToken.get(token);
      if (posting && posting.length <= this.maxPosting) for (const prepared of posting) pool.add(prepared);
    }
    const ranked: RankedCandidate[] = [];
    for (const { identity, name: identityName, local: identityLocal } of pool) {
      const nameScore = dice(name, identityName);
      const emailScore = dice(local, identityLocal);
      const score =
        Math.round((0.6 * Math.max(nameScore, emailScore) + 0.4 * Math.min(nameScore, emailScore)) * 100) /
        100;
      if (score > 0.2) {
        ranked.push({
          identityId: identity.id,
          displayName: identity.displayName,
          email: identity.email,
          score,
        });
      }
    }
    return ranked.sort((a, b) => b.score - a.score || a.identityId - b.identityId).slice(0, limit);
  }
}
