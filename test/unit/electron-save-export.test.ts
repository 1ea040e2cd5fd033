import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SaveDialogOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ExportNotSavedError,
  ExportRequestRefusedError,
  saveExportedFile,
} from '../../src-main/electron/export-save-dialog.ts';

const posixOnly = process.platform === 'win32' ? it.skip : it;

let sandbox: string;
let tempRoot: string;
let exportDir: string;
let downloads: string;

beforeEach(() => {
  sandbox = mkdtempSync(path.join(tmpdir(), 'vouch-save-'));
  tempRoot = path.join(sandbox, 'tmp');
  exportDir = path.join(tempRoot, 'vouch-export-abc123');
  downloads = path.join(sandbox, 'Downloads');
  mkdirSync(exportDir, { recursive: true });
  mkdirSync(downloads);
  writeFileSync(path.join(exportDir, 'okta_users.csv'), 'id,login\n1,a@example.com\n');
});
afterEach(() => rmSync(sandbox, { recursive: true, force: true }));

function dialog(answer: { canceled: boolean; filePath?: string }) {
  return vi.fn(async (_options: SaveDialogOptions) => ({
    canceled: answer.canceled,
    filePath: answer.filePath ?? '',
  }));
}

describe('saveExportedFile', () => {
  it('asks where to save, starting in Downloads with the file name, and moves the file there', async () => {
    const chosen = path.join(downloads, 'users.csv');
    const showSaveDialog = dialog({ canceled: false, filePath: chosen });
    const saved = await saveExportedFile(
      { tempFilePath: path.join(exportDir, 'okta_users.csv'), fileName: 'okta_users.csv' },
      { showSaveDialog, tempRoot, defaultDir: downloads },
    );
    expect(saved).toBe(chosen);
    expect(showSaveDialog.mock.calls[0]![0]).toMatchObject({
      defaultPath: path.join(downloads, 'okta_users.csv'),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
    expect(readFileSync(chosen, 'utf8')).toContain('a@example.com');
    expect(existsSync(path.join(exportDir, 'okta_users.csv'))).toBe(false);
  });

  it('resolves null and writes nothing when the user cancels', async () => {
    const saved = await saveExportedFile(
      { tempFilePath: path.join(exportDir, 'okta_users.csv'), fileName: 'okta_users.csv' },
      { showSaveDialog: dialog({ canceled: true }), tempRoot, defaultDir: downloads },
    );
    expect(saved).toBeNull();
  });

  it('reports a destination it cannot write to as a typed error', async () => {
    const error = await saveExportedFile(
      { tempFilePath: path.join(exportDir, 'okta_users.csv'), fileName: 'okta_users.csv' },
      {
        showSaveDialog: dialog({ canceled: false, filePath: path.join(sandbox, 'missing', 'dir', 'x.csv') }),
        tempRoot,
        defaultDir: downloads,
      },
    ).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ExportNotSavedError);
    expect((error as ExportNotSavedError).nextStep).toMatch(/folder you can write to/);
  });

  it.each([
    ['a path as the file name', { fileName: '../../.bashrc' }],
    ['a hidden file name', { fileName: '.bashrc' }],
    ['a relative temp path', { tempFilePath: 'vouch-export-abc123/okta_users.csv' }],
    ['a file outside the temp folder', { tempFilePath: '/etc/passwd' }],
    ['a file in another temp folder', { tempFilePath: 'OTHER' }],
    ['a missing file', { tempFilePath: 'MISSING' }],
    ['a directory', { tempFilePath: 'DIR' }],
  ])('refuses %s before showing any dialog', async (_name, overrides) => {
    const other = path.join(tempRoot, 'someone-else');
    mkdirSync(other, { recursive: true });
    writeFileSync(path.join(other, 'x.csv'), 'x');
    mkdirSync(path.join(exportDir, 'sub.csv'));
    const paths: Record<string, string> = {
      OTHER: path.join(other, 'x.csv'),
      MISSING: path.join(exportDir, 'nope.csv'),
      DIR: path.join(exportDir, 'sub.csv'),
    };
    const request = {
      tempFilePath: path.join(exportDir, 'okta_users.csv'),
      fileName: 'okta_users.csv',
      ...overrides,
    };
    request.tempFilePath = paths[request.tempFilePath] ?? request.tempFilePath;
    const showSaveDialog = dialog({ canceled: false, filePath: path.join(downloads, 'x') });
    await expect(
      saveExportedFile(request, { showSaveDialog, tempRoot, defaultDir: downloads }),
    ).rejects.toBeInstanceOf(ExportRequestRefusedError);
    expect(showSaveDialog).not.toHaveBeenCalled();
  });

  posixOnly('refuses a symlink that leads out of the export folder', async () => {
    writeFileSync(path.join(sandbox, 'private.key'), 'secret');
    symlinkSync(path.join(sandbox, 'private.key'), path.join(exportDir, 'link.csv'));
    const showSaveDialog = dialog({ canceled: false, filePath: path.join(downloads, 'x') });
    await expect(
      saveExportedFile(
        { tempFilePath: path.join(exportDir, 'link.csv'), fileName: 'link.csv' },
        { showSaveDialog, tempRoot, defaultDir: downloads },
      ),
    ).rejects.toBeInstanceOf(ExportRequestRefusedError);
    expect(showSaveDialog).not.toHaveBeenCalled();
  });
});
