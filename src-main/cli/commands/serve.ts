// vouch serve [--port P] [--host 127.0.0.1] [--open]: the browser mode (see src-main/cli/serve/server.ts).
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { systemBrowserOpener, type BrowserOpener } from '../serve/open-browser.ts';
import type { startServer } from '../serve/server.ts';
import { UsageError } from '../usage-error.ts';

export interface ServeCommandDeps {
  openBrowser?: BrowserOpener;
  /** Resolves when the server should stop; default on SIGINT or SIGTERM. */
  waitForShutdown?: () => Promise<void>;
  print?: (line: string) => void;
  /** Called once the server is listening (tests read the URL from here). */
  onListening?: (server: Awaited<ReturnType<typeof startServer>>) => void;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new UsageError(
      `"${value}" is not a port number.`,
      'Use --port with a number from 1 to 65535 (0: any free port).',
    );
  }
  return port;
}

const waitForSignal = () =>
  new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

export function registerServeCommand(program: Command, cli: CliContext, deps: ServeCommandDeps = {}): void {
  const print = deps.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  program
    .command('serve')
    .description('serve the Vouch interface to your browser on 127.0.0.1 (browser mode)')
    .option('--port <port>', 'port to listen on (default: any free port)', '0')
    .option(
      '--host <host>',
      'loopback address to listen on: 127.0.0.1, localhost or ::1 (the port is held on the other one too)',
      '127.0.0.1',
    )
    .option('--open', 'open the interface in the default browser')
    .action(async (opts: { port: string; host: string; open?: boolean }) => {
      // The server, the API handlers and what they reach load only for this command.
      const { startServer } = await import('../serve/server.ts');
      const server = await startServer({ dataDir: cli.dataDir, port: parsePort(opts.port), host: opts.host });
      try {
        print(`Vouch is running at ${server.url}`);
        print('This address is your session key: do not share it. Press Ctrl-C to stop.');
        if (!server.rendererBuilt) {
          print(
            'The browser interface is not built yet: run `npm run build:renderer`, then reload the page.',
          );
        }
        deps.onListening?.(server);
        if (opts.open) {
          await (deps.openBrowser ?? systemBrowserOpener)(server.url).catch(() =>
            print('Could not open a browser; open the address above yourself.'),
          );
        }
        await (deps.waitForShutdown ?? waitForSignal)();
        print('Stopping Vouch...');
      } finally {
        await server.close();
      }
    });
}
