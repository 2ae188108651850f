import type { AddressObject } from 'mailparser';
import type { MailFields } from './plain-message.ts';

/**
 * One e-mail the SMTP catcher received: the SMTP envelope (who the client said it was sending from and to), the
 * parsed headers and bodies, and a summary of the attachments (their bytes are not kept).
 *
 * @example
 * const message: CaughtMessage = {
 *   id: 'msg-1', receivedAt: '2026-06-01T12:00:00.000Z', size: 1234,
 *   envelope: { from: 'shop@example.com', to: ['ana@example.com'] },
 *   messageId: '<a1@example.com>', date: '2026-06-01T12:00:00.000Z', subject: 'Welcome!',
 *   from: 'Shop <shop@example.com>', to: ['ana@example.com'], cc: [], replyTo: null,
 *   text: 'Hello Ana', html: null, headers: { 'list-unsubscribe': '<https://…>' }, attachments: [],
 * };
 */
export interface CaughtMessage {
  /** `msg-<n>`, in the order messages arrived. */
  readonly id: string;
  /** When the message arrived (ISO 8601). */
  readonly receivedAt: string;
  /** Size of the raw message in bytes. */
  readonly size: number;
  readonly envelope: { readonly from: string | null; readonly to: readonly string[] };
  readonly messageId: string | null;
  /** The `Date` header (ISO 8601), or null. */
  readonly date: string | null;
  readonly subject: string | null;
  /** The `From` header as written (`Name <address>`). */
  readonly from: string | null;
  /** Addresses of the `To` header. */
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly replyTo: string | null;
  readonly text: string | null;
  readonly html: string | null;
  /** Every header, lower-cased name → text (address headers as written). */
  readonly headers: Readonly<Record<string, string>>;
  readonly attachments: readonly { filename: string | null; contentType: string; size: number }[];
}

/**
 * Builds a {@link CaughtMessage} from mailparser's result (or {@link parsePlainMessage}'s, the same fields) and the
 * SMTP session's envelope.
 *
 * @example
 * import { simpleParser } from 'mailparser';
 * const parsed = await simpleParser('From: a@example.com\r\nTo: b@example.com\r\nSubject: Hi\r\n\r\nHello');
 * const message = caughtMessageFrom(parsed, {
 *   id: 'msg-1', receivedAt: new Date(), size: 62, envelope: { from: 'a@example.com', to: ['b@example.com'] },
 * });
 * message.subject; // 'Hi'
 */
export function caughtMessageFrom(
  parsed: MailFields,
  meta: { id: string; receivedAt: Date; size: number; envelope: { from: string | null; to: string[] } },
): CaughtMessage {
  const headers: Record<string, string> = {};
  for (const line of parsed.headerLines) {
    // `line` is the raw `Name: value` text; keep the value as written (folded lines unfolded).
    const value = line.line
      .slice(line.line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers[line.key] = headers[line.key] === undefined ? value : `${headers[line.key]}, ${value}`;
  }
  return Object.freeze({
    id: meta.id,
    receivedAt: meta.receivedAt.toISOString(),
    size: meta.size,
    envelope: Object.freeze({ from: meta.envelope.from, to: Object.freeze([...meta.envelope.to]) }),
    messageId: parsed.messageId ?? null,
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null,
    subject: parsed.subject ?? null,
    from: parsed.from?.text ?? null,
    to: Object.freeze(addresses(parsed.to)),
    cc: Object.freeze(addresses(parsed.cc)),
    replyTo: parsed.replyTo?.text ?? null,
    text: parsed.text ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    headers: Object.freeze(headers),
    attachments: Object.freeze(
      parsed.attachments.map((attachment) =>
        Object.freeze({
          filename: attachment.filename ?? null,
          contentType: attachment.contentType,
          size: attachment.size,
        }),
      ),
    ),
  });
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (field === undefined) return [];
  const objects = Array.isArray(field) ? field : [field];
  return objects.flatMap((object) =>
    object.value.flatMap((entry) => [
      ...(entry.address ? [entry.address] : []),
      // A group (`Team: a@x, b@x;`) lists its members under `group`.
      ...(entry.group ?? []).flatMap((member) => (member.address ? [member.address] : [])),
    ]),
  );
}
