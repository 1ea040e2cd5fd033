// The Unicode fonts the PDF report embeds, from npm packages (node_modules, kept out of git; the desktop
// package includes the faces listed here, see electron-builder.yml). Each document loads a font only when a
// string needs it, and once: a large CJK font is read and parsed once per document, never per page or cell.
// pdfkit embeds only the glyphs the document uses (a subset per font).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { splitRuns, visualSegments, type ScriptFont, type Segment } from './pdf-runs.ts';

export type Face = 'regular' | 'bold';

interface FontFiles {
  /** npm package holding the files. */
  pkg: string;
  /** Paths inside the package; CJK has no bold here (a bold CJK face would add 17 MB): bold uses regular. */
  regular: string;
  bold: string;
}

export const fontFiles: Record<ScriptFont, FontFiles> = {
  noto: {
    pkg: '@embedpdf/fonts-latin',
    regular: 'fonts/NotoSans-Regular.ttf',
    bold: 'fonts/NotoSans-Bold.ttf',
  },
  arabic: {
    pkg: '@embedpdf/fonts-arabic',
    regular: 'fonts/NotoNaskhArabic-Regular.ttf',
    bold: 'fonts/NotoNaskhArabic-Bold.ttf',
  },
  hebrew: {
    pkg: '@embedpdf/fonts-hebrew',
    regular: 'fonts/NotoSansHebrew-Regular.ttf',
    bold: 'fonts/NotoSansHebrew-Bold.ttf',
  },
  thai: {
    pkg: '@expo-google-fonts/noto-sans-thai',
    regular: '400Regular/NotoSansThai_400Regular.ttf',
    bold: '700Bold/NotoSansThai_700Bold.ttf',
  },
  sc: {
    pkg: '@embedpdf/fonts-sc',
    regular: 'fonts/NotoSansHans-Regular.otf',
    bold: 'fonts/NotoSansHans-Regular.otf',
  },
  jp: {
    pkg: '@embedpdf/fonts-jp',
    regular: 'fonts/NotoSansJP-Regular.otf',
    bold: 'fonts/NotoSansJP-Regular.otf',
  },
  kr: {
    pkg: '@embedpdf/fonts-kr',
    regular: 'fonts/NotoSansKR-Regular.otf',
    bold: 'fonts/NotoSansKR-Regular.otf',
  },
};

const packageRoots = new Map<string, string>();

/** The folder of an installed package (resolved from this module, so it works from the desktop bundle too). */
function packageRoot(pkg: string): string {
  let root = packageRoots.get(pkg);
  if (!root) {
    let dir = path.dirname(createRequire(import.meta.url).resolve(pkg));
    while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    root = dir;
    packageRoots.set(pkg, root);
  }
  return root;
}

/** The file of a font face on disk. */
export function fontPath(font: ScriptFont, face: Face): string {
  const files = fontFiles[font];
  return path.join(packageRoot(files.pkg), files[face]);
}

type Doc = PDFKit.PDFDocument;

/** A piece of text and how pdfkit draws it. */
export interface DrawnSegment {
  font: string;
  text: string;
  /** Laid out without glyph composition (ccmp), keeping precomposed accented letters whole. */
  composedLatin: boolean;
}

// Noto Sans's glyph composition (ccmp) splits some accented letters into a letter and a mark ("ị" into "i" and
// a dot below). A PDF maps each glyph back to one text and fontkit labels a glyph with the characters it first
// met it in, so every "i" of the document could read back as "ị", or the dot be lost. Latin, Greek and
// Cyrillic text keeps its precomposed letters (Noto Sans has them all); Devanagari needs ccmp.
const indic =
  /[\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}]/u;

interface LoadedFont {
  /** pdfkit's name for the face. */
  name: string;
  hasGlyph: (codePoint: number) => boolean;
}

/**
 * The embedded fonts of one document. Coverage answers are cached per code point; the files are read on
 * first need. pdfkit's own font object is asked for coverage (its fontkit font), so each file is parsed once.
 */
export class PdfFonts {
  private readonly loaded = new Map<string, LoadedFont>();
  private readonly coverage = new Map<ScriptFont, Map<number, boolean>>();

  constructor(private readonly doc: Doc) {}

  /** The fonts this document has loaded so far (for tests and the bench). */
  loadedFonts(): string[] {
    return [...this.loaded.keys()];
  }

  private load(font: ScriptFont, face: Face): LoadedFont {
    const file = fontPath(font, face);
    const name = `vouch-${font}-${path.basename(file).replace(/\.[^.]+$/, '')}`;
    let loaded = this.loaded.get(name);
    if (!loaded) {
      // Loading makes it the current font: callers set the font they draw with right before drawing.
      this.doc.registerFont(name, readFileSync(file)).font(name);
      // pdfkit keeps the fontkit font on its embedded font (an internal field): asked here rather than
      // parsing the file a second time.
      const embedded = (this.doc as unknown as { _font: { font?: { hasGlyphForCodePoint?: unknown } } })._font
        .font;
      if (typeof embedded?.hasGlyphForCodePoint !== 'function')
        throw new Error(`pdfkit did not load ${file} as an embedded font`);
      const fontkitFont = embedded as { hasGlyphForCodePoint(codePoint: number): boolean };
      loaded = { name, hasGlyph: (codePoint) => fontkitFont.hasGlyphForCodePoint(codePoint) };
      this.loaded.set(name, loaded);
    }
    return loaded;
  }

  /**
   * Forgets the word layouts pdfkit keeps per embedded font. Called once per page: measuring and drawing a
   * page share them (the repeated words of a page are laid out once), and memory stays flat however many
   * distinct names the population holds.
   */
  forgetLayouts(): void {
    const families = (this.doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: object }> })
      ._fontFamilies;
    for (const name of this.loaded.keys()) {
      const font = families?.[name];
      if (font?.layoutCache) font.layoutCache = Object.create(null) as object;
    }
  }

  /** Whether `font` has the code point (the regular face decides; bold faces cover the same characters). */
  has(font: ScriptFont, codePoint: number): boolean {
    let known = this.coverage.get(font);
    if (!known) {
      known = new Map();
      this.coverage.set(font, known);
    }
    let answer = known.get(codePoint);
    if (answer === undefined) {
      answer = this.load(font, 'regular').hasGlyph(codePoint);
      known.set(codePoint, answer);
    }
    return answer;
  }

  /** The pdfkit font name for a script font's face (loading it if needed). */
  fontName(font: ScriptFont, face: Face): string {
    return this.load(font, face).name;
  }

  /** A non-standard string as visual segments, each with the pdfkit font (and features) that draw it. */
  segments(text: string, face: Face): DrawnSegment[] {
    return visualSegments(splitRuns(text, this)).map((segment: Segment) => ({
      font: this.fontName(segment.font, face),
      text: segment.text,
      composedLatin: segment.font === 'noto' && !indic.test(segment.text),
    }));
  }
}
