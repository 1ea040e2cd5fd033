// The launcher every simulator's `cli.ts` uses: common flags (seed, port, time scale, latency, dates as
// of now, where to write the CA and the token), the simulator's own flags, a summary on start, the
// token kept out of stdout when a file is given, and a clean close on SIGINT/SIGTERM.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type Value = string | boolean | Array<string | boolean> | undefined;
export type Values = Record<string, Value>;

export interface CommonCliValues {
  seed: number | undefined;
  port: number | undefined;
  timeScale: number | undefined;
  latencyMs: number | undefined;
  /** Date the generated data relative to now instead of the fixed reference time. */
  referenceTime: number | undefined;
}

/** What a started simulator tells the launcher. */
export interface LaunchedSimulator {
  url: string;
  caPem: string;
  /** The credential a client uses (token, key); written to --token-out or printed. */
  token: string;
  /** Lines describing the org (counts, hosts), printed after the URL. */
  summary: string[];
  close(): Promise<void>;
}

export interface SimulatorCli {
  /** `Okta`, `GitHub`... */
  name: string;
  /** `tsx sim/okta/cli.ts` */
  command: string;
  /** The simulator's own flags (the common ones are added). */
  options: OptionsConfig;
  /** Help lines for the simulator's own flags. */
  help: string[];
  start(values: Values, common: CommonCliValues): Promise<LaunchedSimulator>;
}

const COMMON_OPTIONS: OptionsConfig = {
  seed: { type: 'string', default: '1' },
  port: { type: 'string', default: '0' },
  'time-scale': { type: 'string', default: '1' },
  'latency-ms': { type: 'string', default: '0' },
  'as-of-now': { type: 'boolean', default: false },
  'ca-out': { type: 'string' },
  'token-out': { type: 'string' },
  help: { type: 'boolean', default: false },
};

const COMMON_HELP = [
  '  --seed N               data seed (default 1)',
  '  --port N               port on 127.0.0.1 (default: ephemeral)',
  '  --time-scale N         rate-limit windows shrink N times (default 1)',
  '  --latency-ms N         latency added to every response',
  '  --as-of-now            date the generated data relative to now instead of 2025-06-01',
  '  --ca-out FILE          write the CA certificate (PEM) to trust',
  '  --token-out FILE       write the token (otherwise it is printed)',
];

/** An integer flag value, or undefined when absent; a non-integer is an error naming the flag. */
export function integerFlag(name: string, raw: Value): number | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value))
    throw new Error(`--${name} must be an integer, got ${raw}`);
  return value;
}

export function stringFlag(raw: Value): string | undefined {
  return typeof raw === 'string' ? raw : undefined;
}

export function usage(cli: SimulatorCli): string {
  return [`Usage: ${cli.command} [options]`, ...cli.help, ...COMMON_HELP].join('\n');
}

/** Parses argv, starts the simulator, prints where it listens, and stays up until a signal. */
export async function runSimulatorCli(cli: SimulatorCli, args = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({ args, options: { ...COMMON_OPTIONS, ...cli.options }, strict: true });
  if (values.help) {
    console.log(usage(cli));
    return;
  }
  const common: CommonCliValues = {
    seed: integerFlag('seed', values.seed),
    port: integerFlag('port', values.port),
    timeScale: integerFlag('time-scale', values['time-scale']),
    latencyMs: integerFlag('latency-ms', values['latency-ms']),
    referenceTime: values['as-of-now'] ? Date.now() : undefined,
  };
  const sim = await cli.start(values, common);
  const caOut = stringFlag(values['ca-out']);
  const tokenOut = stringFlag(values['token-out']);
  if (caOut) writeFileSync(caOut, sim.caPem);
  if (tokenOut) writeFileSync(tokenOut, sim.token + '\n', { mode: 0o600 });
  console.log(`${cli.name} simulator listening on ${sim.url}`);
  for (const line of sim.summary) console.log(`  ${line}`);
  console.log(caOut ? `  CA certificate: ${caOut}` : '  CA certificate: pass --ca-out FILE to save it');
  console.log(tokenOut ? `  token: ${tokenOut}` : `  token: ${sim.token}`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
