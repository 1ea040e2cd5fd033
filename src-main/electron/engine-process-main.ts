// Entry module of the engine utility process (bundled to dist/electron/engine-process.mjs; main forks it).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEngineProcess } from './engine-process.ts';

// The bundle sits in <app>/dist/electron/, in development and inside app.asar alike.
const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

runEngineProcess({
  port: process.parentPort,
  env: process.env,
  appRoot,
  log: (line) => process.stderr.write(`engine: ${line}\n`),
  onShutdown: () => process.exit(0),
});
