#!/usr/bin/env node
// Launcher for `npx vouch` / the installed bin: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';
register();
await import('../src-main/cli/main.ts');
