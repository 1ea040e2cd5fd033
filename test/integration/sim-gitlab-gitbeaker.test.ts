// GitLab's most used SDK, @gitbeaker/rest, against the simulator: it must read what the simulator
// serves (paging through Link headers, members/all, keyset users) as it reads GitLab. It also settles
// the transport question for the connector: gitbeaker hands its `agent` option to the platform fetch as
// `dispatcher`, so an undici Agent carrying our CA works (shown here); the connector still uses its own
// client because gitbeaker retries 429 after at most 128 ms, ignoring Retry-After (also shown here).
import { Gitlab } from '@gitbeaker/rest';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitLabSimulator, type GitLabSimulator } from '../../sim/gitlab/index.ts';

let sim: GitLabSimulator;
let agent: Agent;

beforeAll(async () => {
  sim = await startGitLabSimulator({ users: 150, seed: 8, subgroups: 6 });
  agent = new Agent({ connect: { ca: sim.caPem } });
});
afterAll(async () => {
  await agent.close();
  await sim.close();
});

function client() {
  return new Gitlab({ host: sim.url, token: sim.token, agent: agent as never });
}

describe('@gitbeaker/rest against the GitLab simulator', () => {
  it('lists users, descendant groups, projects and effective members across pages', async () => {
    const api = client();
    const users = await api.Users.all({ perPage: 50 });
    expect(users.map((u) => u.id)).toEqual(sim.instance.users.map((u) => u.id));
    expect(users.filter((u) => u.state === 'blocked').length).toBe(
      sim.instance.users.filter((u) => u.state === 'blocked').length,
    );
    const top = sim.instance.groups[0] as { id: number };
    const descendants = await api.Groups.allDescendantGroups(top.id, { perPage: 2 });
    expect(descendants.map((g) => g.id).sort()).toEqual(
      sim.instance.groups
        .slice(1)
        .map((g) => g.id)
        .sort(),
    );
    const projects = await api.Groups.allProjects(top.id, { includeSubgroups: true, perPage: 7 });
    expect(projects).toHaveLength(sim.instance.projects.length);
    for (const group of sim.instance.groups) {
      const members = await api.GroupMembers.all(group.id, { includeInherited: true, perPage: 5 });
      expect(members.map((m) => m.id)).toEqual(
        sim.index.effectiveGroupMembers(group).map((e) => e.membership.userId),
      );
    }
  });

  it('pages users by keyset as GitLab offers it', async () => {
    const api = client();
    const users = await api.Users.all({
      pagination: 'keyset',
      orderBy: 'id',
      sort: 'asc',
      perPage: 40,
    } as never);
    expect((users as Array<{ id: number }>).map((u) => u.id)).toEqual(sim.instance.users.map((u) => u.id));
  });

  it('gives up on a 429 storm after ten tries, without honouring Retry-After', async () => {
    sim.setFaults({ rateLimitStorm: true });
    sim.resetStats();
    try {
      await expect(client().Users.all({ perPage: 10, maxPages: 1 })).rejects.toThrow(/retries/);
      // Ten tries in a row although every 429 asked for at least a second: what our client must not do.
      expect(sim.stats().rateLimited).toBe(10);
    } finally {
      sim.setFaults({});
    }
  });
});
