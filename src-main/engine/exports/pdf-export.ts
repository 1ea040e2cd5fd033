// PDF export of an artifact: a report an auditor can attach to a workpaper. A cover page with the title,
// the population's status (COMPLETE or PARTIAL, and why) and every provenance field; then the rows as a
// paginated table (repeated header, numbered rows, zebra stripes), "Page X of Y" and the artifact's hash in
// every footer. Text Helvetica can draw is drawn in it (nothing embedded); names and values in other scripts
// in Noto fonts embedded from npm packages, each loaded only when the document needs it and subset by pdfkit
// (pdf-runs.ts, pdf-fonts.ts).
//
// Memory stays flat: every row takes exactly one line of a fixed height, so the number of pages is known
// from the row count before the first row is drawn, footers are written as each page is made, and pages are
// flushed to the file as soon as they are full. Only the cover is buffered until its own page count is known.
import { createWriteStream } from 'node:fs';
import PDFDocument from 'pdfkit';
import { readArtifactRows, type StoredArtifact } from '../evidence/artifact-reader.ts';
import { VouchError } from '../errors.ts';
import { vouchVersion } from '../version.ts';
import type { PaperSize } from './paper-sizes.ts';
import {
  abandonStream,
  progressInterval,
  rethrowFailure,
  trackFailures,
  waitForDrain,
  writeExportFile,
  type ExportProgress,
} from './export-file.ts';
import {
  datasetTitle,
  formatUtc,
  parseTimestamp,
  peekRows,
  populationStatus,
  provenanceEntries,
  shortHash,
  type ArtifactRow,
} from './export-values.ts';
import { PdfFonts, type Face } from './pdf-fonts.ts';
import {
  bestHeaderSplit,
  cellText,
  fitColumns,
  fitText,
  headerLines,
  quantile,
  toPdfText,
  type ColumnDemand,
} from './pdf-layout.ts';
import { isStandardText } from './pdf-runs.ts';
import { PdfText } from './pdf-text.ts';

export { paperSizes, type PaperSize } from './paper-sizes.ts';

export interface PdfOptions {
  paper: PaperSize;
  onProgress?: ExportProgress;
}

export class ArtifactRowCountMismatchError extends VouchError {
  constructor(id: string, recorded: number, found: number) {
    super(
      'artifact_row_count_mismatch',
      `Artifact ${id} records ${recorded.toLocaleString('en-US')} rows but its content holds ${found.toLocaleString('en-US')}.`,
      'The artifact record was altered or damaged. Re-run the sync to collect a fresh snapshot.',
    );
  }
}

type Doc = PDFKit.PDFDocument;

const paperPoints: Record<PaperSize, [number, number]> = { A4: [595.28, 841.89], LETTER: [612, 792] };
const margin = 36;
const regular = 'Helvetica';
const bold = 'Helvetica-Bold';
const mono = 'Courier';
const colors = {
  ink: '#1a1f2b',
  muted: '#5b6472',
  faint: '#8a93a0',
  rule: '#d5dae1',
  headerFill: '#1f3a5f',
  headerText: '#ffffff',
  zebra: '#f2f5f9',
  complete: '#1b5e20',
  completeFill: '#e6f4ea',
  partial: '#9a1c1c',
  partialFill: '#fdecea',
};
/** Rows measured to fit the columns. */
const sampleSize = 200;
const cellPadding = 4;
/** The table pauses for the file to catch up when pdfkit holds more than this unwritten. */
const maxBufferedBytes = 4 * 1024 * 1024;

interface TableLayout {
  /** Widths of body text in the table's font and size. */
  measure: (text: string) => number;
  landscape: boolean;
  /** Timestamps shown as their UTC date alone (the table has no room for times). */
  datesOnly: boolean;
  pageWidth: number;
  pageHeight: number;
  fontSize: number;
  rowHeight: number;
  headerHeight: number;
  tableTop: number;
  rowsPerPage: number;
  pages: number;
  /** x and width of the row-number column, then of each data column. */
  numberColumn: { x: number; width: number };
  columns: { name: string; headerLines: string[]; x: number; width: number }[];
}

interface ReportContext {
  artifact: StoredArtifact;
  /** Draws and measures text in whichever font has its characters. */
  text: PdfText;
  paper: PaperSize;
  title: string;
  totalPages: number;
}

// ------------------------------------------------------------------------------------------------ layout

const widthTables = new Map<string, Map<string, number>>();

/**
 * A measure for `font` at `size` from a table of glyph widths (per 1000 units), built once per font. It
 * leaves out kerning, which only ever narrows Helvetica text: a cut that fits by this measure fits on the page,
 * and measuring a million cells stays cheap (pdfkit's own measure is a large part of drawing time).
 */
function measureWith(doc: Doc, font: string, size: number): (text: string) => number {
  let widths = widthTables.get(font);
  if (!widths) {
    widths = new Map();
    doc.font(font).fontSize(1000);
    for (let code = 0x20; code <= 0xff; code++) {
      const char = String.fromCharCode(code);
      widths.set(char, doc.widthOfString(char));
    }
    for (const char of '…–—‘’‚“”„†‡•‰‹›€™ŒœŠšŸŽžƒˆ˜') widths.set(char, doc.widthOfString(char));
    widthTables.set(font, widths);
  }
  const table = widths;
  const fallback = table.get('?') as number;
  const scale = size / 1000;
  return (text) => {
    let total = 0;
    for (let i = 0; i < text.length; i++) total += table.get(text[i] as string) ?? fallback;
    return total * scale;
  };
}

/**
 * A measure for text in `face` at `size`: the glyph-width table for what Helvetica draws, the embedded fonts'
 * layout (shaping included) for anything else.
 */
function measureFace(doc: Doc, text: PdfText, face: Face, size: number): (value: string) => number {
  const standard = measureWith(doc, face === 'bold' ? bold : regular, size);
  return (value) => (isStandardText(value) ? standard(value) : text.width(value, face, size));
}

function planTable(
  doc: Doc,
  text: PdfText,
  artifact: StoredArtifact,
  sample: ArtifactRow[],
  paper: PaperSize,
): TableLayout {
  const columns = artifact.provenance.columns;
  const [short, long] = paperPoints[paper];
  const headers = columns.map(toPdfText);

  const variant = (fontSize: number, datesOnly: boolean) => {
    const measure = measureFace(doc, text, 'regular', fontSize);
    const measureBold = measureFace(doc, text, 'bold', fontSize);
    const numberWidth =
      Math.max(measure(artifact.rowCount.toLocaleString('en-US')), measureBold('#')) + 2 * cellPadding;
    const demands: ColumnDemand[] = columns.map((column, index) => {
      const header = headers[index] as string;
      const split = bestHeaderSplit(header, measureBold);
      // A header may take two lines, so it need not set the column's width on its own.
      const headerWidth = split ? Math.max(...split.map(measureBold)) : measureBold(header);
      const values = sample.map((row) => measure(cellText(row[column], datesOnly)));
      // The widest sampled values may be outliers; the 95th percentile decides unless the header is wider.
      const natural = Math.max(headerWidth, quantile(values, 0.95), 16) + 2 * cellPadding;
      return { natural, minimum: Math.min(natural, 40) };
    });
    const need = demands.reduce((total, d) => total + d.natural, 0) + numberWidth;
    return { fontSize, datesOnly, numberWidth, demands, need };
  };

  const baseFont = columns.length > 8 ? 7 : 8;
  const first = variant(baseFont, false);
  const landscape = columns.length > 4 && first.need > short - 2 * margin;
  const [pageWidth, pageHeight] = landscape ? [long, short] : [short, long];
  const room = pageWidth - 2 * margin;
  // Prefer full timestamps, then a smaller font, then timestamps as dates (what a reviewer scans for);
  // only when nothing fits are the widest columns cut.
  const candidates = [first, variant(6.5, false), variant(baseFont, true), variant(6.5, true)];
  const chosen =
    candidates.find((candidate) => candidate.need <= room) ?? (candidates[3] as (typeof candidates)[number]);
  const { fontSize, datesOnly, numberWidth, demands } = chosen;
  const available = room - numberWidth;
  // No column takes more than 40% of the row when others need the room.
  const capped = demands.map((d) => ({
    ...d,
    natural: Math.min(d.natural, Math.max(available * 0.4, d.minimum)),
  }));
  const widths = fitColumns(capped, available);

  const measureBold = measureFace(doc, text, 'bold', fontSize);
  const columnLayouts = columns.map((name, index) => ({
    name,
    width: widths[index] as number,
    headerLines: headerLines(
      headers[index] as string,
      (widths[index] as number) - 2 * cellPadding,
      measureBold,
    ),
  }));
  const headerLineCount = Math.max(1, ...columnLayouts.map((column) => column.headerLines.length));

  const rowHeight = fontSize + 6;
  const headerHeight = headerLineCount * (fontSize + 2) + 8;
  const tableTop = margin + 30;
  const tableBottom = pageHeight - margin - 6;
  const rowsPerPage = Math.floor((tableBottom - tableTop - headerHeight) / rowHeight);
  let x = margin + numberWidth;
  return {
    measure: measureFace(doc, text, 'regular', fontSize),
    landscape,
    datesOnly,
    pageWidth,
    pageHeight,
    fontSize,
    rowHeight,
    headerHeight,
    tableTop,
    rowsPerPage,
    pages: Math.max(1, Math.ceil(artifact.rowCount / rowsPerPage)),
    numberColumn: { x: margin, width: numberWidth },
    columns: columnLayouts.map((column) => {
      const placed = { ...column, x };
      x += column.width;
      return placed;
    }),
  };
}

// --------------------------------------------------------------------------------------- shared drawing

function drawFooter(doc: Doc, report: ReportContext, pageNumber: number): void {
  const { width, height } = doc.page;
  const y = height - margin + 4;
  doc
    .moveTo(margin, y - 5)
    .lineTo(width - margin, y - 5)
    .lineWidth(0.5)
    .strokeColor(colors.rule)
    .stroke();
  doc.font(regular).fontSize(7).fillColor(colors.muted);
  const left = `Vouch ${vouchVersion}  ·  ${report.artifact.id}  ·  SHA-256 ${shortHash(report.artifact.sha256)}…`;
  doc.text(left, margin, y, { lineBreak: false });
  const pageLabel = `Page ${pageNumber} of ${report.totalPages}`;
  doc.font(bold).text(pageLabel, width - margin - doc.widthOfString(pageLabel), y, { lineBreak: false });
}

function statusColors(complete: boolean): { text: string; fill: string } {
  return complete
    ? { text: colors.complete, fill: colors.completeFill }
    : { text: colors.partial, fill: colors.partialFill };
}

// ---------------------------------------------------------------------------------------------- cover

function collectedAt(artifact: StoredArtifact): string {
  const finished = parseTimestamp(artifact.provenance.collectionFinishedAt);
  return finished ? `${formatUtc(finished).slice(0, 16)} UTC` : artifact.provenance.collectionFinishedAt;
}

/** Draws the cover (one page or more) and returns how many pages it took. */
function drawCover(doc: Doc, report: ReportContext, table: TableLayout): number {
  const { artifact } = report;
  const { provenance } = artifact;
  const width = doc.page.width - 2 * margin;
  const bottom = doc.page.height - margin - 14;
  let pages = 1;
  let y = margin + 4;

  doc.font(bold).fontSize(7.5).fillColor(colors.muted);
  doc.text('VOUCH  ·  EVIDENCE REPORT', margin, y, { lineBreak: false, characterSpacing: 1 });
  const idLabel = `Artifact ${artifact.id}`;
  doc.font(regular).text(idLabel, margin + width - doc.widthOfString(idLabel), y, { lineBreak: false });
  y += 14;
  doc
    .moveTo(margin, y)
    .lineTo(margin + width, y)
    .lineWidth(0.75)
    .strokeColor(colors.rule)
    .stroke();
  y += 18;

  const { text } = report;
  doc.fillColor(colors.ink);
  y = text.paragraph(toPdfText(report.title), margin, y, width, 'bold', 22) + 4;
  doc.fillColor(colors.muted);
  y =
    text.paragraph(
      toPdfText(
        `${provenance.source.name} (${provenance.source.kind})  ·  ${provenance.dataset}  ·  collected ${collectedAt(artifact)}`,
      ),
      margin,
      y,
      width,
      'regular',
      10.5,
    ) + 12;

  // The population's status, impossible to miss.
  const status = statusColors(provenance.complete);
  const { headline, detail: statusText } = populationStatus(provenance);
  const statusTextHeight = text.paragraphHeight(toPdfText(statusText), width - 28, 'regular', 9.5);
  const boxHeight = 36 + statusTextHeight;
  doc.roundedRect(margin, y, width, boxHeight, 4).fillColor(status.fill).fill();
  doc.rect(margin, y, 5, boxHeight).fillColor(status.text).fill();
  doc
    .font(bold)
    .fontSize(14)
    .fillColor(status.text)
    .text(headline, margin + 18, y + 10, {
      lineBreak: false,
      characterSpacing: 0.5,
    });
  doc.fillColor(colors.ink);
  text.paragraph(toPdfText(statusText), margin + 18, y + 28, width - 28, 'regular', 9.5);
  y += boxHeight + 12;

  // Key figures.
  const figures: [string, string][] = [
    ['ROWS', provenance.rowsCollected.toLocaleString('en-US')],
    [
      'PROVIDER COUNT',
      provenance.providerReportedCount === null
        ? 'not reported'
        : provenance.providerReportedCount.toLocaleString('en-US'),
    ],
    ['PAGES FETCHED', provenance.pagesFetched.toLocaleString('en-US')],
    ['COLUMNS', String(provenance.columns.length)],
  ];
  const figureWidth = width / figures.length;
  figures.forEach(([label, value], index) => {
    const x = margin + index * figureWidth;
    if (index > 0)
      doc
        .moveTo(x, y)
        .lineTo(x, y + 30)
        .lineWidth(0.5)
        .strokeColor(colors.rule)
        .stroke();
    const inset = index > 0 ? 10 : 0;
    doc
      .font(bold)
      .fontSize(6.5)
      .fillColor(colors.faint)
      .text(label, x + inset, y, { lineBreak: false, characterSpacing: 0.6 });
    doc
      .font(bold)
      .fontSize(13)
      .fillColor(colors.ink)
      .text(value, x + inset, y + 11, { lineBreak: false });
  });
  y += 36;

  const newPage = () => {
    doc.addPage({ size: paperPoints[report.paper], layout: 'portrait', margin });
    pages++;
    y = margin + 4;
    doc.fillColor(colors.muted);
    text.line(toPdfText(`${report.title.toUpperCase()}  ·  COVER (CONTINUED)`), margin, y, 'bold', 7.5, {
      characterSpacing: 1,
    });
    y += 22;
  };

  const heading = (text: string) => {
    if (y + 40 > bottom) newPage();
    doc.font(bold).fontSize(11).fillColor(colors.ink).text(text, margin, y, { lineBreak: false });
    y += 16;
    doc
      .moveTo(margin, y)
      .lineTo(margin + width, y)
      .lineWidth(0.75)
      .strokeColor(colors.ink)
      .stroke();
    y += 2;
  };

  heading('Provenance');
  const labelWidth = 138;
  const valueWidth = width - labelWidth - 8;
  for (const entry of provenanceEntries(artifact)) {
    const monospace = entry.key === 'sha256' || entry.key === 'credentialFingerprint';
    const valueFace: Face = entry.key === 'complete' ? 'bold' : 'regular';
    const valueSize = monospace ? 8 : 8.5;
    const value = entry.value.split('\n').map(toPdfText).join('\n');
    const valueHeight = monospace
      ? doc.font(mono).fontSize(valueSize).heightOfString(value, { width: valueWidth })
      : text.paragraphHeight(value, valueWidth, valueFace, valueSize);
    const label = entry.label.toUpperCase();
    doc.font(bold).fontSize(7.5);
    const labelHeight = doc.heightOfString(label, { width: labelWidth, characterSpacing: 0.3 });
    const height = Math.max(valueHeight, labelHeight, 10) + 6;
    if (y + height > bottom) newPage();
    doc
      .font(bold)
      .fontSize(7.5)
      .fillColor(colors.muted)
      .text(label, margin, y + 3.8, { width: labelWidth, characterSpacing: 0.3 });
    const valueColor =
      entry.key === 'complete' || (entry.key === 'partialReason' && !provenance.complete)
        ? status.text
        : colors.ink;
    doc.fillColor(valueColor);
    if (monospace)
      doc
        .font(mono)
        .fontSize(valueSize)
        .text(value, margin + labelWidth + 8, y + 3, { width: valueWidth });
    else text.paragraph(value, margin + labelWidth + 8, y + 3, valueWidth, valueFace, valueSize);
    y += height;
    doc
      .moveTo(margin, y)
      .lineTo(margin + width, y)
      .lineWidth(0.4)
      .strokeColor(colors.rule)
      .stroke();
  }
  y += 10;

  heading('Reading this report');
  y += 6;
  const notes = [
    'This report exists only because its rows matched the SHA-256 above when they were read back from the ' +
      'artifact: a mismatch stops the export and leaves no file.',
    `Rows are numbered (#) in the artifact's canonical order, so a row can be cited by its number; ` +
      `the ${artifact.rowCount.toLocaleString('en-US')} rows take ${table.pages.toLocaleString('en-US')} page(s) after this cover.`,
    table.datesOnly
      ? 'Timestamps are shown as their date in UTC (YYYY-MM-DD): the table has no room for times of day.'
      : 'Timestamps are shown in UTC as YYYY-MM-DD hh:mm:ss.',
    'A value too long for its column ends with "…"; the CSV, XLSX and JSON exports of this artifact carry ' +
      'every value in full. Names and values appear in their own script (Latin, Cyrillic, Greek, Arabic, ' +
      "Hebrew, Devanagari, Thai, Chinese, Japanese, Korean); a character none of the report's fonts has, " +
      'such as an emoji, appears as "?".',
  ];
  doc.font(regular).fontSize(8);
  for (const note of notes) {
    const height = doc.heightOfString(note, { width: width - 12 }) + 4;
    if (y + height > bottom) newPage();
    doc
      .fillColor(colors.muted)
      .circle(margin + 3, y + 3.6, 1.3)
      .fill();
    doc
      .font(regular)
      .fontSize(8)
      .fillColor(colors.ink)
      .text(note, margin + 12, y, { width: width - 12 });
    y += height;
  }
  return pages;
}

// ---------------------------------------------------------------------------------------------- table

function drawTablePageHeader(doc: Doc, report: ReportContext, table: TableLayout): void {
  const { artifact } = report;
  const { provenance } = artifact;
  const right = table.pageWidth - margin;
  const y = margin - 6;
  const { text } = report;
  const title = toPdfText(report.title);
  doc.fillColor(colors.ink);
  text.line(title, margin, y, 'bold', 10);
  const titleWidth = text.width(title, 'bold', 10);
  doc.fillColor(colors.muted);
  text.line(toPdfText(`  ·  ${provenance.source.name}`), margin + titleWidth, y, 'regular', 10);

  const badge = provenance.complete ? 'COMPLETE' : 'PARTIAL';
  const status = statusColors(provenance.complete);
  doc.font(bold).fontSize(7);
  const badgeWidth = doc.widthOfString(badge, { characterSpacing: 0.5 }) + 12;
  doc
    .roundedRect(right - badgeWidth, y - 1, badgeWidth, 12, 2)
    .fillColor(status.text)
    .fill();
  doc
    .fillColor('#ffffff')
    .text(badge, right - badgeWidth + 6, y + 2, { lineBreak: false, characterSpacing: 0.5 });

  const meta =
    `${artifact.id}  ·  collected ${collectedAt(artifact)}  ·  ` +
    `${artifact.rowCount.toLocaleString('en-US')} rows  ·  ${table.datesOnly ? 'dates' : 'times'} in UTC`;
  doc
    .font(regular)
    .fontSize(7)
    .fillColor(colors.muted)
    .text(meta, margin, y + 14, { lineBreak: false });

  // Column header.
  const top = table.tableTop;
  const width = table.pageWidth - 2 * margin;
  doc.rect(margin, top, width, table.headerHeight).fillColor(colors.headerFill).fill();
  doc.font(bold).fontSize(table.fontSize).fillColor(colors.headerText);
  const lineHeight = table.fontSize + 2;
  // Headers sit on the bottom of the header row, so one-line and two-line names share a baseline.
  const lastLineY = top + table.headerHeight - 4 - lineHeight + 1;
  const numberLabel = '#';
  doc.text(
    numberLabel,
    table.numberColumn.x + table.numberColumn.width - cellPadding - doc.widthOfString(numberLabel),
    lastLineY,
    { lineBreak: false },
  );
  for (const column of table.columns) {
    column.headerLines.forEach((line, index) => {
      const y = lastLineY - (column.headerLines.length - 1 - index) * lineHeight;
      text.line(line, column.x + cellPadding, y, 'bold', table.fontSize);
    });
  }
}

function drawRow(
  doc: Doc,
  text: PdfText,
  table: TableLayout,
  row: ArtifactRow,
  rowNumber: number,
  indexOnPage: number,
): void {
  const top = table.tableTop + table.headerHeight + indexOnPage * table.rowHeight;
  if (indexOnPage % 2 === 1) {
    doc
      .rect(margin, top, table.pageWidth - 2 * margin, table.rowHeight)
      .fillColor(colors.zebra)
      .fill();
  }
  const textY = top + (table.rowHeight - table.fontSize) / 2 + 0.5;
  doc.font(regular).fontSize(table.fontSize).fillColor(colors.faint);
  const number = rowNumber.toLocaleString('en-US');
  const measure = table.measure;
  doc.text(number, table.numberColumn.x + table.numberColumn.width - cellPadding - measure(number), textY, {
    lineBreak: false,
  });
  doc.fillColor(colors.ink);
  for (const column of table.columns) {
    const full = cellText(row[column.name], table.datesOnly);
    const value = fitText(full, column.width - 2 * cellPadding, measure);
    if (!value) continue;
    // Measuring Helvetica text never changes the document's font; measuring other text may.
    if (isStandardText(full)) {
      doc.text(value, column.x + cellPadding, textY, { lineBreak: false });
    } else {
      text.line(value, column.x + cellPadding, textY, 'regular', table.fontSize);
      doc.font(regular).fontSize(table.fontSize);
    }
  }
}

function drawTableEnd(doc: Doc, table: TableLayout, rowsOnPage: number, empty: boolean): void {
  const y = table.tableTop + table.headerHeight + rowsOnPage * table.rowHeight;
  doc
    .moveTo(margin, y)
    .lineTo(table.pageWidth - margin, y)
    .lineWidth(0.5)
    .strokeColor(colors.rule)
    .stroke();
  if (empty) {
    doc
      .font(regular)
      .fontSize(9)
      .fillColor(colors.muted)
      .text('This population has no rows.', margin + cellPadding, y + 10, { lineBreak: false });
  }
}

// --------------------------------------------------------------------------------------------- export

export function exportArtifactPdf(
  artifact: StoredArtifact,
  outPath: string,
  options: PdfOptions,
): Promise<number> {
  return writeExportFile(outPath, async (tempPath) => {
    const file = trackFailures(createWriteStream(tempPath));
    const title = datasetTitle(artifact.provenance.dataset);
    const doc = new PDFDocument({
      size: paperPoints[options.paper],
      layout: 'portrait',
      margin,
      bufferPages: true,
      info: {
        Title: `${title}: ${artifact.id}`,
        Author: `Vouch ${vouchVersion}`,
        Subject: `${artifact.provenance.source.name}: ${artifact.provenance.dataset} (${artifact.complete ? 'complete' : 'partial'} population)`,
        Keywords: `SHA-256 ${artifact.sha256}`,
        Creator: `Vouch ${vouchVersion}`,
      },
    });
    doc.pipe(file);
    const pause = async () => {
      while (doc.readableLength > maxBufferedBytes) {
        await waitForDrain(file);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };

    let rows = 0;
    try {
      const { sample, rows: allRows } = await peekRows(readArtifactRows(artifact), sampleSize);
      const fonts = new PdfFonts(doc);
      const text = new PdfText(doc, fonts);
      const table = planTable(doc, text, artifact, sample, options.paper);
      const report: ReportContext = { artifact, text, paper: options.paper, title, totalPages: 0 };

      // The cover's own length is known only once drawn: keep its pages, then footer them with the total.
      const coverPages = drawCover(doc, report, table);
      report.totalPages = coverPages + table.pages;
      for (let page = 0; page < coverPages; page++) {
        doc.switchToPage(page);
        drawFooter(doc, report, page + 1);
      }
      doc.flushPages();

      const pageOptions = {
        size: paperPoints[options.paper],
        layout: table.landscape ? 'landscape' : 'portrait',
        margin,
      } as const;
      let pageNumber = coverPages;
      let rowsOnPage = 0;
      const startPage = () => {
        // pdfkit keeps the layout of every word drawn in an embedded font; kept for one page only, memory
        // does not grow with the number of distinct names in the population.
        fonts.forgetLayouts();
        doc.addPage(pageOptions);
        pageNumber++;
        rowsOnPage = 0;
        drawTablePageHeader(doc, report, table);
        drawFooter(doc, report, pageNumber);
      };
      startPage();
      for await (const row of allRows) {
        rows++;
        // More rows than recorded: the page count in the footers would be wrong. Keep reading (the hash
        // check at the end explains a damaged file better), draw nothing more, fail below.
        if (rows > artifact.rowCount) continue;
        if (rowsOnPage === table.rowsPerPage) {
          drawTableEnd(doc, table, rowsOnPage, false);
          doc.flushPages();
          await pause();
          startPage();
        }
        drawRow(doc, text, table, row, rows, rowsOnPage);
        rowsOnPage++;
        if (rows % progressInterval === 0) options.onProgress?.(rows);
      }
      if (rows !== artifact.rowCount)
        throw new ArtifactRowCountMismatchError(artifact.id, artifact.rowCount, rows);
      drawTableEnd(doc, table, rowsOnPage, rows === 0);

      const closed = new Promise<void>((resolve) => file.once('close', resolve));
      doc.end();
      await closed;
      rethrowFailure(file);
      options.onProgress?.(rows);
      return rows;
    } catch (error) {
      doc.unpipe(file);
      doc.destroy();
      await abandonStream(file);
      throw error;
    }
  });
}
