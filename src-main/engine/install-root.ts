// The installation's root folder (holding resources/ and dist/renderer/), for files the engine and the
// servers read at run time. This module sits two levels below the root in every form the code runs in:
// src-main/engine/ from source, dist/node/ compiled for the CLI, dist/electron/ bundled for the desktop (the
// bundles keep their chunks directly in those folders).
import { fileURLToPath } from 'node:url';

export const installRoot = fileURLToPath(new URL('../../', import.meta.url));
