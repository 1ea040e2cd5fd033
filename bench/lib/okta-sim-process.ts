// Parent side of okta-sim-host.ts: forks the simulator into its own process and proxies stats over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { OktaSimOptions, OktaSimStats } from '../../sim/okta/index.ts';
import type { SimHostMessage, SimHostRequest, SimOrgSummary } from './okta-sim-host.ts';

/** Resolved here so the child finds tsx regardless of its working directory. */
export const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface SimProcess {
  url: string;
  host: string;
  caPem: string;
  token: string;
  org: SimOrgSummary;
  pid: number;
  stats(): Promise<OktaSimStats>;
  /** CPU time the simulator process has used since it started (user + system), ms. */
  cpuMs(): Promise<number>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

export async function forkOktaSimulator(options: OktaSimOptions): Promise<SimProcess> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./okta-sim-host.ts', import.meta.url)),
    [JSON.stringify(options)],
    { execArgv: ['--import', tsxLoader], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  let nextId = 1;
  const pending = new Map<number, (message: SimHostMessage) => void>();
  const ready = new Promise<Extract<SimHostMessage, { type: 'ready' }>>((resolve, reject) => {
    child.on('message', (message: SimHostMessage) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'error')
        reject(new Error(`okta simulator failed to start: ${message.message}`));
      else {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
      }
    });
    child.once('exit', (code) => reject(new Error(`okta simulator exited early (code ${code})`)));
  });
  const request = <T extends SimHostMessage>(make: (id: number) => SimHostRequest) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      pending.set(id, (message) => resolve(message as T));
      child.send(make(id));
    });
  const info = await ready;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: info.url,
    host: info.host,
    caPem: info.caPem,
    token: info.token,
    org: info.org,
    pid: child.pid ?? -1,
    stats: async () =>
      (await request<Extract<SimHostMessage, { type: 'stats' }>>((id) => ({ type: 'stats', id }))).stats,
    cpuMs: async () =>
      (await request<Extract<SimHostMessage, { type: 'stats' }>>((id) => ({ type: 'stats', id }))).cpuMs,
    resetStats: async () => {
      await request((id) => ({ type: 'resetStats', id }));
    },
    close: async () => {
      if (child.exitCode === null) child.send({ type: 'close' } satisfies SimHostRequest);
      await exited;
    },
  };
}
