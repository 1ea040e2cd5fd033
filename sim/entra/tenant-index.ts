// Lookups over a generated tenant, as the routes need them: objects by id, apps by appId, a group's
// transitive members (nested groups flattened, each object once), and counts.
import type {
  EntraApplicationRecord,
  EntraGroupRecord,
  EntraServicePrincipalRecord,
  EntraUserRecord,
  GeneratedEntraTenant,
  MemberKind,
  MemberRef,
} from './tenant-types.ts';

export type DirectoryObject =
  | { kind: 'user'; record: EntraUserRecord }
  | { kind: 'group'; record: EntraGroupRecord }
  | { kind: 'servicePrincipal'; record: EntraServicePrincipalRecord };

export class EntraTenantIndex {
  private readonly users = new Map<string, EntraUserRecord>();
  private readonly groups = new Map<string, EntraGroupRecord>();
  private readonly servicePrincipals = new Map<string, EntraServicePrincipalRecord>();
  private readonly applications = new Map<string, EntraApplicationRecord>();
  private readonly transitive = new Map<string, MemberRef[]>();

  constructor(readonly tenant: GeneratedEntraTenant) {
    for (const user of tenant.users) this.users.set(user.id, user);
    for (const group of tenant.groups) this.groups.set(group.id, group);
    for (const sp of tenant.servicePrincipals) this.servicePrincipals.set(sp.id, sp);
    for (const app of tenant.applications) this.applications.set(app.id, app);
  }

  user(id: string): EntraUserRecord | undefined {
    return this.users.get(id);
  }

  group(id: string): EntraGroupRecord | undefined {
    return this.groups.get(id);
  }

  servicePrincipal(id: string): EntraServicePrincipalRecord | undefined {
    return this.servicePrincipals.get(id);
  }

  application(id: string): EntraApplicationRecord | undefined {
    return this.applications.get(id);
  }

  object(ref: MemberRef): DirectoryObject | undefined {
    return this.objectOfKind(ref.kind, ref.id);
  }

  objectOfKind(kind: MemberKind, id: string): DirectoryObject | undefined {
    if (kind === 'user') {
      const record = this.users.get(id);
      return record && { kind, record };
    }
    if (kind === 'group') {
      const record = this.groups.get(id);
      return record && { kind, record };
    }
    const record = this.servicePrincipals.get(id);
    return record && { kind, record };
  }

  /** Any directory object by id (users, groups, service principals). */
  anyObject(id: string): DirectoryObject | undefined {
    return (
      this.objectOfKind('user', id) ??
      this.objectOfKind('group', id) ??
      this.objectOfKind('servicePrincipal', id)
    );
  }

  directMembers(groupId: string): readonly MemberRef[] {
    return this.tenant.members.get(groupId) ?? [];
  }

  /**
   * Every member reachable through nested groups, each once, in discovery order; nested groups are listed
   * too, as Graph's `transitiveMembers` does.
   */
  transitiveMembers(groupId: string): readonly MemberRef[] {
    let cached = this.transitive.get(groupId);
    if (!cached) {
      const seen = new Set<string>();
      const out: MemberRef[] = [];
      const stack = [groupId];
      while (stack.length > 0) {
        const current = stack.pop() as string;
        for (const member of this.directMembers(current)) {
          if (seen.has(member.id) || member.id === groupId) continue;
          seen.add(member.id);
          out.push(member);
          if (member.kind === 'group') stack.push(member.id);
        }
      }
      cached = out;
      this.transitive.set(groupId, cached);
    }
    return cached;
  }
}
