// vitest globalSetup of the integration tests: compiles dist/node/ from the current sources once, before any
// test spawns the CLI (test/helpers/cli.ts) or forks a compiled lane, so no test runs a stale build and no two
// test workers rebuild it at once.
import path from 'node:path';
import { buildNodeBundles } from '../../src-main/build/build-node.ts';

export default async function setup(): Promise<void> {
  await buildNodeBundles({ root: path.resolve(import.meta.dirname, '..', '..') });
}
