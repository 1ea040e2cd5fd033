// Runs the GitLab simulator in its own process so that serving a large instance does not share an event
// loop (and a core) with the connector being measured. Options as JSON in argv[2]; IPC: 'ready' once
// listening, then 'stats' on request.
import { startGitLabSimulator, type GitLabSimOptions } from '../../sim/gitlab/index.ts';

async function main(): Promise<void> {
  const sim = await startGitLabSimulator(JSON.parse(process.argv[2] ?? '{}') as GitLabSimOptions);
  const { instance, index } = sim;
  const grants =
    instance.groups.reduce((n, g) => n + index.effectiveGroupMembers(g).length, 0) +
    instance.projects.reduce((n, p) => n + index.effectiveProjectMembers(p).length, 0);
  process.send?.({
    type: 'ready',
    url: sim.url,
    caPem: sim.caPem,
    token: sim.token,
    group: sim.groupPath,
    rows: instance.users.length + instance.groups.length + instance.projects.length + grants,
  });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stats') process.send?.({ type: 'stats', stats: sim.stats() });
    if (message.type === 'close') void sim.close().then(() => process.exit(0));
  });
}

void main();
