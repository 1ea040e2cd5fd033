import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { desktopPreflight, type PreflightEnvironment } from '../../src-main/electron/launch-preflight.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

function environment(overrides: Partial<PreflightEnvironment> = {}): PreflightEnvironment {
  return {
    platform: 'linux',
    env: { DISPLAY: ':0' },
    resolveElectron: () => '/repo/node_modules/electron/dist/electron',
    exists: () => true,
    ...overrides,
  };
}

describe('npm start preflight', () => {
  it('starts Electron when its binary and a display are there', () => {
    expect(desktopPreflight(environment())).toEqual({
      ok: true,
      electronPath: '/repo/node_modules/electron/dist/electron',
    });
    expect(desktopPreflight(environment({ env: { WAYLAND_DISPLAY: 'wayland-0' } })).ok).toBe(true);
    expect(desktopPreflight(environment({ platform: 'darwin', env: {} })).ok).toBe(true);
  });

  it('points to browser mode when the electron package has no binary', () => {
    const missing = desktopPreflight(
      environment({
        resolveElectron: () => {
          throw new Error(
            'Electron failed to install correctly, please delete node_modules/electron and try installing again',
          );
        },
      }),
    );
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.message).toContain("Electron's binary is not installed");
      expect(missing.message).toContain('npm run serve');
    }
    const pathButNoFile = desktopPreflight(environment({ exists: () => false }));
    expect(pathButNoFile.ok).toBe(false);
  });

  it('points to browser mode on Linux without a display', () => {
    const headless = desktopPreflight(environment({ env: {} }));
    expect(headless.ok).toBe(false);
    if (!headless.ok) {
      expect(headless.message).toContain('no display');
      expect(headless.message).toContain('npm run serve');
    }
  });

  it('the launcher prints the fallback and exits non-zero where Electron is missing, before building', () => {
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const result = spawnSync(
      process.execPath,
      ['--import', tsx, path.join(root, 'src-main/electron/launch.ts')],
      {
        cwd: root,
        // Points electron's index.js at a folder without the binary, on any machine.
        env: {
          ...process.env,
          ELECTRON_OVERRIDE_DIST_PATH: path.join(root, 'test-output', 'no-electron-here'),
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('npm run serve');
    expect(result.stderr).not.toContain('building the renderer');
  });
});

describe('electron-builder.yml', () => {
  const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
    string,
    unknown
  >;

  it('is valid for electron-builder', () => {
    const schema = JSON.parse(
      readFileSync(createRequire(import.meta.url).resolve('app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('packages the hardened desktop app', () => {
    expect(config).toMatchObject({
      asar: true,
      npmRebuild: true,
      extraMetadata: { main: 'dist/electron/main.mjs' },
      linux: { target: ['AppImage', 'deb'] },
      mac: { target: ['dmg'], hardenedRuntime: true },
      win: { target: ['nsis'] },
      electronFuses: {
        runAsNode: false,
        enableCookieEncryption: true,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true,
      },
    });
    const files = config.files as string[];
    expect(files).toEqual(
      expect.arrayContaining(['dist/electron/migrations/**', 'dist/renderer/**', 'resources/**']),
    );
    // The output folder and the development-only native copy stay out of the package.
    expect(files.some((pattern) => pattern.startsWith('dist/desktop') || pattern === 'dist/**')).toBe(false);
    expect(files).toContain('!dist/electron/node_modules/**');
  });
});
