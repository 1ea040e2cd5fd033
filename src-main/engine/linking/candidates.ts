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

/** Where the index finds identities by name token (the store's identity_tokens, or a list in memory). */
export interface TokenPostings {
  /** Identities with the token, or null when more than `limit` have it. */
  identitiesWith(token: string, limit: number): IdentityForRanking[] | null;
  count(): number;
}

export class CandidateIndex {
  private readonly prepared = new Map<number, PreparedIdentity>();
  private readonly postings = new Map<string, PreparedIdentity[] | null>();
  /** Tokens shared by more identities than this say nothing about who someone is ("john", "admin"). */
  private readonly maxPosting: number;

  constructor(private readonly source: TokenPostings) {
    this.maxPosting = Math.max(50, Math.ceil(source.count() * 0.01));
  }

  private posting(token: string): PreparedIdentity[] | null {
    let list = this.postings.get(token);
    if (list === undefined) {
      const identities = this.source.identitiesWith(token, this.maxPosting);
      list = identities && identities.map((identity) => this.prepare(identity));
      this.postings.set(token, list);
    }
    return list;
  }

  private prepare(identity: IdentityForRanking): PreparedIdentity {
    let prepared = this.prepared.get(identity.id);
    if (!prepared) {
      prepared = {
        identity,
        name: bigrams((identity.displayName ?? '').toLowerCase()),
        local: bigrams(nameTokens(identity.email ?? identity.login).join('.')),
      };
      this.prepared.set(identity.id, prepared);
    }
    return prepared;
  }

  rank(
    account: { displayName: string | null; email: string | null; login: string | null },
    limit = 3,
  ): RankedCandidate[] {
    const name = bigrams((account.displayName ?? '').toLowerCase());
    const local = bigrams(nameTokens(account.email ?? account.login).join('.'));
    const pool = new Set<PreparedIdentity>();
    for (const token of nameTokens(account.displayName, account.email, account.login)) {
      const posting = this.posting(token);
      if (posting) for (const prepared of posting) pool.add(prepared);
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
