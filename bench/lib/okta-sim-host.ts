// Runs the Okta simulator in its own process so that serving 100k users does not share an event loop (and a
// core) with the client being measured. The parent forks this module with the simulator options as JSON in
// argv[2] and talks to it over IPC (see SimHostRequest / SimHostMessage).
import { startOktaSimulator, type OktaSimOptions, type OktaSimStats } from '../../sim/okta/index.ts';

export interface SimOrgSummary {
  users: number;
  deprovisionedUsers: number;
  groups: number;
  apps: number;
  memberships: number;
}

export type SimHostRequest =
  { type: 'stats'; id: number } | { type: 'resetStats'; id: number } | { type: 'close' };

export type SimHostMessage =
  | { type: 'ready'; url: string; host: string; caPem: string; token: string; org: SimOrgSummary }
  | { type: 'stats'; id: number; stats: OktaSimStats; cpuMs: number }
  | { type: 'resetStats'; id: number }
  | { type: 'error'; message: string };

function send(message: SimHostMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as OktaSimOptions;
  const sim = await startOktaSimulator(options);
  let memberships = 0;
  for (const members of sim.org.memberships.values()) memberships += members.length;
  send({
    type: 'ready',
    url: sim.url,
    host: sim.host,
    caPem: sim.caPem,
    token: sim.token,
    org: {
      users: sim.org.users.length,
      deprovisionedUsers: sim.org.users.filter((u) => u.status === 'DEPROVISIONED').length,
      groups: sim.org.groups.length,
      apps: sim.org.apps.length,
      memberships,
    },
  });
  process.on('message', (raw: SimHostRequest) => {
    if (raw.type === 'stats') {
      const cpu = process.cpuUsage();
      send({ type: 'stats', id: raw.id, stats: sim.stats(), cpuMs: (cpu.user + cpu.system) / 1000 });
    } else if (raw.type === 'resetStats') {
      sim.resetStats();
      send({ type: 'resetStats', id: raw.id });
    } else if (raw.type === 'close') {
      void sim.close().then(() => process.exit(0));
    }
  });
  // The parent went away: do not linger.
  process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
