import { isAscii } from 'node:buffer';
import { type AddressObject, type HeaderLines, parseAddressHeader } from 'mailparser';

/**
 * The fields of a parsed message that {@link caughtMessageFrom} reads, as mailparser's `simpleParser` gives them.
 *
 * @example
 * const fields: MailFields = { headerLines: [], attachments: [], text: 'Hello' };
 */
export interface MailFields {
  headerLines: HeaderLines;
  messageId?: string | undefined;
  date?: Date | undefined;
  subject?: string | undefined;
  from?: AddressObject | undefined;
  to?: AddressObject | AddressObject[] | undefined;
  cc?: AddressObject | AddressObject[] | undefined;
  replyTo?: AddressObject | undefined;
  text?: string | undefined;
  html?: string | false | undefined;
  attachments: readonly { filename?: string | undefined; contentType: string; size: number }[];
}

interface RawHeader {
  key: string;
  line: string;
}

interface Leaf {
  contentType: 'text/plain' | 'text/html';
  encoding: string;
  body: string;
}

// Larger header blocks go to mailparser, which enforces its own limit on them.
const MAX_HEADER_BYTES = 64 * 1024;
// What nodemailer writes for its text parts, and the boundary of its multipart/alternative bodies.
const TEXT_TYPE = /^(text\/(?:plain|html))(?:;\s*charset=(?:utf-8|"utf-8"))?$/i;
// Boundaries of letters, digits and `_.+-` alone (nodemailer's `--_NmP-…-Part_1`) read the same quoted or not.
const ALTERNATIVE_TYPE = /^multipart\/alternative;\s*boundary=(?:"([\w.+-]{1,70})"|([\w.+-]{1,70}))$/i;
const ENCODINGS = new Set(['', '7bit', '8bit', 'quoted-printable', 'base64']);
// Bare CR or LF: line breaks must all be CRLF, as SMTP delivers them.
const BARE_BREAK = /\r(?!\n)|(?<!\r)\n/;
// A subject of plain text around a run of UTF-8 encoded words, the only encoded-word shape decoded here.
const ENCODED_SUBJECT = /^[^=?]*(?:=\?utf-8\?[QqBb]\?[^?\s]*\?=)(?:\s+=\?utf-8\?[QqBb]\?[^?\s]*\?=)*[^=?]*$/i;
const BASE64_BODY = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Parses, synchronously and cheaply, the messages nodemailer sends without attachments — ASCII on the wire (headers
 * as MIME encoded words, bodies in 7bit, quoted-printable or base64), CRLF line breaks, one `text/plain` part or a
 * `multipart/alternative` of a `text/plain` and a `text/html` part, UTF-8 text — into exactly what mailparser's
 * `simpleParser` makes of them. Anything else answers `undefined` and is left to mailparser, so the answer is
 * either mailparser's or none; `test/smtp/plain-message.test.ts` checks that against mailparser on generated mail.
 *
 * Why: mailparser runs a chain of streams and timers per message, about a millisecond of CPU, on the thread that
 * also serves the demo's fakes; this parse costs a few tens of microseconds.
 *
 * @example
 * const raw = Buffer.from('From: a@example.com\r\nSubject: Hi\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n');
 * parsePlainMessage(raw)?.text; // 'Hello\n'
 */
export function parsePlainMessage(raw: Buffer): MailFields | undefined {
  if (!isAscii(raw)) return undefined;
  const source = raw.toString('latin1');
  if (hasControlCharacters(source) || BARE_BREAK.test(source)) return undefined;
  const split = splitHead(source);
  if (!split) return undefined;
  const headers = parseHeaderBlock(split.head);
  if (!headers) return undefined;
  const leaves = leavesOf(headers, split.body);
  if (!leaves) return undefined;
  const fields = headerFields(headers);
  if (!fields) return undefined;
  for (const leaf of leaves) {
    const content = decodeBody(leaf);
    if (content === undefined) return undefined;
    // Empty parts add nothing, as in mailparser.
    if (content === '') continue;
    if (leaf.contentType === 'text/plain') fields.text = content;
    else fields.html = content;
  }
  return fields;
}

/** Control characters mailparser might treat in ways this parser does not copy (tab, CR and LF are fine). */
function hasControlCharacters(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

function splitHead(source: string): { head: string; body: string } | undefined {
  const end = source.indexOf('\r\n\r\n');
  if (end <= 0 || end > MAX_HEADER_BYTES) return undefined;
  return { head: source.slice(0, end), body: source.slice(end + 4) };
}

/** Header lines as mailsplit reports them: lower-cased key, the line with its folding (CRLF kept). */
function parseHeaderBlock(head: string): RawHeader[] | undefined {
  const lines: RawHeader[] = [];
  for (const line of head.split('\r\n')) {
    const last = lines[lines.length - 1];
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (!last) return undefined;
      last.line += `\r\n${line}`;
      continue;
    }
    const colon = line.indexOf(':');
    const key = line.slice(0, colon).trim().toLowerCase();
    // mbox and HTTP preambles, and lines without a name, take other paths in mailsplit.
    if (colon <= 0 || key === '' || /^(?:From|POST) /i.test(line)) return undefined;
    lines.push({ key, line });
  }
  return lines;
}

/** A header's value as mailparser reads it (libmime's `decodeHeader`): unfolded and trimmed. */
function headerValue(header: RawHeader): string {
  const line = header.line.replace(/(?:\r?\n|\r)[ \t]*/g, ' ').trim();
  const match = /^\s*([^:]+):(.*)$/.exec(line);
  return (match?.[2] ?? '').trim();
}

function first(headers: readonly RawHeader[], key: string): RawHeader | undefined {
  return headers.find((header) => header.key === key);
}

function count(headers: readonly RawHeader[], key: string): number {
  return headers.filter((header) => header.key === key).length;
}

/** The text parts of the message, when its structure is one this parser copies mailparser on. */
function leavesOf(headers: readonly RawHeader[], body: string): Leaf[] | undefined {
  if (count(headers, 'content-type') !== 1 || count(headers, 'content-disposition') > 0) return undefined;
  const type = headerValue(first(headers, 'content-type') as RawHeader);
  const single = TEXT_TYPE.exec(type);
  if (single) {
    // An HTML-only message gets its text from html-to-text in mailparser: not copied here.
    if (single[1]?.toLowerCase() !== 'text/plain') return undefined;
    const encoding = encodingOf(headers);
    return encoding === undefined ? undefined : [{ contentType: 'text/plain', encoding, body }];
  }
  const alternative = ALTERNATIVE_TYPE.exec(type);
  if (!alternative || count(headers, 'content-transfer-encoding') > 0) return undefined;
  return alternativeParts(body, `--${alternative[1] ?? alternative[2]}`);
}

/**
 * The parts of a `multipart/alternative` body laid out as nodemailer writes it: no preamble, parts separated by
 * delimiter lines, the closing delimiter last and no epilogue. The line break before a delimiter belongs to it.
 */
function alternativeParts(body: string, delimiter: string): Leaf[] | undefined {
  if (!body.startsWith(`${delimiter}\r\n`) || !body.endsWith(`\r\n${delimiter}--\r\n`)) return undefined;
  const inner = body.slice(delimiter.length + 2, body.length - delimiter.length - 6);
  const chunks = inner.split(`\r\n${delimiter}\r\n`);
  // The delimiter may appear nowhere else, so no line of a part can be read as one.
  if (chunks.length > 2 || inner.split(delimiter).length !== chunks.length) return undefined;
  const leaves: Leaf[] = [];
  for (const chunk of chunks) {
    const split = splitHead(chunk);
    if (!split) return undefined;
    const headers = parseHeaderBlock(split.head);
    if (!headers?.every((h) => h.key === 'content-type' || h.key === 'content-transfer-encoding')) {
      return undefined;
    }
    if (count(headers, 'content-type') !== 1 || count(headers, 'content-transfer-encoding') > 1)
      return undefined;
    const type = TEXT_TYPE.exec(headerValue(first(headers, 'content-type') as RawHeader))?.[1]?.toLowerCase();
    const encoding = encodingOf(headers);
    if ((type !== 'text/plain' && type !== 'text/html') || encoding === undefined) return undefined;
    if (leaves.some((leaf) => leaf.contentType === type)) return undefined;
    leaves.push({ contentType: type, encoding, body: split.body });
  }
  return leaves;
}

function encodingOf(headers: readonly RawHeader[]): string | undefined {
  if (count(headers, 'content-transfer-encoding') > 1) return undefined;
  const header = first(headers, 'content-transfer-encoding');
  const encoding = header ? headerValue(header).toLowerCase() : '';
  return ENCODINGS.has(encoding) ? encoding : undefined;
}

/** A part's text as mailparser gives it: transfer-decoded, read as UTF-8, line breaks as `\n`. */
function decodeBody(leaf: Leaf): string | undefined {
  let bytes: Buffer;
  if (leaf.encoding === 'quoted-printable') bytes = decodeQuotedPrintable(leaf.body);
  else if (leaf.encoding === 'base64') {
    const compact = leaf.body.replace(/[\r\n]/g, '');
    // Only clean base64 (padding at the end alone) decodes the same in one piece as in libbase64's stream.
    if (!BASE64_BODY.test(compact)) return undefined;
    bytes = Buffer.from(compact, 'base64');
  } else bytes = Buffer.from(leaf.body, 'latin1');
  return bytes.toString('utf8').replace(/\r?\n/g, '\n');
}

/** libqp's `decode`, which mailsplit's decoder applies to a part's whole body. */
function decodeQuotedPrintable(body: string): Buffer {
  const input = body
    .replace(/(^|[^ \t])[ \t]+(?=[\n\r\u2028\u2029]|$)/g, '$1')
    .replace(/[=](?:\r?\n|$)/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (code === 0x3d && i < input.length - 2) {
      const hi = hexValue(input.charCodeAt(i + 1));
      const lo = hexValue(input.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes.push(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    bytes.push(code);
  }
  return Buffer.from(bytes);
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/** The root headers mailparser turns into fields (first occurrence of single ones, every `To` and `Cc`). */
function headerFields(headers: readonly RawHeader[]): MailFields | undefined {
  const fields: MailFields = {
    headerLines: headers.map((h) => ({ key: h.key, line: h.line })),
    attachments: [],
  };
  const messageId = first(headers, 'message-id');
  if (messageId) {
    const value = headerValue(messageId);
    // mailparser decodes encoded words here too; a Message-ID never carries them, so one that does is left to it.
    if (value.includes('=?')) return undefined;
    if (value !== '')
      fields.messageId = `${value.startsWith('<') ? '' : '<'}${value}${value.endsWith('>') ? '' : '>'}`;
  }
  const date = first(headers, 'date');
  if (date) {
    const value = new Date(headerValue(date));
    // mailparser puts the parse time in place of an invalid date: left to it.
    if (Number.isNaN(value.getTime())) return undefined;
    fields.date = value;
  }
  const subject = first(headers, 'subject');
  if (subject) {
    const value = decodeSubject(headerValue(subject));
    if (value === undefined) return undefined;
    if (value !== '') fields.subject = value;
  }
  const from = first(headers, 'from');
  if (from) fields.from = parseAddressHeader(headerValue(from));
  const replyTo = first(headers, 'reply-to');
  if (replyTo) fields.replyTo = parseAddressHeader(headerValue(replyTo));
  const to = addressList(headers, 'to');
  if (to) fields.to = to;
  const cc = addressList(headers, 'cc');
  if (cc) fields.cc = cc;
  return fields;
}

function addressList(
  headers: readonly RawHeader[],
  key: string,
): AddressObject | AddressObject[] | undefined {
  const values = headers.filter((h) => h.key === key).map((h) => parseAddressHeader(headerValue(h)));
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}

/**
 * libmime's `decodeWords` for a subject of plain text around UTF-8 encoded words: adjacent words of the same
 * encoding are joined before decoding (a character may be split across them), whitespace between words dropped.
 * The join marker is a private-use character where libmime has NULs: the input is ASCII, so it cannot hold one.
 */
function decodeSubject(value: string): string | undefined {
  if (!value.includes('=?')) return value;
  if (!ENCODED_SUBJECT.test(value)) return undefined;
  return value
    .replace(/(=\?[^?]+\?[Bb]\?[^?]*\?=)\s*(?==\?[^?]+\?[Bb]\?[^?]*\?=)/g, '$1\uE000JOIN\uE000')
    .replace(/(=\?[^?]+\?[Qq]\?[^?]*\?=)\s*(?==\?[^?]+\?[Qq]\?[^?]*\?=)/g, '$1\uE000JOIN\uE000')
    .replace(/(\?=)?\uE000JOIN\uE000(=\?([^?]+)\?[QqBb]\?)?/g, '')
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?[^?]+\?[QqBb]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([\w_\-*]+)\?([QqBb])\?([^?]*)\?=/g, (_match, _charset, encoding: string, text: string) =>
      (encoding.toUpperCase() === 'Q' ? decodeQWord(text) : decodeBase64Segments(text)).toString('utf-8'),
    );
}

/** libmime's `decodeWord` for `Q`: underscores and whitespace are spaces, `=XX` a byte. */
function decodeQWord(text: string): Buffer {
  const input = Buffer.from(text.replace(/=\s+([0-9a-fA-F])/g, '=$1').replace(/[_\s]/g, ' '));
  const bytes: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] as number;
    if (i <= input.length - 2 && byte === 0x3d) {
      const hi = hexValue(input[i + 1] ?? -1);
      const lo = hexValue(input[i + 2] ?? -1);
      if (hi >= 0 && lo >= 0) {
        bytes.push(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    bytes.push(byte);
  }
  return Buffer.from(bytes);
}

/** libbase64's `decode`: joined words may hold several padded segments, each decoded on its own. */
function decodeBase64Segments(text: string): Buffer {
  const padAt = text.indexOf('=');
  if (padAt < 0 || !/[a-zA-Z0-9+/\-_]/.test(text.slice(padAt))) return Buffer.from(text, 'base64');
  const output = Buffer.alloc(Math.floor((text.length * 3) / 4));
  let length = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('=', start);
    if (end < 0) end = text.length;
    if (end > start) length += output.write(text.substring(start, end), length, 'base64');
    start = end + 1;
  }
  return Buffer.from(output.subarray(0, length));
}
