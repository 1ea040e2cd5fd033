// Child side of the Google Workspace benchmark: runs the simulator in its own process (so serving the
// domain shares neither a core's event loop nor the CPU figures with the connector under test) and answers
// the parent's stats requests over IPC.
import { startGoogleSimulator, type GoogleSimOptions } from '../../sim/google/index.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as GoogleSimOptions;
const sim = await startGoogleSimulator(options);
const send = (message: unknown) => process.send?.(message);
send({
  type: 'ready',
  url: sim.url,
  caPem: sim.caPem,
  keyFileJson: sim.keyFileJson,
  adminEmail: sim.adminEmail,
  users: sim.domain.users.length,
  liveUsers: sim.index.liveUsers.length,
  groups: sim.domain.groups.length,
  memberships: sim.domain.groups.reduce((n, g) => n + g.members.length, 0),
  tokens: [...sim.domain.tokens.values()].reduce((n, t) => n + t.length, 0),
});
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') {
    const cpu = process.cpuUsage();
    send({ type: 'stats', stats: sim.stats(), cpuMs: (cpu.user + cpu.system) / 1000 });
  } else if (message.type === 'close') {
    void sim.close().then(() => process.exit(0));
  }
});
