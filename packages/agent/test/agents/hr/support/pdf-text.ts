import { decodePDFRawStream, PDFArray, PDFDocument, type PDFObject, PDFRawStream } from 'pdf-lib';

const winAnsi = new TextDecoder('windows-1252');

/** What a PDF shows: its pages' sizes and the strings drawn on each (standard fonts: WinAnsi hex strings). */
export interface PdfReading {
  document: PDFDocument;
  pages: { width: number; height: number; lines: string[] }[];
}

/**
 * Opens a PDF with pdf-lib (which fails on a malformed file) and reads the text drawn on each page by
 * decompressing its content streams and decoding every `<hex> Tj` string from WinAnsi.
 */
export async function readPdf(bytes: Uint8Array): Promise<PdfReading> {
  const document = await PDFDocument.load(bytes);
  const pages = document.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams: PDFObject[] =
      contents instanceof PDFArray
        ? contents.asArray().map((ref) => document.context.lookup(ref) as PDFObject)
        : contents
          ? [contents]
          : [];
    const lines: string[] = [];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const operators = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const match of operators.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
        lines.push(winAnsi.decode(Buffer.from(match[1] as string, 'hex')));
      }
    }
    const { width, height } = page.getSize();
    return { width, height, lines };
  });
  return { document, pages };
}
