// Drawing and measuring strings in the PDF report: the standard Helvetica for what it can draw (nothing
// embedded, pdfkit's own text layout), the embedded Unicode fonts for anything else (pdf-runs.ts decides
// which font draws which characters, pdf-fonts.ts loads them).
import type { DrawnSegment, Face, PdfFonts } from './pdf-fonts.ts';
import { wrapText } from './pdf-layout.ts';
import { isStandardText } from './pdf-runs.ts';

type Doc = PDFKit.PDFDocument;

export const standardFonts: Record<Face, string> = { regular: 'Helvetica', bold: 'Helvetica-Bold' };

/** Helvetica's ascender per 1000: embedded text is put on the baseline Helvetica text at the same y has. */
const helveticaAscender = 718;

/** Whether Helvetica draws the text (line breaks aside, which only paragraphs have). */
function standard(text: string): boolean {
  return isStandardText(text.includes('\n') ? text.replace(/\n/g, '') : text);
}

/**
 * pdfkit text options for a segment: an object turning ccmp off (fontkit accepts it; pdfkit's types list only
 * features to turn on). A fresh object each time: fontkit adds its default features to the one it is given.
 */
function featuresOf(segment: DrawnSegment): { features?: PDFKit.Mixins.OpenTypeFeatures[] } {
  return segment.composedLatin
    ? { features: { ccmp: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[] }
    : {};
}

export class PdfText {
  constructor(
    private readonly doc: Doc,
    readonly fonts: PdfFonts,
  ) {}

  /** Width of one line of text. Leaves the document's font changed. */
  width(text: string, face: Face, size: number): number {
    const doc = this.doc;
    if (standard(text)) return doc.font(standardFonts[face]).fontSize(size).widthOfString(text);
    let total = 0;
    for (const segment of this.fonts.segments(text, face))
      total += doc.font(segment.font).fontSize(size).widthOfString(segment.text, featuresOf(segment));
    return total;
  }

  /**
   * Draws one line with its top at y (as pdfkit's text does). Leaves the document's font changed: callers
   * set the font again before drawing with pdfkit directly.
   */
  line(
    text: string,
    x: number,
    y: number,
    face: Face,
    size: number,
    options: { characterSpacing?: number } = {},
  ): void {
    const doc = this.doc;
    if (standard(text)) {
      doc
        .font(standardFonts[face])
        .fontSize(size)
        .text(text, x, y, { lineBreak: false, ...options });
      return;
    }
    const baseline = y + (helveticaAscender / 1000) * size;
    let cursor = x;
    for (const segment of this.fonts.segments(text, face)) {
      doc.font(segment.font).fontSize(size);
      const features = featuresOf(segment);
      if (segment.text.trim() !== '')
        doc.text(segment.text, cursor, baseline, { lineBreak: false, baseline: 'alphabetic', ...features });
      cursor += doc.widthOfString(segment.text, features);
    }
  }

  /** Distance between the lines of a paragraph, as pdfkit spaces Helvetica lines. */
  private lineHeight(face: Face, size: number): number {
    return this.doc.font(standardFonts[face]).fontSize(size).currentLineHeight(true);
  }

  /** Height of a paragraph wrapped to `width`. */
  paragraphHeight(
    text: string,
    width: number,
    face: Face,
    size: number,
    options: { characterSpacing?: number } = {},
  ): number {
    if (standard(text))
      return this.doc
        .font(standardFonts[face])
        .fontSize(size)
        .heightOfString(text, { width, ...options });
    const lines = wrapText(text, width, (line) => this.width(line, face, size));
    return lines.length * this.lineHeight(face, size);
  }

  /** Draws a paragraph wrapped to `width` with its top at y; returns the y below it. */
  paragraph(
    text: string,
    x: number,
    y: number,
    width: number,
    face: Face,
    size: number,
    options: { characterSpacing?: number } = {},
  ): number {
    const doc = this.doc;
    if (standard(text)) {
      doc
        .font(standardFonts[face])
        .fontSize(size)
        .text(text, x, y, { width, ...options });
      return doc.y;
    }
    const lines = wrapText(text, width, (line) => this.width(line, face, size));
    const lineHeight = this.lineHeight(face, size);
    lines.forEach((line, index) => this.line(line, x, y + index * lineHeight, face, size));
    return y + lines.length * lineHeight;
  }
}
