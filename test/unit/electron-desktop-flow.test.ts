// The desktop process layout without Electron: main's EngineHost and LaneBroker, the engine process logic
// (in this process, behind an emulated parent port) and a real lane process (Node with a shim that gives it
// Electron's `process.parentPort`), syncing the Okta simulator. What it proves: the lane gets the key
// material from main and opens what the engine sealed, and messages flow engine ⇄ main ⇄ lane.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { apiMethods, type ApiEvent } from '../../src-shared/api.ts';
import { EngineHost } from '../../src-main/electron/engine-host.ts';
import type { KeyMaterial } from '../../src-main/electron/engine-protocol.ts';
import { runEngineProcess } from '../../src-main/electron/engine-process.ts';
import type { UtilityChild, UtilityForkOptions } from '../../src-main/electron/utility-child.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = createRequire(import.meta.url).resolve('tsx');

/**
 * What Electron gives a utility process: `process.parentPort`, here over Node IPC. Like Electron's, it queues
 * messages until a 'message' handler is registered (Node IPC would drop them).
 */
const parentPortShim = `
import { EventEmitter } from 'node:events';
const port = new EventEmitter();
const queued = [];
let listening = false;
const drain = () => { while (queued.length > 0) port.emit('message', { data: queued.shift() }); };
port.on('newListener', (event) => {
  if (event === 'message' && !listening) { listening = true; setImmediate(drain); }
});
port.postMessage = (message) => { if (process.connected) process.send(message, undefined, {}, () => {}); };
process.on('message', (data) => { queued.push(data); if (listening) drain(); });
process.parentPort = port;
`;

/** The engine "utility process", in this process. */
class InProcessEngine extends EventEmitter implements UtilityChild {
  readonly pid = process.pid;
  readonly #port = new EventEmitter() as EventEmitter & { postMessage(message: unknown): void };
  constructor() {
    super();
    this.#port.postMessage = (message) => setImmediate(() => this.emit('message', structuredClone(message)));
    runEngineProcess({
      port: this.#port,
      env: { ...process.env, VOUCH_LEASE_MS: '3000' },
      appRoot: root,
      log: () => {},
      onShutdown: () => setImmediate(() => this.emit('exit', 0)),
      scheduler: false,
    });
  }
  postMessage(message: unknown): void {
    setImmediate(() => this.#port.emit('message', { data: structuredClone(message) }));
  }
  kill(): boolean {
    return true;
  }
}

/** A lane "utility process": a real child running the lane entry with the parent port shim. */
class LaneChild extends EventEmitter implements UtilityChild {
  readonly #child: ChildProcess;
  constructor(modulePath: string, shim: string, options: UtilityForkOptions) {
    super();
    this.#child = fork(modulePath, [], {
      execArgv: ['--import', tsx, '--import', shim],
      env: options.env,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#child.on('spawn', () => this.emit('spawn'));
    this.#child.on('message', (message) => this.emit('message', message));
    this.#child.on('exit', (code) => {
      this.exited = true;
      this.emit('exit', code ?? 1);
    });
  }
  exited = false;
  get pid(): number | undefined {
    return this.#child.pid;
  }
  postMessage(message: unknown): void {
    if (this.#child.connected) this.#child.send(message as never, undefined, {}, () => {});
  }
  kill(): boolean {
    return this.#child.kill();
  }
}

let sim: OktaSimulator;
let dir: string;
let engineHost: EngineHost;
const events: ApiEvent[] = [];
/** Every lane main forked, in order. */
const laneChildren: LaneChild[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vouch-desktop-flow-'));
  const shim = path.join(dir, 'parent-port-shim.mjs');
  writeFileSync(shim, parentPortShim);
  sim = await startOktaSimulator({ users: 12, seed: 3 });
  const key: KeyMaterial = {
    backend: 'safeStorage:gnome_libsecret',
    masterKey: randomBytes(32).toString('base64'),
    refusal: null,
  };
  engineHost = new EngineHost({
    fork: (modulePath, _args, options) => {
      if (modulePath === 'engine') return new InProcessEngine();
      const lane = new LaneChild(modulePath, shim, options);
      laneChildren.push(lane);
      return lane;
    },
    engineModule: 'engine',
    laneModule: path.join(root, 'src-main', 'electron', 'lane-process-main.ts'),
    dataDir: path.join(dir, 'data'),
    key,
    keyProtection: { backend: key.backend, weak: false, description: 'test keyring' },
    env: { ...process.env, VOUCH_LEASE_MS: '3000' },
    deliverFile: async () => null,
    onEvent: (event) => events.push(event),
    log: () => {},
  });
  await engineHost.start();
}, 60_000);

afterAll(async () => {
  await engineHost?.stop();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: keyof typeof apiMethods, input: unknown): Promise<unknown> {
  const result = await engineHost.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return apiMethods[method].output.parse(result.value);
}

async function waitFor(predicate: (event: ApiEvent) => boolean, ms = 30_000): Promise<ApiEvent> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = events.find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such event; got ${events.map((e) => e.type).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the desktop process layout', () => {
  it('adds a source, syncs it in a lane forked through main, and lists the artifacts', async () => {
    const added = (await call('sources.add', {
      kind: 'okta',
      name: 'okta-sim',
      config: { domain: sim.host, caPem: sim.caPem },
      secrets: { apiToken: sim.token },
    })) as { status: { status: string } };
    expect(added.status.status).toBe('connected');

    expect(await call('sync.start', { names: ['okta-sim'] })).toEqual({ started: ['okta-sim'] });
    const finished = await waitFor((event) => event.type === 'sync.finished' || event.type === 'sync.failed');
    expect(finished).toMatchObject({
      type: 'sync.finished',
      outcome: { source: 'okta-sim', status: 'complete' },
    });
    expect(events.some((event) => event.type === 'sync.progress')).toBe(true);

    // The Okta connector's six datasets, each one complete artifact of this source.
    const artifacts = (await call('artifacts.list', {})) as {
      kind: string;
      source: string;
      complete: boolean;
    }[];
    expect(artifacts.map((artifact) => artifact.kind).sort()).toEqual([
      'okta.admin_roles',
      'okta.app_assignments',
      'okta.apps',
      'okta.group_members',
      'okta.groups',
      'okta.users',
    ]);
    expect(artifacts.every((artifact) => artifact.source === 'okta-sim' && artifact.complete)).toBe(true);
  }, 60_000);

  it('keeps two full lanes up while the app runs; they ran the sync and stop when the app quits', async () => {
    type Status = { lanes: { kind: string; state: string; pid: number | null; jobsDone: number }[] };
    const status = async () => (await call('engine.status', {})) as Status;
    const deadline = Date.now() + 30_000;
    while ((await status()).lanes.some((lane) => lane.state !== 'up') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { lanes } = await status();
    expect(lanes.map((lane) => [lane.kind, lane.state])).toEqual([
      ['full', 'up'],
      ['full', 'up'],
    ]);
    // The sync of the test above ran on these lanes: main forked no lane for it.
    expect(laneChildren).toHaveLength(2);
    expect(lanes.map((lane) => lane.pid).sort()).toEqual(laneChildren.map((lane) => lane.pid).sort());
    expect(lanes.reduce((sum, lane) => sum + lane.jobsDone, 0)).toBe(1);

    await engineHost.stop();
    expect(laneChildren.every((lane) => lane.exited)).toBe(true);
  }, 60_000);
});
