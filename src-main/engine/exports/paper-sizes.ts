// The paper sizes a PDF export is laid out for; apart from pdf-export.ts so that naming them (CLI options,
// API validation) does not load pdfkit.
export const paperSizes = ['A4', 'LETTER'] as const;
export type PaperSize = (typeof paperSizes)[number];
