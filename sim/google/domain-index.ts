// Lookups the routes need on a generated domain: users and groups by id or email (Google accepts either
// as userKey/groupKey), org units by id.
import type { GeneratedGoogleDomain, GoogleGroupRecord, GoogleUserRecord } from './domain-types.ts';

export class GoogleDomainIndex {
  private readonly users = new Map<string, GoogleUserRecord>();
  private readonly groups = new Map<string, GoogleGroupRecord>();
  /** Users users.list returns without showDeleted, in order. */
  readonly liveUsers: GoogleUserRecord[];
  readonly deletedUsers: GoogleUserRecord[];

  constructor(readonly domain: GeneratedGoogleDomain) {
    for (const user of domain.users) {
      if (user.deletionTime !== null) continue;
      this.users.set(user.id, user);
      this.users.set(user.primaryEmail.toLowerCase(), user);
      for (const alias of user.aliases) this.users.set(alias.toLowerCase(), user);
    }
    for (const group of domain.groups) {
      this.groups.set(group.id, group);
      this.groups.set(group.email.toLowerCase(), group);
    }
    this.liveUsers = domain.users.filter((u) => u.deletionTime === null);
    this.deletedUsers = domain.users.filter((u) => u.deletionTime !== null);
  }

  user(key: string): GoogleUserRecord | undefined {
    return this.users.get(key) ?? this.users.get(key.toLowerCase());
  }

  group(key: string): GoogleGroupRecord | undefined {
    return this.groups.get(key) ?? this.groups.get(key.toLowerCase());
  }
}
