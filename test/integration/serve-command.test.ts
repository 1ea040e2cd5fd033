// `vouch serve` as a command: prints the session URL, opens the browser through the injected opener, stops on
// request, and refuses non-loopback hosts.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerServeCommand } from '../../src-main/cli/commands/serve.ts';
import { CliContext } from '../../src-main/cli/context.ts';
import type { RunningServer } from '../../src-main/cli/serve/server.ts';
import { httpRequest, ServeClient } from '../helpers/serve-client.ts';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-serve-cmd-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function program(deps: Parameters<typeof registerServeCommand>[2]): Command {
  const root = new Command('vouch').exitOverride();
  registerServeCommand(root, new CliContext(() => path.join(dir, 'data')), deps);
  return root;
}

describe('vouch serve', () => {
  it('prints the URL, opens it, serves until told to stop, then closes', async () => {
    const printed: string[] = [];
    const opened: string[] = [];
    let stop: () => void = () => {};
    let running: RunningServer | undefined;
    const listening = new Promise<RunningServer>((resolve) => {
      const done = program({
        print: (line) => printed.push(line),
        openBrowser: async (url) => {
          opened.push(url);
        },
        waitForShutdown: () => new Promise<void>((resolve) => (stop = resolve)),
        onListening: (server) => {
          running = server;
          resolve(server);
        },
      }).parseAsync(['serve', '--port', '0', '--open'], { from: 'user' });
      void done.then(() => printed.push('(done)'));
    });
    const server = await listening;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(printed[0]).toBe(
      `Vouch is running at http://${server.hostName}:${server.port}/?token=${server.token}`,
    );
    expect(opened).toEqual([server.url]);
    const client = ServeClient.of(server);
    await client.signIn();
    const info = await client.call<{ shell: string; keyProtection: { backend: string } }>('app.info');
    expect(info).toMatchObject({ shell: 'browser', keyProtection: { backend: 'keyfile' } });

    stop();
    await expect.poll(() => printed.includes('(done)'), { timeout: 5_000 }).toBe(true);
    await expect(httpRequest(server.port, '/')).rejects.toThrow();
    expect(running).toBe(server);
  });

  it('keeps serving when the browser cannot be opened', async () => {
    const printed: string[] = [];
    await program({
      print: (line) => printed.push(line),
      openBrowser: async () => {
        throw new Error('no display');
      },
      waitForShutdown: async () => {},
    }).parseAsync(['serve', '--open'], { from: 'user' });
    expect(printed.join('\n')).toContain('Could not open a browser');
  });

  it('refuses to listen anywhere but on loopback, and bad ports', async () => {
    const serve = (...args: string[]) =>
      program({ print: () => {}, waitForShutdown: async () => {} }).parseAsync(['serve', ...args], {
        from: 'user',
      });
    await expect(serve('--host', '0.0.0.0')).rejects.toThrow(/loopback/);
    await expect(serve('--host', '192.168.0.2')).rejects.toThrow(/loopback/);
    await expect(serve('--port', 'eighty')).rejects.toThrow(/not a port/);
    await expect(serve('--port', '70000')).rejects.toThrow(/not a port/);
  });
});
