// Names in every script survive the PDF export: each is drawn in an embedded Noto font and comes back from
// pdftotext (poppler), the way an auditor's search or copy would read it. What pdftotext returns for
// right-to-left and Indic text is asserted as it really is, and explained where it differs from the input.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getArtifact, type StoredArtifact } from '../../src-main/engine/evidence/artifact-reader.ts';
import { exportArtifact } from '../../src-main/engine/exports/export-artifact.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';
import { writeArtifact } from '../../src-main/engine/evidence/artifact-writer.ts';
import { oktaUserRow, provenanceDraft, worldNames } from './export-fixtures.ts';

let dir: string;
let store: Store;

/** An artifact of users (id, display name) whose display names are `names`, after 30 ordinary users. */
async function artifactWith(names: readonly string[], sourceName = 'Acme Okta'): Promise<StoredArtifact> {
  const rows = [
    ...Array.from({ length: 30 }, (_, i) => oktaUserRow(i)),
    ...names.map((name, i) => ({ id: `00u-name-${i}`, display_name: name })),
  ].map((row) => ({ id: row.id, display_name: row.display_name }));
  const written = await writeArtifact(
    store,
    provenanceDraft(['id', 'display_name'], {
      source: { id: 'src_world', name: sourceName, kind: 'okta' },
      providerReportedCount: rows.length,
    }),
    [rows],
  );
  return getArtifact(store, written.id);
}

async function exportPdf(artifact: StoredArtifact, name: string): Promise<string> {
  const file = path.join(dir, name);
  await exportArtifact(artifact, 'pdf', file);
  return file;
}

const pdftotext = (file: string) =>
  execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });

/** The fonts a PDF uses, as pdffonts lists them: name, and whether embedded. */
function fontsOf(file: string): { name: string; embedded: boolean }[] {
  return execFileSync('pdffonts', [file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const columns = line.trim().split(/\s+/);
      // The columns from the right: object ID (2), uni, sub, emb.
      return { name: columns[0] as string, embedded: columns.at(-5) === 'yes' };
    });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-pdf-scripts-'));
  store = openStore(path.join(dir, 'data'));
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PDF export of names in every script', () => {
  let text: string;
  let file: string;

  beforeAll(async () => {
    file = await exportPdf(await artifactWith(worldNames, 'Acme Łódź 東京'), 'world.pdf');
    text = pdftotext(file);
  });

  // Left-to-right scripts come back exactly as collected.
  it.each([
    ['Polish', 'Łukasz Żółkiewski'],
    ['Czech', 'Jiří Dvořák'],
    ['Vietnamese', 'Nguyễn Thị Hương'],
    ['Cyrillic', 'Дмитрий Иванов'],
    ['Greek', 'Σωκράτης Παπαδόπουλος'],
    ['Chinese', '王小明'],
    ['Japanese', '山田 さくら'],
    ['Korean', '김민준'],
    ['Thai', 'สมชาย ใจดี'],
  ])('%s: %s', (_script, name) => {
    expect(worldNames).toContain(name);
    expect(text).toContain(name);
  });

  it('never shows "?" in place of a letter', () => {
    const tablePages = text.split('\f').slice(1).join('\n');
    expect(tablePages).toContain('00u-name-11');
    expect(tablePages).not.toContain('?');
  });

  // The glyphs of right-to-left names are drawn right to left (Arabic joined by fontkit's shaping);
  // pdftotext recognises them and returns the logical order, wrapped in RIGHT-TO-LEFT EMBEDDING (U+202B) …
  // POP DIRECTIONAL FORMATTING (U+202C).
  it.each([
    ['Arabic', 'محمد علي'],
    ['Hebrew', 'דוד כהן'],
  ])('%s: %s comes back in reading order, marked right to left', (_script, name) => {
    expect(text).toContain(`\u202b${name}\u202c`);
  });

  // Devanagari is shaped (conjuncts, the reph र् drawn above the next consonant), and a PDF maps glyphs back
  // to characters in drawing order: pdftotext returns the reph after the consonant it sits on. The letters
  // are all there, in visual order.
  it('Devanagari: अर्जुन शर्मा comes back with each reph after its consonant (visual order)', () => {
    expect(worldNames).toContain('अर्जुन शर्मा');
    expect(text).toContain('अजुर्न शमार्');
    const sorted = (value: string) => [...value].sort().join('');
    expect(sorted('अजुर्न शमार्')).toBe(sorted('अर्जुन शर्मा'));
  });

  it('shows the source name in its own script on the cover and on every table page', () => {
    const pages = text.split('\f').filter((page) => page.trim() !== '');
    expect(pages[0]).toContain('Acme Łódź 東京 (okta)');
    for (const page of pages.slice(1)) expect(page).toContain('Acme Łódź 東京');
    expect(text).not.toContain('non-Latin');
  });

  it('embeds a subset of each Noto font the names need', () => {
    const embedded = fontsOf(file)
      .filter((font) => font.embedded)
      .map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
    expect(embedded.sort()).toEqual(
      [
        'NotoNaskhArabic',
        'NotoSans-Regular',
        'NotoSansHans-Regular',
        'NotoSansHebrew',
        'NotoSansJP-Regular',
        'NotoSansKR-Regular',
        'NotoSansThai-Regular',
      ].sort(),
    );
    // Subset: the whole Chinese font is 8 MB; the PDF holds the few glyphs used.
    expect(fontsOf(file).every((font) => !font.embedded || /^[A-Z]{6}\+/.test(font.name))).toBe(true);
  });
});

describe('PDF export loads only the fonts a document needs', () => {
  it('embeds nothing for a population Helvetica can draw', async () => {
    const file = await exportPdf(await artifactWith(['Zoë Müller', 'François Lefèvre']), 'latin1.pdf');
    expect(fontsOf(file).filter((font) => font.embedded)).toEqual([]);
    expect(pdftotext(file)).toContain('François Lefèvre');
  });

  it('embeds only Noto Sans for Latin, Cyrillic and Greek names', async () => {
    const file = await exportPdf(
      await artifactWith(['Łukasz Żółkiewski', 'Дмитрий Иванов', 'Σωκράτης']),
      'european.pdf',
    );
    const embedded = fontsOf(file).filter((font) => font.embedded);
    expect(embedded.map((font) => font.name.replace(/^[A-Z]{6}\+/, ''))).toEqual(['NotoSans-Regular']);
    const text = pdftotext(file);
    expect(text).toContain('Łukasz Żółkiewski');
    expect(text).not.toContain('?ukasz');
  });

  it('shows a character no font has (an emoji) as "?", and the rest of the name', async () => {
    const file = await exportPdf(await artifactWith(['Ana 😀 Silva']), 'emoji.pdf');
    expect(pdftotext(file)).toContain('Ana ? Silva');
  });
});
