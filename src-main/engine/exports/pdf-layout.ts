// Pure layout for the PDF report's table: what a cell shows, how text fits a column, how columns share the
// page. Kept apart from the drawing so it can be tested without rendering.
import { formatUtc, parseTimestamp } from './export-values.ts';

/** Measures text in the current font and size (pdfkit's widthOfString, or a fake in tests). */
export type MeasureText = (text: string) => number;

// The characters the standard PDF fonts (WinAnsiEncoding) can show beyond Latin-1.
const winAnsiExtras = new Set(
  [
    402, 710, 732, 338, 339, 352, 353, 376, 381, 382, 8211, 8212, 8216, 8217, 8218, 8220, 8221, 8222, 8224,
    8225, 8226, 8230, 8240, 8249, 8250, 8364, 8482,
  ].map((code) => String.fromCharCode(code)),
);
const outsideLatin1 = /[^\x20-\x7e\xa0-\xff]/;
const combiningMarks = /[\u0300-\u036f]/g;

function showable(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(char);
}

/**
 * Text the standard Helvetica can draw: line breaks and tabs become spaces, accented letters outside its
 * encoding lose the accent ("ł" stays "?", "ą" becomes "a"), anything else becomes "?". The PDF embeds no
 * font; the CSV, XLSX and JSON exports carry the exact text.
 */
export function toPdfText(text: string): string {
  if (!outsideLatin1.test(text)) return text;
  let out = '';
  for (const char of text) {
    if (showable(char)) {
      out += char;
    } else if (char === '\n' || char === '\r' || char === '\t') {
      out += ' ';
    } else {
      const base = char.normalize('NFKD').replace(combiningMarks, '');
      out += base.length > 0 && [...base].every(showable) ? base : '?';
    }
  }
  return out;
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
  return text.slice(0, low).trimEnd() + ellipsis;
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
