// PDF export of an artifact: a report an auditor can attach to a workpaper. A cover page with the title,
// the population's status (COMPLETE or PARTIAL, and why) and every provenance field; then the rows as a
// paginated table (repeated header, numbered rows, zebra stripes), "Page X of Y" and the artifact's hash in
// every footer. Standard Helvetica only (nothing embedded).
//
// Memory stays flat: every row takes exactly one line of a fixed height, so the number of pages is known
// from the row count before the first row is drawn, footers are written as each page is made, and pages are
// flushed to the file as soon as they are full. Only the cover is buffered until its own page count is known.
import { createWriteStream } from 'node:fs';
import PDFDocument from 'pdfkit';
import { readArtifactRows, type StoredArtifact } from '../evidence/artifact-reader.ts';
import { VouchError } from '../errors.ts';
import { vouchVersion } from '../version.ts';
import {
  abandonStream,
  progressInterval,
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
  provenanceEntries,
  shortHash,
  type ArtifactRow,
} from './export-values.ts';
import { cellText, fitColumns, fitText, quantile, toPdfText, type ColumnDemand } from './pdf-layout.ts';

export const paperSizes = ['A4', 'LETTER'] as const;
export type PaperSize = (typeof paperSizes)[number];

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
  landscape: boolean;
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
  columns: { name: string; header: string; x: number; width: number }[];
}

interface ReportContext {
  artifact: StoredArtifact;
  paper: PaperSize;
  title: string;
  totalPages: number;
}

// ------------------------------------------------------------------------------------------------ layout

function measureWith(doc: Doc, font: string, size: number): (text: string) => number {
  return (text) => {
    doc.font(font).fontSize(size);
    return doc.widthOfString(text);
  };
}

function planTable(doc: Doc, artifact: StoredArtifact, sample: ArtifactRow[], paper: PaperSize): TableLayout {
  const columns = artifact.provenance.columns;
  const fontSize = columns.length > 8 ? 7 : 8;
  const measure = measureWith(doc, regular, fontSize);
  const measureBold = measureWith(doc, bold, fontSize);
  const [short, long] = paperPoints[paper];
  const numberWidth = Math.max(measure(artifact.rowCount.toLocaleString('en-US')), measureBold('#')) + 2 * cellPadding;

  const demands: ColumnDemand[] = columns.map((column) => {
    const header = measureBold(toPdfText(column)) + 2 * cellPadding;
    const values = sample.map((row) => measure(cellText(row[column])) + 2 * cellPadding);
    // The widest sampled values may be outliers; the 95th percentile decides unless the header is wider.
    const natural = Math.max(header, quantile(values, 0.95), 24);
    return { natural, minimum: Math.min(natural, Math.max(40, Math.min(header, 90))) };
  });
  const need = demands.reduce((sum, d) => sum + d.natural, 0) + numberWidth;
  const landscape = columns.length > 4 && need > short - 2 * margin;
  const [pageWidth, pageHeight] = landscape ? [long, short] : [short, long];
  const available = pageWidth - 2 * margin - numberWidth;
  // No column takes more than 40% of the row when others need the room.
  const capped = demands.map((d) => ({ ...d, natural: Math.min(d.natural, Math.max(available * 0.4, d.minimum)) }));
  const widths = fitColumns(capped, available);

  const rowHeight = fontSize + 6;
  const headerHeight = rowHeight + 4;
  const tableTop = margin + 30;
  const tableBottom = pageHeight - margin - 6;
  const rowsPerPage = Math.floor((tableBottom - tableTop - headerHeight) / rowHeight);
  let x = margin + numberWidth;
  return {
    landscape,
    pageWidth,
    pageHeight,
    fontSize,
    rowHeight,
    headerHeight,
    tableTop,
    rowsPerPage,
    pages: Math.max(1, Math.ceil(artifact.rowCount / rowsPerPage)),
    numberColumn: { x: margin, width: numberWidth },
    columns: columns.map((name, index) => {
      const width = widths[index] as number;
      const column = { name, header: toPdfText(name), x, width };
      x += width;
      return column;
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
  return complete ? { text: colors.complete, fill: colors.completeFill } : { text: colors.partial, fill: colors.partialFill };
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
  doc.moveTo(margin, y).lineTo(margin + width, y).lineWidth(0.75).strokeColor(colors.rule).stroke();
  y += 18;

  doc.font(bold).fontSize(24).fillColor(colors.ink).text(toPdfText(report.title), margin, y, { width });
  y = doc.y + 4;
  doc
    .font(regular)
    .fontSize(10.5)
    .fillColor(colors.muted)
    .text(
      toPdfText(`${provenance.source.name} (${provenance.source.kind})  ·  ${provenance.dataset}  ·  collected ${collectedAt(artifact)}`),
      margin,
      y,
      { width },
    );
  y = doc.y + 16;

  // The population's status, impossible to miss.
  const status = statusColors(provenance.complete);
  const reported =
    provenance.providerReportedCount === null
      ? 'the provider reports no total for this listing'
      : `the provider reported ${provenance.providerReportedCount.toLocaleString('en-US')}`;
  const statusText = provenance.complete
    ? `Every row the source returned for this query is included: ${provenance.rowsCollected.toLocaleString('en-US')} rows collected; ${reported}.`
    : `This population is incomplete: ${provenance.partialReason ?? 'no reason was recorded'}. ` +
      `${provenance.rowsCollected.toLocaleString('en-US')} rows collected; ${reported}. Do not rely on it as a complete population.`;
  doc.font(regular).fontSize(9.5);
  const statusTextHeight = doc.heightOfString(toPdfText(statusText), { width: width - 28 });
  const boxHeight = 36 + statusTextHeight;
  doc.roundedRect(margin, y, width, boxHeight, 4).fillColor(status.fill).fill();
  doc.rect(margin, y, 5, boxHeight).fillColor(status.text).fill();
  doc
    .font(bold)
    .fontSize(14)
    .fillColor(status.text)
    .text(provenance.complete ? 'COMPLETE POPULATION' : 'PARTIAL POPULATION', margin + 18, y + 10, {
      lineBreak: false,
      characterSpacing: 0.5,
    });
  doc
    .font(regular)
    .fontSize(9.5)
    .fillColor(colors.ink)
    .text(toPdfText(statusText), margin + 18, y + 28, { width: width - 28 });
  y += boxHeight + 14;

  // Key figures.
  const figures: [string, string][] = [
    ['ROWS', provenance.rowsCollected.toLocaleString('en-US')],
    [
      'PROVIDER COUNT',
      provenance.providerReportedCount === null ? 'not reported' : provenance.providerReportedCount.toLocaleString('en-US'),
    ],
    ['PAGES FETCHED', provenance.pagesFetched.toLocaleString('en-US')],
    ['COLUMNS', String(provenance.columns.length)],
  ];
  const figureWidth = width / figures.length;
  figures.forEach(([label, value], index) => {
    const x = margin + index * figureWidth;
    if (index > 0) doc.moveTo(x, y).lineTo(x, y + 30).lineWidth(0.5).strokeColor(colors.rule).stroke();
    const inset = index > 0 ? 10 : 0;
    doc.font(bold).fontSize(6.5).fillColor(colors.faint).text(label, x + inset, y, { lineBreak: false, characterSpacing: 0.6 });
    doc.font(bold).fontSize(13).fillColor(colors.ink).text(value, x + inset, y + 11, { lineBreak: false });
  });
  y += 44;

  const newPage = () => {
    doc.addPage({ size: paperPoints[report.paper], layout: 'portrait', margin });
    pages++;
    y = margin + 4;
  };

  const heading = (text: string) => {
    if (y + 40 > bottom) newPage();
    doc.font(bold).fontSize(11).fillColor(colors.ink).text(text, margin, y, { lineBreak: false });
    y += 16;
    doc.moveTo(margin, y).lineTo(margin + width, y).lineWidth(0.75).strokeColor(colors.ink).stroke();
    y += 2;
  };

  heading('Provenance');
  const labelWidth = 138;
  const valueWidth = width - labelWidth - 8;
  for (const entry of provenanceEntries(artifact)) {
    const monospace = entry.key === 'sha256' || entry.key === 'credentialFingerprint';
    const valueFont = monospace ? mono : entry.key === 'complete' ? bold : regular;
    const value = toPdfText(entry.value);
    doc.font(valueFont).fontSize(8.5);
    const height = Math.max(doc.heightOfString(value, { width: valueWidth }), 10) + 9;
    if (y + height > bottom) newPage();
    doc.font(bold).fontSize(7.5).fillColor(colors.muted).text(entry.label.toUpperCase(), margin, y + 5.5, {
      width: labelWidth,
      characterSpacing: 0.3,
    });
    const valueColor =
      entry.key === 'complete' || (entry.key === 'partialReason' && !provenance.complete) ? status.text : colors.ink;
    doc.font(valueFont).fontSize(8.5).fillColor(valueColor).text(value, margin + labelWidth + 8, y + 4.5, {
      width: valueWidth,
    });
    y += height;
    doc.moveTo(margin, y).lineTo(margin + width, y).lineWidth(0.4).strokeColor(colors.rule).stroke();
  }
  y += 18;

  heading('Reading this report');
  const notes = [
    'This report exists only because its rows matched the SHA-256 above when they were read back from the ' +
      'artifact: a mismatch stops the export and leaves no file.',
    `Rows are numbered (#) in the artifact's canonical order, so a row can be cited by its number. ` +
      `The table starts on page ${pages + 1} and runs to page ${pages + table.pages}.`,
    'Timestamps are shown in UTC as YYYY-MM-DD hh:mm:ss.',
    'A value too long for its column ends with "…"; characters the PDF\'s standard font cannot show appear as ' +
      '"?". The CSV, XLSX and JSON exports of this artifact carry every value in full.',
  ];
  doc.font(regular).fontSize(8.5);
  for (const note of notes) {
    const height = doc.heightOfString(note, { width: width - 12 }) + 5;
    if (y + height > bottom) newPage();
    doc.fillColor(colors.muted).circle(margin + 3, y + 4.5, 1.3).fill();
    doc.fillColor(colors.ink).text(note, margin + 12, y, { width: width - 12 });
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
  doc.font(bold).fontSize(10).fillColor(colors.ink).text(toPdfText(report.title), margin, y, { lineBreak: false });
  const titleWidth = doc.widthOfString(toPdfText(report.title));
  doc
    .font(regular)
    .fontSize(10)
    .fillColor(colors.muted)
    .text(toPdfText(`  ·  ${provenance.source.name}`), margin + titleWidth, y, { lineBreak: false });

  const badge = provenance.complete ? 'COMPLETE' : 'PARTIAL';
  const status = statusColors(provenance.complete);
  doc.font(bold).fontSize(7);
  const badgeWidth = doc.widthOfString(badge, { characterSpacing: 0.5 }) + 12;
  doc.roundedRect(right - badgeWidth, y - 1, badgeWidth, 12, 2).fillColor(status.text).fill();
  doc.fillColor('#ffffff').text(badge, right - badgeWidth + 6, y + 2, { lineBreak: false, characterSpacing: 0.5 });

  const meta =
    `${artifact.id}  ·  collected ${collectedAt(artifact)}  ·  ` +
    `${artifact.rowCount.toLocaleString('en-US')} rows  ·  times in UTC`;
  doc.font(regular).fontSize(7).fillColor(colors.muted).text(meta, margin, y + 14, { lineBreak: false });

  // Column header.
  const top = table.tableTop;
  const width = table.pageWidth - 2 * margin;
  doc.rect(margin, top, width, table.headerHeight).fillColor(colors.headerFill).fill();
  doc.font(bold).fontSize(table.fontSize).fillColor(colors.headerText);
  const measure = (text: string) => doc.widthOfString(text);
  const textY = top + (table.headerHeight - table.fontSize) / 2 + 0.5;
  const numberLabel = '#';
  doc.text(numberLabel, table.numberColumn.x + table.numberColumn.width - cellPadding - measure(numberLabel), textY, {
    lineBreak: false,
  });
  for (const column of table.columns) {
    const text = fitText(column.header, column.width - 2 * cellPadding, measure);
    doc.text(text, column.x + cellPadding, textY, { lineBreak: false });
  }
}

function drawRow(doc: Doc, table: TableLayout, row: ArtifactRow, rowNumber: number, indexOnPage: number): void {
  const top = table.tableTop + table.headerHeight + indexOnPage * table.rowHeight;
  if (indexOnPage % 2 === 1) {
    doc.rect(margin, top, table.pageWidth - 2 * margin, table.rowHeight).fillColor(colors.zebra).fill();
  }
  const textY = top + (table.rowHeight - table.fontSize) / 2 + 0.5;
  doc.font(regular).fontSize(table.fontSize).fillColor(colors.faint);
  const number = rowNumber.toLocaleString('en-US');
  const measure = (text: string) => doc.widthOfString(text);
  doc.text(number, table.numberColumn.x + table.numberColumn.width - cellPadding - measure(number), textY, {
    lineBreak: false,
  });
  doc.fillColor(colors.ink);
  for (const column of table.columns) {
    const text = fitText(cellText(row[column.name]), column.width - 2 * cellPadding, measure);
    if (text) doc.text(text, column.x + cellPadding, textY, { lineBreak: false });
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

export function exportArtifactPdf(artifact: StoredArtifact, outPath: string, options: PdfOptions): Promise<number> {
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
      const table = planTable(doc, artifact, sample, options.paper);
      const report: ReportContext = { artifact, paper: options.paper, title, totalPages: 0 };

      // The cover's own length is known only once drawn: keep its pages, then footer them with the total.
      const coverPages = drawCover(doc, report, table);
      report.totalPages = coverPages + table.pages;
      for (let page = 0; page < coverPages; page++) {
        doc.switchToPage(page);
        drawFooter(doc, report, page + 1);
      }
      doc.flushPages();

      const pageOptions = { size: paperPoints[options.paper], layout: table.landscape ? 'landscape' : 'portrait', margin } as const;
      let pageNumber = coverPages;
      let rowsOnPage = 0;
      const startPage = () => {
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
        drawRow(doc, table, row, rows, rowsOnPage);
        rowsOnPage++;
        if (rows % progressInterval === 0) options.onProgress?.(rows);
      }
      if (rows !== artifact.rowCount) throw new ArtifactRowCountMismatchError(artifact.id, artifact.rowCount, rows);
      drawTableEnd(doc, table, rowsOnPage, rows === 0);

      const closed = new Promise<void>((resolve) => file.once('close', resolve));
      doc.end();
      await closed;
      await waitForDrain(file);
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
