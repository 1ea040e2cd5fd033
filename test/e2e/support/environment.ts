// One isolated Vouch for a spec file: a temp data directory with its own master key, the Okta simulator,
// and `vouch serve` (startServer) on a free loopback port serving dist/renderer.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../../src-main/cli/serve/server.ts';
import { startOktaSimulator, type OktaSimulator } from '../../../sim/okta/index.ts';

export const rendererDir = fileURLToPath(new URL('../../../dist/renderer/', import.meta.url));

export interface VouchEnvironment {
  server: RunningServer;
  sim: OktaSimulator;
  dataDir: string;
  /** The environment the server runs with (its master key): a CLI given it shares the server's store. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export interface EnvironmentOptions {
  /** What app.info reports about key protection (default: the real headless wrapper's). */
  keyProtection?: { backend: string; weak: boolean; description: string };
  /** The simulated Okta org's size (default 300 users and the generator's groups and apps). */
  org?: { users: number; groups?: number; apps?: number };
}

export async function startVouchEnvironment(options: EnvironmentOptions = {}): Promise<VouchEnvironment> {
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error('dist/renderer is not built: run `npm run build:renderer` before the e2e tests.');
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vouch-e2e-'));
  const env = { ...process.env, VOUCH_MASTER_KEY: randomBytes(32).toString('base64') };
  const sim = await startOktaSimulator({ users: 300, seed: 1, timeScale: 60, ...options.org });
  const server = await startServer({
    dataDir,
    env,
    scheduler: false,
    log: () => {},
    ...(options.keyProtection ? { keyProtection: options.keyProtection } : {}),
  });
  return {
    server,
    sim,
    dataDir,
    env,
    async close() {
      await server.close();
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
