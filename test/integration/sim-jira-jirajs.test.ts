// Jira's most used SDK, jira.js, against the Jira simulator, with its own response schemas enforced
// (`onSchemaMismatch: 'throw'`): what the simulator serves is what jira.js parses from Jira. jira.js calls
// the global fetch with no way to pass a dispatcher, so this test (one process, nothing else in it) trusts
// the test CA through undici's process-wide dispatcher: exactly what the connector must not do, since every
// other source in a lane would inherit it. That is why the connector has its own client.
import { Agent, getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from 'undici';
import { createCloudClient } from 'jira.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSimulator, type JiraSimulator } from '../../sim/jira/index.ts';

let sim: JiraSimulator;
let previous: Dispatcher;
let agent: Agent;

beforeAll(async () => {
  sim = await startJiraSimulator({ users: 80, seed: 12 });
  previous = getGlobalDispatcher();
  agent = new Agent({ connect: { ca: sim.caPem } });
  setGlobalDispatcher(agent);
});
afterAll(async () => {
  setGlobalDispatcher(previous);
  await agent.close();
  await sim.close();
});

function client() {
  return createCloudClient({
    host: sim.url,
    auth: { type: 'basic', email: sim.email, apiToken: sim.token },
    onSchemaMismatch: 'throw',
  });
}

describe('jira.js against the Jira simulator', () => {
  it('reads the caller, users, group members, projects and role actors, every response matching its schema', async () => {
    const jira = client();
    const me = await jira.myself.getCurrentUser();
    expect(me.accountId).toBe(sim.site.adminAccountId);
    const users = await jira.users.getAllUsers({ startAt: 0, maxResults: 100 });
    expect(users.map((u) => u.accountId)).toEqual(sim.site.users.slice(0, 100).map((u) => u.accountId));
    for (const group of sim.site.groups) {
      const page = await jira.groups.getUsersFromGroup({
        groupId: group.groupId,
        includeInactiveUsers: true,
        maxResults: 50,
      });
      expect(page.total).toBe(group.members.length);
    }
    const projects = await jira.projects.searchProjects({ maxResults: 50 });
    expect(projects.total).toBe(sim.site.projects.length);
    const project = sim.site.projects[0];
    const roles = await jira.projectRoles.getProjectRoles({ projectIdOrKey: project?.key as string });
    expect(Object.keys(roles).sort()).toEqual(sim.site.roles.map((r) => r.name).sort());
    const admins = await jira.projectRoles.getProjectRole({
      projectIdOrKey: project?.key as string,
      id: 10002,
    });
    expect(admins.actors?.map((a) => a.type).sort()).toEqual([
      'atlassian-group-role-actor',
      'atlassian-user-role-actor',
    ]);
  });

  it('surfaces /myself 401 for a bad token, as the connector relies on', async () => {
    const jira = createCloudClient({
      host: sim.url,
      auth: { type: 'basic', email: sim.email, apiToken: 'wrong' },
    });
    await expect(jira.myself.getCurrentUser()).rejects.toThrow();
  });
});
