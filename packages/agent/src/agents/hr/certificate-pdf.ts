import { PageSizes, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { formatDate } from '../../kit/i18n/format-date.ts';
import type { Locale } from '../../kit/i18n/locale.ts';
import { hrMessages } from './hr-messages.ts';
import { toWinAnsiText } from './win-ansi-text.ts';

/**
 * What a certificate says.
 *
 * @example
 * import type { CertificateContent } from './certificate-pdf.ts';
 * const content: CertificateContent = {
 *   studentName: 'Ana Conceição', courseName: 'Curso de Python', completedAt: Date.parse('2026-05-30T15:00:00Z'),
 *   locale: 'pt-BR', timeZone: 'America/Sao_Paulo', code: '7K2M-Q9XD-4HTB', issuerName: 'Escola da Ana',
 * };
 */
export interface CertificateContent {
  studentName: string;
  courseName: string;
  /** When the course was completed; printed as a date in `timeZone`, in `locale`. */
  completedAt: number;
  /** The language of the certificate (the student's). */
  locale: Locale;
  timeZone: string;
  /** The verification code (`certificateCode`). */
  code: string;
  /** Who signs it; null leaves the signature line out. */
  issuerName: string | null;
}

const [HEIGHT, WIDTH] = PageSizes.A4; // A4 landscape: the long side across.
const MARGIN = 28;
const TEXT_WIDTH = WIDTH - 2 * 90;
const INK = rgb(0.11, 0.2, 0.36);
const GREY = rgb(0.35, 0.37, 0.42);
const GOLD = rgb(0.72, 0.56, 0.22);

/**
 * Draws a course certificate: one A4 landscape page with the student's name, the course, the completion date
 * written in the certificate's language and the verification code, signed by the issuer. It uses the PDF standard
 * fonts (nothing to embed, so the file stays small); their WinAnsi encoding covers Portuguese, Spanish and English,
 * and any character outside it is replaced (see `toWinAnsiText`) rather than failing. Long names and course titles
 * shrink, then wrap onto a second line. The output is deterministic: the same content gives the same bytes (the
 * document's dates are the completion date), so a retried step attaches an identical file.
 *
 * @example
 * import { renderCertificatePdf } from './certificate-pdf.ts';
 * const pdf = await renderCertificatePdf({
 *   studentName: 'Ana Conceição', courseName: 'Curso de Python', completedAt: Date.parse('2026-05-30T15:00:00Z'),
 *   locale: 'pt-BR', timeZone: 'America/Sao_Paulo', code: '7K2M-Q9XD-4HTB', issuerName: 'Escola da Ana',
 * });
 * console.log(Buffer.from(pdf).subarray(0, 5).toString()); // '%PDF-'
 */
export async function renderCertificatePdf(content: CertificateContent): Promise<Uint8Array> {
  for (const field of ['studentName', 'courseName', 'code'] as const) {
    if (typeof content[field] !== 'string' || content[field].trim() === '') {
      throw new TypeError(`renderCertificatePdf: ${field} must be a non-empty text`);
    }
  }
  const { locale } = content;
  const t = hrMessages.t;
  const date = formatDate(content.completedAt, locale, content.timeZone, 'long');

  // Dates of the document are the completion's, not the clock's, so the bytes don't depend on when it is drawn.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    name: await doc.embedFont(StandardFonts.TimesRomanBoldItalic),
    code: await doc.embedFont(StandardFonts.CourierBold),
  };
  const charset = new Set(fonts.regular.getCharacterSet());
  const clean = (text: string) => toWinAnsiText(text.trim().replace(/\s+/g, ' '), charset);
  const title = t(locale, 'certificateTitle');
  const student = clean(content.studentName);
  const course = clean(content.courseName);
  const issuer = content.issuerName === null ? null : clean(content.issuerName);

  // The document's metadata is UTF-16 in the file: no font involved, so the texts go in unchanged.
  doc.setTitle(`${title} — ${content.studentName.trim()}`);
  doc.setSubject(content.courseName.trim());
  if (content.issuerName !== null) doc.setAuthor(content.issuerName.trim());
  doc.setKeywords([content.code]);
  doc.setLanguage(locale);
  doc.setCreator('hotpilot');
  doc.setProducer('hotpilot');
  doc.setCreationDate(new Date(content.completedAt));
  doc.setModificationDate(new Date(content.completedAt));

  const page = doc.addPage([WIDTH, HEIGHT]);
  page.drawRectangle({
    x: MARGIN,
    y: MARGIN,
    width: WIDTH - 2 * MARGIN,
    height: HEIGHT - 2 * MARGIN,
    borderColor: INK,
    borderWidth: 3,
  });
  page.drawRectangle({
    x: MARGIN + 9,
    y: MARGIN + 9,
    width: WIDTH - 2 * (MARGIN + 9),
    height: HEIGHT - 2 * (MARGIN + 9),
    borderColor: GOLD,
    borderWidth: 1,
  });

  centered(page, clean(title).toUpperCase(), fonts.bold, 30, 455, INK);
  page.drawLine({ start: { x: WIDTH / 2 - 60, y: 440 }, end: { x: WIDTH / 2 + 60, y: 440 }, color: GOLD });
  centered(page, clean(t(locale, 'certificateIntro')), fonts.regular, 15, 398, GREY);
  // Each block returns the baseline of its last line; the next one is placed below it.
  let y = block(page, student, fonts.name, { max: 40, min: 22, top: 345, color: INK });
  centered(page, clean(t(locale, 'certificateCompleted')), fonts.regular, 15, y - 44, GREY);
  y = block(page, course, fonts.bold, { max: 26, min: 15, top: y - 86, color: INK });
  centered(page, clean(t(locale, 'certificateDate', { date })), fonts.regular, 15, y - 36, GREY);

  // Signature on the left, verification code on the right.
  const columns = { left: WIDTH / 2 - 190, right: WIDTH / 2 + 190 };
  if (issuer) {
    page.drawLine({
      start: { x: columns.left - 120, y: 118 },
      end: { x: columns.left + 120, y: 118 },
      thickness: 0.8,
      color: GREY,
    });
    const signed = fit(issuer, fonts.bold, 240, 13, 8);
    centered(page, signed.text, fonts.bold, signed.size, 100, INK, columns.left);
    centered(page, clean(t(locale, 'certificateIssuer')), fonts.regular, 10, 84, GREY, columns.left);
  }
  centered(page, clean(t(locale, 'certificateCode')), fonts.regular, 10, 118, GREY, columns.right);
  centered(page, clean(content.code), fonts.code, 16, 98, INK, columns.right);

  return doc.save();
}

function centered(
  page: PDFPage,
  text: string,
  font: PDFFont,
  size: number,
  y: number,
  color: ReturnType<typeof rgb>,
  centerX = WIDTH / 2,
): void {
  const width = font.widthOfTextAtSize(text, size);
  page.drawText(text, { x: centerX - width / 2, y, size, font, color });
}

/** The largest size from `max` down to `min` at which the text fits in `width`. */
function fit(
  text: string,
  font: PDFFont,
  width: number,
  max: number,
  min: number,
): { text: string; size: number } {
  for (let size = max; size >= min; size -= 1) {
    if (font.widthOfTextAtSize(text, size) <= width) return { text, size };
  }
  return { text: truncate(text, font, width, min), size: min };
}

/**
 * Draws `text` centred from `top` down: on one line, shrunk down to `min`; failing that, on two lines at `min`
 * (the second truncated with an ellipsis when it still doesn't fit). Returns the baseline of the last line.
 */
function block(
  page: PDFPage,
  text: string,
  font: PDFFont,
  options: { max: number; min: number; top: number; color: ReturnType<typeof rgb> },
): number {
  const one = fit(text, font, TEXT_WIDTH, options.max, options.min);
  if (font.widthOfTextAtSize(one.text, one.size) <= TEXT_WIDTH && one.text === text) {
    centered(page, one.text, font, one.size, options.top, options.color);
    return options.top;
  }
  const size = options.min;
  const words = text.split(' ');
  let first = '';
  while (words.length > 0) {
    const candidate = first === '' ? (words[0] as string) : `${first} ${words[0]}`;
    if (first !== '' && font.widthOfTextAtSize(candidate, size) > TEXT_WIDTH) break;
    first = candidate;
    words.shift();
  }
  first = truncate(first, font, TEXT_WIDTH, size);
  const second = truncate(words.join(' '), font, TEXT_WIDTH, size);
  centered(page, first, font, size, options.top, options.color);
  if (second === '') return options.top;
  const next = options.top - size * 1.25;
  centered(page, second, font, size, next, options.color);
  return next;
}

function truncate(text: string, font: PDFFont, width: number, size: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 0 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
