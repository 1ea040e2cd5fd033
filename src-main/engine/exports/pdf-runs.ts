// Which font draws which part of a string in the PDF report, and in what visual order. Pure: the fonts'
// coverage is asked through `Coverage`, so this runs without loading a font (and is tested that way).
//
// A string the standard Helvetica can draw (WinAnsiEncoding) stays in it: nothing is embedded for the usual
// ASCII data. Any other string is drawn whole in embedded Noto fonts (so a name does not mix Helvetica and
// Noto letters), split into runs by the first font of the chain that has each character: Noto Sans (Latin,
// Cyrillic, Greek, Devanagari, Vietnamese...), then by script Noto Naskh Arabic, Noto Sans Hebrew, Noto Sans
// Thai and Noto Sans CJK (SC, JP or KR first, by whether the string holds kana or hangul: a Japanese name's
// kanji take Japanese forms, a Chinese name's hanzi Chinese ones).

/** The embedded font families, by the scripts they are there for. */
export const scriptFonts = ['noto', 'arabic', 'hebrew', 'thai', 'sc', 'jp', 'kr'] as const;
export type ScriptFont = (typeof scriptFonts)[number];

export interface Coverage {
  /** Whether `font` has a glyph for the code point (loads the font on first use). */
  has(font: ScriptFont, codePoint: number): boolean;
}

/** A run of characters drawn in one font; RTL runs are Arabic or Hebrew text. */
export interface Run {
  font: ScriptFont;
  text: string;
  rtl: boolean;
}

/** What the report draws for a character none of its fonts has (an emoji, a rare script). */
export const missingGlyph = '?';

// The characters the standard PDF fonts (WinAnsiEncoding) can show beyond Latin-1.
const winAnsiExtras =
  '\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122';
const standardText = new RegExp(`^[\\x20-\\x7e\\xa0-\\xff${winAnsiExtras}]*$`);

/** True when Helvetica draws the whole string (the fast path: no embedded font). */
export function isStandardText(text: string): boolean {
  return standardText.test(text);
}

const ranges = {
  arabic: [
    [0x0600, 0x06ff],
    [0x0750, 0x077f],
    [0x0870, 0x08ff],
    [0xfb50, 0xfdff],
    [0xfe70, 0xfeff],
  ],
  hebrew: [
    [0x0590, 0x05ff],
    [0xfb1d, 0xfb4f],
  ],
  thai: [[0x0e00, 0x0e7f]],
  cjk: [
    [0x1100, 0x11ff],
    [0x2e80, 0x2fdf],
    [0x2ff0, 0x9fff],
    [0xa960, 0xa97f],
    [0xac00, 0xd7ff],
    [0xf900, 0xfaff],
    [0xfe30, 0xfe4f],
    [0xff00, 0xffef],
    [0x20000, 0x3ffff],
  ],
} as const;

function inRanges(codePoint: number, list: readonly (readonly [number, number])[]): boolean {
  for (const [low, high] of list) if (codePoint >= low && codePoint <= high) return true;
  return false;
}

const kana = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/;
const hangul = /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af]/;

/** The CJK fonts in the order a string's kana or hangul call for. */
export function cjkOrder(text: string): ScriptFont[] {
  if (hangul.test(text)) return ['kr', 'sc', 'jp'];
  if (kana.test(text)) return ['jp', 'sc', 'kr'];
  return ['sc', 'jp', 'kr'];
}

/** The fallback fonts that may have a code point Noto Sans lacks, by its Unicode block. */
function fallbacksFor(codePoint: number, cjk: ScriptFont[]): readonly ScriptFont[] {
  if (inRanges(codePoint, ranges.arabic)) return ['arabic'];
  if (inRanges(codePoint, ranges.hebrew)) return ['hebrew'];
  if (inRanges(codePoint, ranges.thai)) return ['thai'];
  if (inRanges(codePoint, ranges.cjk)) return cjk;
  return [];
}

const rtlNeutral = /^[\s\p{P}]$/u;
const ltrNeutral = /^[\s\p{P}\p{S}\p{N}]$/u;
const letter = /^\p{L}$/u;

/**
 * The string split into runs, each in the font that draws it, in logical (reading) order. Spaces,
 * punctuation and (outside right-to-left text) digits and symbols stay in the run they are in, when its
 * font has them. A character no font has becomes "?" in Noto Sans.
 */
export function splitRuns(text: string, coverage: Coverage): Run[] {
  let cjk: ScriptFont[] | null = null;
  const preferred = (codePoint: number): ScriptFont | null => {
    if (coverage.has('noto', codePoint)) return 'noto';
    const candidates = fallbacksFor(codePoint, (cjk ??= cjkOrder(text)));
    return candidates.find((font) => coverage.has(font, codePoint)) ?? null;
  };
  const runs: Run[] = [];
  let current: Run | null = null;
  for (const char of text) {
    const codePoint = char.codePointAt(0) as number;
    if (current) {
      const neutral: RegExp = current.rtl ? rtlNeutral : ltrNeutral;
      if (neutral.test(char) && coverage.has(current.font, codePoint)) {
        current.text += char;
        continue;
      }
    }
    const font = preferred(codePoint);
    const drawn: string = font === null ? missingGlyph : char;
    const runFont = font ?? 'noto';
    if (current && current.font === runFont) {
      current.text += drawn;
    } else {
      current = { font: runFont, text: drawn, rtl: runFont === 'arabic' || runFont === 'hebrew' };
      runs.push(current);
    }
  }
  // Spaces after right-to-left text go with what follows it, so "Team محمد 42" keeps its space before "42"
  // once the Arabic word is laid out right to left.
  for (let i = 0; i < runs.length - 1; i++) {
    const run = runs[i] as Run;
    const next = runs[i + 1] as Run;
    const trailing = run.rtl ? (/\s+$/u.exec(run.text)?.[0] ?? '') : '';
    if (
      trailing &&
      trailing.length < run.text.length &&
      [...trailing].every((c) => coverage.has(next.font, c.codePointAt(0) as number))
    ) {
      run.text = run.text.slice(0, -trailing.length);
      next.text = trailing + next.text;
    }
  }
  return runs;
}

/** A piece drawn with one text call, in visual (left-to-right) order. */
export interface Segment {
  font: ScriptFont;
  text: string;
}

/** Words and the whitespace between them, in order. */
function tokens(text: string): string[] {
  return text.match(/\s+|\S+/gu) ?? [];
}

/**
 * The runs in visual order, a simplified Unicode bidi: consecutive right-to-left runs form a block whose words
 * are laid out right to left (each word's glyphs are reversed and shaped by fontkit), and when the string's
 * first letter is right-to-left the blocks themselves go right to left. Each right-to-left word is its own
 * segment, because pdfkit lays out a string's words left to right.
 */
export function visualSegments(runs: readonly Run[]): Segment[] {
  const blocks: { rtl: boolean; runs: Run[] }[] = [];
  for (const run of runs) {
    const last = blocks[blocks.length - 1];
    if (last && last.rtl === run.rtl) last.runs.push(run);
    else blocks.push({ rtl: run.rtl, runs: [run] });
  }
  const firstLetterRun = runs.find((run) => [...run.text].some((char) => letter.test(char)));
  if (firstLetterRun?.rtl) blocks.reverse();
  const segments: Segment[] = [];
  for (const block of blocks) {
    if (!block.rtl) {
      for (const run of block.runs) segments.push({ font: run.font, text: run.text });
      continue;
    }
    const pieces = block.runs.flatMap((run) => tokens(run.text).map((text) => ({ font: run.font, text })));
    segments.push(...pieces.reverse());
  }
  return segments;
}
