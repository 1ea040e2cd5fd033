import { EventEmitter } from 'node:events';
import type { IpcRendererEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '../../src-shared/api.ts';
import { AppWindows, type TrackedContents } from '../../src-main/electron/app-windows.ts';
import { refusedCall, type ApiCallResult } from '../../src-main/electron/call-result.ts';
import { createCallHandler, installIpcBridge, type CallEvent } from '../../src-main/electron/ipc-bridge.ts';
import { callChannel, eventChannel } from '../../src-main/electron/ipc-channels.ts';
import { createPreloadBridge, type PreloadIpc } from '../../src-main/electron/preload-bridge.ts';

class FakeContents extends EventEmitter implements TrackedContents {
  destroyed = false;
  url = 'app://vouch/index.html';
  readonly sent: [string, unknown][] = [];
  constructor(readonly id: number) {
    super();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

function setup() {
  const windows = new AppWindows();
  const ours = new FakeContents(1);
  windows.add(ours);
  const engine = {
    call: vi.fn(async (_method: string, input: unknown): Promise<ApiCallResult> => ({
      ok: true,
      value: input,
    })),
  };
  const log = vi.fn();
  const handler = createCallHandler({ windows, engine, log });
  const event = (overrides: Partial<CallEvent> = {}): CallEvent => ({
    sender: ours,
    senderFrame: { url: 'app://vouch/index.html#/sources', parent: null },
    ...overrides,
  });
  return { windows, ours, engine, log, handler, event };
}

describe('vouch:call sender checks', () => {
  it('forwards a valid call from our window with the parsed input', async () => {
    const { handler, event, engine } = setup();
    const result = await handler(event(), 'artifacts.rows', {
      id: 'art_0123456789abcdef',
      offset: 0,
      limit: 10,
      extra: 'x',
    });
    expect(engine.call).toHaveBeenCalledWith('artifacts.rows', {
      id: 'art_0123456789abcdef',
      offset: 0,
      limit: 10,
    });
    expect(result).toEqual({ ok: true, value: { id: 'art_0123456789abcdef', offset: 0, limit: 10 } });
  });

  it.each([
    ['a WebContents we did not create', { sender: new FakeContents(2) }],
    ['a different object reusing our id', { sender: new FakeContents(1) }],
    ['a frame showing another origin', { senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a frame on a look-alike host', { senderFrame: { url: 'app://vouch.evil/index.html', parent: null } }],
    ['a file:// frame', { senderFrame: { url: 'file:///tmp/index.html', parent: null } }],
    ['a subframe', { senderFrame: { url: 'app://vouch/index.html', parent: {} } }],
    ['a destroyed frame', { senderFrame: null }],
  ])('drops a call from %s before it reaches the engine', async (_name, overrides) => {
    const { handler, event, engine, log } = setup();
    const result = await handler(event(overrides as Partial<CallEvent>), 'sources.list', {});
    expect(result).toBeUndefined();
    expect(engine.call).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('dropped a call'));
  });

  it('drops calls from a window once it is destroyed', async () => {
    const { handler, event, engine, ours } = setup();
    ours.destroy();
    expect(await handler(event(), 'sources.list', {})).toBeUndefined();
    expect(engine.call).not.toHaveBeenCalled();
  });
});

describe('vouch:call method and input checks', () => {
  it.each([
    ['no.such.method'],
    ['__proto__'],
    ['constructor'],
    ['toString'],
    [42],
    [null],
    [{ method: 'sources.list' }],
  ])('refuses the method %j', async (method) => {
    const { handler, event, engine } = setup();
    const result = await handler(event(), method, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(engine.call).not.toHaveBeenCalled();
  });

  it('refuses invalid input without logging its values', async () => {
    const { handler, event, engine, log } = setup();
    const secret = 'ssws-00supersecrettoken';
    const cases: [string, unknown][] = [
      ['sources.add', { kind: 'okta', name: '', config: {}, secrets: { apiToken: secret } }],
      ['sources.add', { kind: 'okta', name: 'okta', config: {}, secrets: { apiToken: 42 } }],
      ['artifacts.get', { id: '../../etc/passwd' }],
      ['artifacts.rows', { id: 'art_0123456789abcdef', offset: -1, limit: 10 }],
      ['artifacts.rows', { id: 'art_0123456789abcdef', offset: 0, limit: 1_000_000 }],
      ['artifacts.export', { id: 'art_0123456789abcdef', format: 'exe' }],
      ['settings.update', { syncIntervalHours: 'soon' }],
      ['sources.test', 'okta'],
      ['sources.list', 'all'],
    ];
    for (const [method, input] of cases) {
      const result = await handler(event(), method, input);
      expect(result, method).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(JSON.stringify(result)).not.toContain(secret);
    }
    expect(engine.call).not.toHaveBeenCalled();
    expect(log.mock.calls.flat().join('\n')).not.toContain(secret);
  });

  it('reads a missing input as {}, as the engine does', async () => {
    const { handler, event, engine } = setup();
    await handler(event(), 'sources.list', undefined);
    expect(engine.call).toHaveBeenCalledWith('sources.list', {});
  });

  it('registers exactly one channel', () => {
    const { windows, engine } = setup();
    const handle = vi.fn();
    installIpcBridge({ handle }, { windows, engine, log: () => {} });
    expect(handle).toHaveBeenCalledTimes(1);
    expect(handle).toHaveBeenCalledWith(callChannel, expect.any(Function));
  });
});

describe('events to windows', () => {
  it('go only to live windows of ours that show our page', () => {
    const windows = new AppWindows();
    const showing = new FakeContents(1);
    const navigatedAway = new FakeContents(2);
    navigatedAway.url = 'https://evil.example/';
    const closed = new FakeContents(3);
    for (const contents of [showing, navigatedAway, closed]) windows.add(contents);
    closed.destroy();
    const stranger = new FakeContents(4);
    const event: ApiEvent = { type: 'sources.changed' };
    expect(windows.broadcast(eventChannel, event)).toBe(1);
    expect(showing.sent).toEqual([[eventChannel, event]]);
    expect(navigatedAway.sent).toEqual([]);
    expect(stranger.sent).toEqual([]);
    expect(windows.size).toBe(2);
  });
});

describe('the preload bridge', () => {
  function fakeIpc(answer: unknown) {
    const emitter = new EventEmitter();
    const ipc = {
      invoke: vi.fn(async () => answer),
      on: (channel: string, listener: (...args: unknown[]) => void) => emitter.on(channel, listener),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
        emitter.removeListener(channel, listener),
    };
    return { ipc: ipc as unknown as PreloadIpc & { invoke: typeof ipc.invoke }, emitter };
  }

  it('resolves with the value and sends method and input on vouch:call', async () => {
    const { ipc } = fakeIpc({ ok: true, value: [{ kind: 'okta' }] });
    const bridge = createPreloadBridge(ipc);
    await expect(bridge.call('connectors.list', {})).resolves.toEqual([{ kind: 'okta' }]);
    expect(ipc.invoke).toHaveBeenCalledWith(callChannel, 'connectors.list', {});
  });

  it('rejects with the engine error as plain data, which survives contextBridge', async () => {
    const error = {
      code: 'failed_authentication',
      message: 'Okta rejected the token.',
      nextStep: 'Use Update Credentials.',
    };
    const bridge = createPreloadBridge(fakeIpc({ ok: false, error }).ipc);
    const rejection = await bridge.call('sources.test', { name: 'okta' }).catch((reason: unknown) => reason);
    expect(rejection).toEqual(error);
    expect(rejection).not.toBeInstanceOf(Error);
  });

  it.each([undefined, null, 'x', { ok: false }, { ok: false, error: { code: 1 } }, { value: 1 }])(
    'treats the answer %j as a refused call',
    async (answer) => {
      const bridge = createPreloadBridge(fakeIpc(answer).ipc);
      await expect(bridge.call('sources.list', {})).rejects.toEqual(refusedCall);
    },
  );

  it('delivers events until unsubscribed', () => {
    const { ipc, emitter } = fakeIpc(null);
    const bridge = createPreloadBridge(ipc);
    const received: ApiEvent[] = [];
    const unsubscribe = bridge.subscribe((event) => received.push(event));
    emitter.emit(eventChannel, {} as IpcRendererEvent, { type: 'artifacts.changed' });
    unsubscribe();
    emitter.emit(eventChannel, {} as IpcRendererEvent, { type: 'sources.changed' });
    expect(received).toEqual([{ type: 'artifacts.changed' }]);
    expect(emitter.listenerCount(eventChannel)).toBe(0);
  });
});
