// Characters a standard PDF font can't encode, written with ones it can (typographic marks outside WinAnsi).
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2007': ' ',
};

/**
 * Rewrites text so a standard PDF font (WinAnsi encoding) can draw all of it: characters the font has stay
 * (Portuguese and Spanish accents, ñ, ç, ¿, ¡, typographic quotes and dashes are all in WinAnsi); a letter the font
 * lacks loses its diacritics when its base letter is there (ő → o, ș → s); a few marks get a look-alike (‐ → -);
 * anything else becomes `?`, so one exotic character never stops a certificate from being drawn. Line breaks and
 * tabs become spaces.
 *
 * @example
 * import { StandardFonts, PDFDocument } from 'pdf-lib';
 * import { toWinAnsiText } from './win-ansi-text.ts';
 * const doc = await PDFDocument.create();
 * const font = await doc.embedFont(StandardFonts.Helvetica);
 * const charset = new Set(font.getCharacterSet());
 * toWinAnsiText('Conceição Győri 李', charset); // 'Conceição Gyori ?'
 */
export function toWinAnsiText(text: string, charset: ReadonlySet<number>): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) as number;
    if (charset.has(code)) {
      out += char;
      continue;
    }
    if (/[\t\n\r\v\f]/.test(char)) {
      out += ' ';
      continue;
    }
    const replacement = REPLACEMENTS[char];
    if (replacement !== undefined) {
      out += replacement;
      continue;
    }
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    if (base !== '' && [...base].every((part) => charset.has(part.codePointAt(0) as number))) {
      out += base;
      continue;
    }
    out += '?';
  }
  return out;
}
