// Lookups over a generated instance: groups by id or full path, descendants, projects of a group tree,
// and effective memberships (`members/all`) the way GitLab computes them: the direct members of the
// group or project and of every ancestor group, one row per user, the highest access level winning
// (the nearest source on a tie). Computed lazily and cached: a 50k-user instance has thousands of them.
import type {
  GeneratedGitLabInstance,
  GroupRecord,
  MembershipRecord,
  ProjectRecord,
  UserRecord,
} from './instance-types.ts';

export interface EffectiveMembership {
  membership: MembershipRecord;
  /** Where the winning membership is held: the project itself, or a group (itself or an ancestor). */
  source: { type: 'project' | 'group'; id: number };
}

export class GitLabInstanceIndex {
  readonly usersById = new Map<number, UserRecord>();
  readonly groupsById = new Map<number, GroupRecord>();
  readonly groupsByPath = new Map<string, GroupRecord>();
  readonly projectsById = new Map<number, ProjectRecord>();
  readonly projectsByPath = new Map<string, ProjectRecord>();
  private readonly children = new Map<number, GroupRecord[]>();
  private readonly effectiveGroups = new Map<number, EffectiveMembership[]>();
  private readonly effectiveProjects = new Map<number, EffectiveMembership[]>();

  constructor(readonly instance: GeneratedGitLabInstance) {
    for (const user of instance.users) this.usersById.set(user.id, user);
    for (const group of instance.groups) {
      this.groupsById.set(group.id, group);
      this.groupsByPath.set(group.fullPath.toLowerCase(), group);
      if (group.parentId !== null) {
        const list = this.children.get(group.parentId) ?? [];
        list.push(group);
        this.children.set(group.parentId, list);
      }
    }
    for (const project of instance.projects) {
      this.projectsById.set(project.id, project);
      this.projectsByPath.set(this.projectPath(project).toLowerCase(), project);
    }
  }

  projectPath(project: ProjectRecord): string {
    return `${(this.groupsById.get(project.namespaceId) as GroupRecord).fullPath}/${project.path}`;
  }

  /** A group by numeric id or URL-encoded full path, as GitLab's `:id` accepts both. */
  group(idOrPath: string): GroupRecord | undefined {
    return /^\d+$/.test(idOrPath)
      ? this.groupsById.get(Number(idOrPath))
      : this.groupsByPath.get(idOrPath.toLowerCase());
  }

  project(idOrPath: string): ProjectRecord | undefined {
    return /^\d+$/.test(idOrPath)
      ? this.projectsById.get(Number(idOrPath))
      : this.projectsByPath.get(idOrPath.toLowerCase());
  }

  /** Every group below `group` (not itself), by id as GitLab orders `descendant_groups`. */
  descendants(group: GroupRecord): GroupRecord[] {
    const out: GroupRecord[] = [];
    const stack = [...(this.children.get(group.id) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as GroupRecord;
      out.push(next);
      stack.push(...(this.children.get(next.id) ?? []));
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** Projects of `group`, and of its subgroups when asked, by id. */
  projectsOf(group: GroupRecord, includeSubgroups: boolean): ProjectRecord[] {
    const ids = new Set([group.id, ...(includeSubgroups ? this.descendants(group).map((g) => g.id) : [])]);
    return this.instance.projects.filter((p) => ids.has(p.namespaceId));
  }

  /** The group and its ancestors, nearest first. */
  chain(group: GroupRecord): GroupRecord[] {
    const out: GroupRecord[] = [];
    let current: GroupRecord | undefined = group;
    while (current) {
      out.push(current);
      current = current.parentId === null ? undefined : this.groupsById.get(current.parentId);
    }
    return out;
  }

  directGroupMembers(group: GroupRecord): MembershipRecord[] {
    return this.instance.groupMembers.get(group.id) ?? [];
  }

  directProjectMembers(project: ProjectRecord): MembershipRecord[] {
    return this.instance.projectMembers.get(project.id) ?? [];
  }

  effectiveGroupMembers(group: GroupRecord): EffectiveMembership[] {
    let cached = this.effectiveGroups.get(group.id);
    if (!cached) {
      cached = effective(
        this.chain(group).map((g) => ({
          type: 'group' as const,
          id: g.id,
          list: this.directGroupMembers(g),
        })),
      );
      this.effectiveGroups.set(group.id, cached);
    }
    return cached;
  }

  effectiveProjectMembers(project: ProjectRecord): EffectiveMembership[] {
    let cached = this.effectiveProjects.get(project.id);
    if (!cached) {
      const namespace = this.groupsById.get(project.namespaceId) as GroupRecord;
      cached = effective([
        { type: 'project', id: project.id, list: this.directProjectMembers(project) },
        ...this.chain(namespace).map((g) => ({
          type: 'group' as const,
          id: g.id,
          list: this.directGroupMembers(g),
        })),
      ]);
      this.effectiveProjects.set(project.id, cached);
    }
    return cached;
  }
}

function effective(
  sources: Array<{ type: 'project' | 'group'; id: number; list: MembershipRecord[] }>,
): EffectiveMembership[] {
  const best = new Map<number, EffectiveMembership>();
  for (const source of sources) {
    for (const membership of source.list) {
      const current = best.get(membership.userId);
      if (!current || membership.accessLevel > current.membership.accessLevel) {
        best.set(membership.userId, { membership, source: { type: source.type, id: source.id } });
      }
    }
  }
  return [...best.values()].sort((a, b) => a.membership.userId - b.membership.userId);
}
