// The PDF export's fonts come from npm packages (kept out of git); the desktop package must carry the faces
// the export embeds, and electron-builder.yml leaves out the other weights those packages hold.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fontFiles, fontPath } from '../../src-main/engine/exports/pdf-fonts.ts';
import { scriptFonts } from '../../src-main/engine/exports/pdf-runs.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const builder = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { files: string[] };
const exclusions = builder.files
  .filter((pattern) => pattern.startsWith('!node_modules/'))
  .map((pattern) => pattern.slice(1));
const packaged = (relative: string) => !exclusions.some((pattern) => minimatch(relative, pattern));

const used = scriptFonts.flatMap((font) =>
  (['regular', 'bold'] as const).map((face) =>
    path.relative(root, fontPath(font, face)).split(path.sep).join('/'),
  ),
);

describe('PDF fonts in the desktop package', () => {
  it('finds every face the export embeds in node_modules, as a dependency of the app', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const font of scriptFonts) expect(pkg.dependencies).toHaveProperty(fontFiles[font].pkg);
    for (const file of used) expect(existsSync(path.join(root, file)), file).toBe(true);
  });

  it('packages every face the export embeds and none of the other font files', () => {
    for (const file of used) expect(packaged(file), file).toBe(true);
    const packages = [...new Set(scriptFonts.map((font) => fontFiles[font].pkg))];
    const fontFilesOnDisk = packages.flatMap((pkg) =>
      (readdirSync(path.join(root, 'node_modules', pkg), { recursive: true }) as string[])
        .filter((file) => /\.(ttf|otf)$/.test(file))
        .map((file) => `node_modules/${pkg}/${file.split(path.sep).join('/')}`),
    );
    const shipped = fontFilesOnDisk.filter(packaged).sort();
    expect(shipped).toEqual([...new Set(used)].sort());
  });
});
