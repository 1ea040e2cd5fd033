// Runs the Okta simulator by hand:
//   tsx sim/okta/cli.ts --users 1000 --port 8443 --ca-out /tmp/ca.pem --token-out /tmp/token
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startOktaSimulator } from './server.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '50' },
    groups: { type: 'string' },
    apps: { type: 'string' },
    seed: { type: 'string', default: '1' },
    port: { type: 'string', default: '0' },
    'time-scale': { type: 'string', default: '1' },
    'latency-ms': { type: 'string', default: '0' },
    'concurrency-limit': { type: 'string', default: '15' },
    'as-of-now': { type: 'boolean', default: false },
    'ca-out': { type: 'string' },
    'token-out': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Usage: tsx sim/okta/cli.ts [options]
  --users N              users to generate (default 50)
  --groups N, --apps N   override the derived counts
  --seed N               data seed (default 1)
  --port N               port on 127.0.0.1 (default: ephemeral)
  --time-scale N         rate-limit windows of 60/N seconds (default 1)
  --latency-ms N         latency added to every response
  --concurrency-limit N  in-flight /api requests before 429 (default 15)
  --as-of-now            date the generated data relative to now instead of 2025-06-01
  --ca-out FILE          write the CA certificate (PEM) to trust
  --token-out FILE       write the API token (otherwise it is printed)`);
  process.exit(0);
}

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`--${name} must be an integer, got ${raw}`);
  return value;
}

const sim = await startOktaSimulator({
  users: integer('users', values.users),
  groups: integer('groups', values.groups),
  apps: integer('apps', values.apps),
  seed: integer('seed', values.seed),
  port: integer('port', values.port),
  timeScale: integer('time-scale', values['time-scale']),
  latencyMs: integer('latency-ms', values['latency-ms']),
  concurrencyLimit: integer('concurrency-limit', values['concurrency-limit']),
  referenceTime: values['as-of-now'] ? Date.now() : undefined,
});

if (values['ca-out']) writeFileSync(values['ca-out'], sim.caPem);
if (values['token-out']) writeFileSync(values['token-out'], sim.token + '\n', { mode: 0o600 });

console.log(`Okta simulator listening on ${sim.url}`);
console.log(`  Okta domain: ${sim.host}`);
console.log(
  `  org: ${sim.org.users.length} users, ${sim.org.groups.length} groups, ${sim.org.apps.length} apps`,
);
console.log(
  values['ca-out']
    ? `  CA certificate: ${values['ca-out']}`
    : '  CA certificate: pass --ca-out FILE to save it',
);
console.log(values['token-out'] ? `  API token: ${values['token-out']}` : `  API token: ${sim.token}`);

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
