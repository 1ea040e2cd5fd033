// Pure layout for the PDF report's table: what a cell shows, how text fits a column, how columns share the
// page. Kept apart from the drawing so it can be tested without rendering.
import { formatUtc, parseTimestamp } from './export-values.ts';
import { isStandardText } from './pdf-runs.ts';

/** Measures text in the current font and size (pdfkit's widthOfString, or a fake in tests). */
export type MeasureText = (text: string) => number;

// Control characters are exactly what these find.
// eslint-disable-next-line no-control-regex
const controls = /[\x00-\x1f\x7f-\x9f]/;
// eslint-disable-next-line no-control-regex
const controlChars = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * Text as one line of the report, in Unicode's composed form (NFC, the same text): line breaks and tabs
 * become spaces, other control characters "?". Every other character is drawn (pdf-runs.ts picks the font).
 */
export function toPdfText(text: string): string {
  if (isStandardText(text)) return text;
  // Composed form: an accent typed as a separate mark is drawn (and read back) as the one accented letter.
  const composed = text.normalize('NFC');
  if (!controls.test(composed)) return composed;
  return composed.replace(controlChars, (char) =>
    char === '\n' || char === '\r' || char === '\t' ? ' ' : '?',
  );
}

/**
 * A row value as the report shows it: timestamps in UTC as "2024-05-01 10:00:00" (or only their date when
 * the table is too wide for times), empty for null.
 */
export function cellText(value: unknown, datesOnly = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const timestamp = parseTimestamp(value);
    if (!timestamp) return toPdfText(value);
    const text = formatUtc(timestamp);
    return datesOnly ? text.slice(0, 10) : text;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return toPdfText(JSON.stringify(value));
}

export const ellipsis = '…';

/** The text cut short (ending in "…") so it measures at most `width`; unchanged when it already fits. */
export function fitText(text: string, width: number, measure: MeasureText): string {
  if (measure(text) <= width) return text;
  if (measure(ellipsis) > width) return '';
  // Binary search for the longest prefix that still fits with the ellipsis.
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(text.slice(0, mid).trimEnd() + ellipsis) <= width) low = mid;
    else high = mid - 1;
  }
  // Never cut a character outside the Basic Multilingual Plane (a surrogate pair) in half.
  if (low > 0 && isHighSurrogate(text.charCodeAt(low - 1))) low--;
  return text.slice(0, low).trimEnd() + ellipsis;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

// Where a line may break: after whitespace, and around each CJK character (those scripts put no spaces
// between words).
const cjkChar = '\\u2e80-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff\\uff00-\\uffef';
const breakUnits = new RegExp(`\\s+|[${cjkChar}]|[^\\s${cjkChar}]+`, 'gu');

/**
 * A paragraph in lines no wider than `width`: broken at spaces and between CJK characters, and a word wider
 * than a line on its own cut between characters. Line breaks in the text are kept.
 */
export function wrapText(text: string, width: number, measure: MeasureText): string[] {
  const lines: string[] = [];
  for (const hardLine of text.split('\n')) {
    let line = '';
    for (const unit of hardLine.match(breakUnits) ?? []) {
      if (line.trim() === '' || measure((line + unit).trimEnd()) <= width) {
        line = line.trim() === '' ? unit.trimStart() : line + unit;
      } else {
        lines.push(line.trimEnd());
        line = unit.trimStart();
      }
      // A word wider than the line: cut off the longest start that fits (at least one character).
      while (measure(line) > width && [...line].length > 1) {
        const chars = [...line];
        let fits = 1;
        while (fits < chars.length && measure(chars.slice(0, fits + 1).join('')) <= width) fits++;
        lines.push(chars.slice(0, fits).join(''));
        line = chars.slice(fits).join('');
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

export interface ColumnDemand {
  /** Width that shows the header and (nearly) every sampled value in full. */
  natural: number;
  /** Below this the column stops being useful. */
  minimum: number;
}

/**
 * Shares `available` points among columns. When everything fits, the spare room is spread in proportion to
 * the natural widths; when not, the widest columns give way first (each keeps at least its minimum, and the
 * columns that fit stay whole), so short columns such as status or dates are never the ones cut.
 */
export function fitColumns(demands: readonly ColumnDemand[], available: number): number[] {
  if (demands.length === 0) return [];
  const total = demands.reduce((sum, d) => sum + d.natural, 0);
  if (total <= available) return demands.map((d) => (d.natural * available) / total);
  const minimumTotal = demands.reduce((sum, d) => sum + Math.min(d.minimum, d.natural), 0);
  if (minimumTotal >= available) {
    // Even the minimums overflow: scale them down together.
    return demands.map((d) => (Math.min(d.minimum, d.natural) * available) / minimumTotal);
  }
  // Water-filling: find the cap c with sum(max(min(natural, c), minimum)) = available.
  const widthsAt = (cap: number) =>
    demands.map((d) => Math.max(Math.min(d.natural, cap), Math.min(d.minimum, d.natural)));
  let low = 0;
  let high = Math.max(...demands.map((d) => d.natural));
  for (let i = 0; i < 40; i++) {
    const mid = (low + high) / 2;
    const sum = widthsAt(mid).reduce((a, b) => a + b, 0);
    if (sum > available) high = mid;
    else low = mid;
  }
  return widthsAt(low);
}

/** The value at quantile `q` (0..1) of `values`, which need not be sorted. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** Where a column name may break across two lines: after "_", "-", ".", " ", or between camelCase words. */
function headerBreaks(header: string): number[] {
  const breaks: number[] = [];
  for (let i = 1; i < header.length; i++) {
    const previous = header[i - 1] as string;
    const char = header[i] as string;
    if ('_-. '.includes(previous) || (/[a-z0-9]/.test(previous) && /[A-Z]/.test(char))) breaks.push(i);
  }
  return breaks;
}

/**
 * A column header on one line if it fits `width`, else on two lines split where the name breaks best (the
 * narrower of the two lines as wide as possible), each line cut with "…" if still too wide.
 */
export function headerLines(header: string, width: number, measure: MeasureText): string[] {
  if (measure(header) <= width) return [header];
  const split = bestHeaderSplit(header, measure);
  if (!split) return [fitText(header, width, measure)];
  return split.map((line) => fitText(line, width, measure));
}

/** The two-line split of a header whose wider line is narrowest, or null if the name has no break. */
export function bestHeaderSplit(header: string, measure: MeasureText): [string, string] | null {
  let best: [string, string] | null = null;
  let bestWidth = Infinity;
  for (const at of headerBreaks(header)) {
    const lines: [string, string] = [header.slice(0, at).trimEnd(), header.slice(at).trimStart()];
    const width = Math.max(measure(lines[0]), measure(lines[1]));
    if (width < bestWidth) {
      best = lines;
      bestWidth = width;
    }
  }
  return best;
}
