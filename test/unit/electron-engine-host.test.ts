import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '../../src-shared/api.ts';
import { DesktopFileDelivery } from '../../src-main/electron/desktop-file-delivery.ts';
import { EngineHost, type EngineHostOptions } from '../../src-main/electron/engine-host.ts';
import type { EngineToMain, KeyMaterial, MainToEngine } from '../../src-main/electron/engine-protocol.ts';
import { runEngineProcess } from '../../src-main/electron/engine-process.ts';
import { LaneBroker } from '../../src-main/electron/lane-broker.ts';
import {
  childEnvironment,
  type UtilityChild,
  type UtilityForkOptions,
} from '../../src-main/electron/utility-child.ts';
import { UnknownLaneError, UtilityProcessHost } from '../../src-main/electron/utility-process-host.ts';

/** A utility process as main sees it. */
class FakeChild extends EventEmitter implements UtilityChild {
  pid: number | undefined = undefined;
  readonly received: unknown[] = [];
  killed = false;
  constructor(
    readonly modulePath: string,
    readonly options: UtilityForkOptions,
  ) {
    super();
  }
  postMessage(message: unknown): void {
    this.received.push(structuredClone(message));
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
  spawn(pid: number): void {
    this.pid = pid;
    this.emit('spawn');
  }
  reply(message: EngineToMain | unknown): void {
    this.emit('message', structuredClone(message));
  }
  exit(code: number): void {
    this.emit('exit', code);
  }
  last<T extends string>(type: T): Extract<MainToEngine, { type: T }> | undefined {
    return [...this.received].reverse().find((m) => (m as { type: string }).type === type) as never;
  }
}

const key: KeyMaterial = {
  backend: 'safeStorage:gnome_libsecret',
  masterKey: randomBytes(32).toString('base64'),
  refusal: null,
};

function host(overrides: Partial<EngineHostOptions> = {}) {
  const children: FakeChild[] = [];
  const events: ApiEvent[] = [];
  const log = vi.fn();
  let clock = 0;
  const options: EngineHostOptions = {
    fork: (modulePath, _args, forkOptions) => {
      const child = new FakeChild(modulePath, forkOptions);
      children.push(child);
      return child;
    },
    engineModule: '/app/dist/electron/engine-process.mjs',
    laneModule: '/app/dist/electron/lane-process.mjs',
    dataDir: '/data/Vouch',
    key,
    keyProtection: { backend: key.backend, weak: false, description: 'keyring' },
    env: { PATH: '/usr/bin' },
    deliverFile: async () => '/home/me/Downloads/export.csv',
    onEvent: (event) => events.push(event),
    log,
    now: () => clock,
    ...overrides,
  };
  const engineHost = new EngineHost(options);
  const engine = () => children.find((child) => child.modulePath === options.engineModule && !child.killed)!;
  return { engineHost, children, events, log, engine, tick: (ms: number) => (clock += ms) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('EngineHost', () => {
  it('starts the engine with init over its port (never argv or env) and forwards calls', async () => {
    const { engineHost, engine } = host();
    const starting = engineHost.start();
    const child = engine();
    expect(child.options.serviceName).toBe('Vouch engine');
    expect(JSON.stringify(child.options.env)).not.toContain(key.masterKey!);
    expect(child.received[0]).toEqual({
      type: 'init',
      dataDir: '/data/Vouch',
      key,
      keyProtection: { backend: key.backend, weak: false, description: 'keyring' },
    });
    child.reply({ type: 'ready' });
    await starting;

    const answer = engineHost.call('sources.list', {});
    await flush();
    const call = child.last('call')!;
    expect(call).toMatchObject({ method: 'sources.list', input: {} });
    child.reply({ type: 'result', id: call.id, result: { ok: true, value: [] } });
    await expect(answer).resolves.toEqual({ ok: true, value: [] });
  });

  it('relays only events of the contract', async () => {
    const { engineHost, engine, events, log } = host();
    void engineHost.start();
    engine().reply({ type: 'ready' });
    engine().reply({
      type: 'event',
      event: { type: 'sync.progress', source: 'okta', dataset: 'users', rows: 200 },
    });
    engine().reply({ type: 'event', event: { type: 'renderer.eval', code: 'alert(1)' } });
    engine().reply({ hello: 'world' });
    expect(events).toEqual([{ type: 'sync.progress', source: 'okta', dataset: 'users', rows: 200 }]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('not part of the contract'));
    expect(log).toHaveBeenCalledWith(expect.stringContaining('not part of the protocol'));
  });

  it('fails pending calls when the engine dies and restarts it on the next call, a few times at most', async () => {
    const { engineHost, engine, children } = host({ maxRestarts: 1 });
    void engineHost.start();
    engine().reply({ type: 'ready' });
    const pending = engineHost.call('artifacts.list', {});
    await flush();
    engine().exit(1);
    engine().killed = true;
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'engine_stopped' } });

    const retried = engineHost.call('artifacts.list', {});
    await flush();
    expect(children).toHaveLength(2);
    const second = children[1]!;
    second.reply({ type: 'ready' });
    await flush();
    second.reply({ type: 'result', id: second.last('call')!.id, result: { ok: true, value: [] } });
    await expect(retried).resolves.toEqual({ ok: true, value: [] });

    second.exit(1);
    second.killed = true;
    await expect(engineHost.call('artifacts.list', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'engine_unavailable' },
    });
    expect(children).toHaveLength(2);
  });

  it('reports a failed start with the engine’s own error', async () => {
    const { engineHost, children } = host({ maxRestarts: 0 });
    const answer = engineHost.call('app.info', {});
    const fatal = { code: 'key_protection_changed', message: 'Other backend.', nextStep: 'Use the old one.' };
    const child = children[0]!;
    child.reply({ type: 'fatal', error: fatal });
    expect(child.killed).toBe(true);
    child.exit(1);
    await expect(answer).resolves.toEqual({ ok: false, error: fatal });
    await expect(engineHost.call('app.info', {})).resolves.toEqual({ ok: false, error: fatal });
  });

  it('shows the save dialog for a delivery request and answers the engine', async () => {
    const deliverFile = vi.fn(async () => '/home/me/Downloads/okta_users.csv');
    const { engineHost, engine } = host({ deliverFile });
    void engineHost.start();
    engine().reply({ type: 'ready' });
    engine().reply({
      type: 'delivery.request',
      id: 4,
      tempFilePath: '/tmp/vouch-export-1/okta_users.csv',
      fileName: 'okta_users.csv',
    });
    await flush();
    expect(deliverFile).toHaveBeenCalledWith({
      tempFilePath: '/tmp/vouch-export-1/okta_users.csv',
      fileName: 'okta_users.csv',
    });
    expect(engine().last('delivery.result')).toEqual({
      type: 'delivery.result',
      id: 4,
      result: { ok: true, savedTo: '/home/me/Downloads/okta_users.csv' },
    });
  });

  it('asks the engine to shut down and kills it when it does not', async () => {
    vi.useFakeTimers();
    try {
      const { engineHost, engine } = host({ shutdownTimeoutMs: 1_000 });
      void engineHost.start();
      engine().reply({ type: 'ready' });
      const child = engine();
      const stopping = engineHost.stop();
      expect(child.last('shutdown')).toEqual({ type: 'shutdown' });
      await vi.advanceTimersByTimeAsync(1_000);
      await stopping;
      expect(child.killed).toBe(true);
      await expect(engineHost.call('app.info', {})).resolves.toMatchObject({ ok: false });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('LaneBroker', () => {
  function broker() {
    const lanes: FakeChild[] = [];
    const toEngine: MainToEngine[] = [];
    const log = vi.fn();
    const laneBroker = new LaneBroker({
      fork: (modulePath, _args, options) => {
        const child = new FakeChild(modulePath, options);
        lanes.push(child);
        return child;
      },
      laneModule: '/app/dist/electron/lane-process.mjs',
      dataDir: '/data/Vouch',
      key,
      env: { PATH: '/usr/bin' },
      toEngine: (message) => toEngine.push(message),
      log,
    });
    return { laneBroker, lanes, toEngine, log };
  }

  it('forks the bundled lane, gives it the key first, then relays both ways', () => {
    const { laneBroker, lanes, toEngine } = broker();
    laneBroker.fork(1, 'full', ['/data/Vouch']);
    const lane = lanes[0]!;
    expect(lane.modulePath).toBe('/app/dist/electron/lane-process.mjs');
    expect(JSON.stringify(lane.options.env)).not.toContain(key.masterKey!);
    laneBroker.send(1, { type: 'stop' }); // before spawn: queued behind lane.init
    lane.spawn(4242);
    expect(lane.received).toEqual([
      { type: 'lane.init', lane: 'full', key, args: ['/data/Vouch'] },
      { type: 'stop' },
    ]);
    lane.reply({ type: 'progress', jobId: 7, progress: { rows: 10 } });
    lane.exit(0);
    expect(toEngine).toEqual([
      { type: 'lane.spawned', laneId: 1, pid: 4242 },
      { type: 'lane.message', laneId: 1, message: { type: 'progress', jobId: 7, progress: { rows: 10 } } },
      { type: 'lane.exit', laneId: 1, code: 0 },
    ]);
    expect(laneBroker.running).toBe(0);
  });

  it('refuses lanes for another data directory and messages outside the lane protocol', () => {
    const { laneBroker, lanes, toEngine, log } = broker();
    laneBroker.fork(1, 'full', ['/home/someone-else/.config/Vouch']);
    laneBroker.fork(2, 'full', ['/data/Vouch', '--inspect']);
    expect(lanes).toHaveLength(0);
    expect(toEngine).toEqual([
      { type: 'lane.exit', laneId: 1, code: null },
      { type: 'lane.exit', laneId: 2, code: null },
    ]);
    laneBroker.fork(3, 'full', ['/data/Vouch']);
    lanes[0]!.spawn(1);
    laneBroker.send(3, { type: 'eval', code: 'process.exit()' });
    expect(lanes[0]!.received).toHaveLength(1);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('not part of the lane protocol'));
    laneBroker.killAll();
    expect(lanes[0]!.killed).toBe(true);
  });

  it('gives lanes and the engine an environment without Node or Electron switches', () => {
    expect(
      childEnvironment({
        PATH: '/bin',
        NODE_OPTIONS: '--require x',
        ELECTRON_RUN_AS_NODE: '1',
        VOUCH_MASTER_KEY: 'k',
        HTTPS_PROXY: 'p',
      }),
    ).toEqual({ PATH: '/bin', HTTPS_PROXY: 'p' });
  });
});

describe('the engine process side', () => {
  it('UtilityProcessHost asks main for lanes and proxies them', () => {
    const sent: EngineToMain[] = [];
    const processHost = new UtilityProcessHost({ send: (message) => sent.push(message) });
    const lane = processHost.fork('full', ['/data/Vouch'], {
      env: {},
    });
    expect(sent).toEqual([{ type: 'lane.fork', laneId: 1, lane: 'full', args: ['/data/Vouch'] }]);
    const messages: unknown[] = [];
    const exits: (number | null)[] = [];
    lane.onMessage((message) => messages.push(message));
    lane.onExit((code) => exits.push(code));
    processHost.handle({ type: 'lane.spawned', laneId: 1, pid: 99 });
    expect(lane.pid).toBe(99);
    processHost.handle({ type: 'lane.message', laneId: 1, message: { type: 'idle' } });
    lane.send({ type: 'stop' });
    lane.kill('SIGTERM');
    processHost.handle({ type: 'lane.exit', laneId: 1, code: 0 });
    lane.send({ type: 'stop' }); // after exit: dropped
    expect(messages).toEqual([{ type: 'idle' }]);
    expect(exits).toEqual([0]);
    expect(lane.pid).toBeUndefined();
    expect(sent.slice(1)).toEqual([
      { type: 'lane.send', laneId: 1, message: { type: 'stop' } },
      { type: 'lane.kill', laneId: 1 },
    ]);
    // A caller that parsed nothing cannot name a lane the registry does not have.
    expect(() => processHost.fork('/tmp/evil.js' as never, [], {})).toThrow(UnknownLaneError);
  });

  it('DesktopFileDelivery waits for main’s save dialog', async () => {
    const sent: EngineToMain[] = [];
    const delivery = new DesktopFileDelivery({ send: (message) => sent.push(message) });
    const saved = delivery.deliver('/tmp/vouch-export-x/a.csv', 'a.csv');
    expect(sent).toEqual([
      { type: 'delivery.request', id: 1, tempFilePath: '/tmp/vouch-export-x/a.csv', fileName: 'a.csv' },
    ]);
    delivery.handle({ type: 'delivery.result', id: 1, result: { ok: true, savedTo: '/home/me/a.csv' } });
    await expect(saved).resolves.toEqual({ downloadUrl: null, savedTo: '/home/me/a.csv' });
    const failed = delivery.deliver('/tmp/vouch-export-y/b.csv', 'b.csv');
    delivery.handle({
      type: 'delivery.result',
      id: 2,
      result: {
        ok: false,
        error: { code: 'export_not_saved', message: 'Disk full.', nextStep: 'Free space.' },
      },
    });
    await expect(failed).rejects.toMatchObject({ code: 'export_not_saved', nextStep: 'Free space.' });
    const cancelled = delivery.deliver('/tmp/vouch-export-z/c.csv', 'c.csv');
    delivery.cancelAll();
    await expect(cancelled).resolves.toEqual({ downloadUrl: null, savedTo: null });
  });
});

describe('runEngineProcess', () => {
  let dataDir: string | null = null;
  afterEach(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = null;
  });

  it('opens the engine on init and answers calls through the shared handlers', async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'vouch-engine-process-'));
    const port = new EventEmitter() as EventEmitter & { postMessage(message: unknown): void };
    const posted: EngineToMain[] = [];
    port.postMessage = (message) => posted.push(structuredClone(message) as EngineToMain);
    const shutdown = vi.fn();
    runEngineProcess({
      port: port as never,
      env: {},
      appRoot: path.resolve(import.meta.dirname, '..', '..'),
      log: () => {},
      onShutdown: shutdown,
      scheduler: false,
      // Nothing answers lane.fork here; the desktop flow test runs the lanes for real.
      lanes: false,
    });
    const send = (data: MainToEngine) => port.emit('message', { data: structuredClone(data) });
    const answer = async (id: number) => {
      for (let i = 0; i < 200; i += 1) {
        const found = posted.find((m) => m.type === 'result' && m.id === id);
        if (found?.type === 'result') return found.result;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`no result for call ${id}`);
    };

    send({ type: 'call', id: 1, method: 'app.info', input: {} });
    expect(await answer(1)).toMatchObject({ ok: false, error: { code: 'engine_not_ready' } });

    const keyProtection = { backend: key.backend, weak: false, description: 'keyring' };
    send({ type: 'init', dataDir, key, keyProtection });
    expect(posted).toContainEqual({ type: 'ready' });
    send({ type: 'call', id: 2, method: 'app.info', input: {} });
    expect(await answer(2)).toEqual({
      ok: true,
      value: { version: expect.any(String), dataDir, shell: 'desktop', keyProtection },
    });
    send({ type: 'call', id: 3, method: 'connectors.guide', input: { kind: 'okta' } });
    expect(await answer(3)).toMatchObject({ ok: true, value: { markdown: expect.stringContaining('Okta') } });
    send({ type: 'call', id: 4, method: 'artifacts.get', input: { id: '../etc' } });
    expect(await answer(4)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    port.emit('message', { data: { type: 'init', dataDir: 42 } });
    send({ type: 'shutdown' });
    for (let i = 0; i < 100 && shutdown.mock.calls.length === 0; i += 1)
      await new Promise((r) => setTimeout(r, 10));
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(posted.at(-1)).toEqual({ type: 'shutdown.done' });
  });
});
