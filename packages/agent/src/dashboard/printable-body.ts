import { isSensitiveKey } from '../kit/redact.ts';
import { REDACTED } from '../kit/secret.ts';
import { printableJson, printableText } from './printable-json.ts';

/** Characters of a body shown when it is neither JSON nor a form. */
const MAX_RAW = 4_000;

/**
 * A raw webhook body as the quarantine shows it: JSON pretty-printed and form posts (Hotmart's v1 deliveries)
 * one field per line, both with secret fields masked by key — the hottok of a form post included — and anything
 * else cut to its first 4,000 characters with secrets masked.
 *
 * @example
 * import { printableBody } from './printable-body.ts';
 * printableBody('hottok=abc&status=approved', 'application/x-www-form-urlencoded');
 * // 'hottok=[redacted]\nstatus=approved'
 */
export function printableBody(body: string, contentType: string | null): string {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return printableJson(JSON.parse(body));
    } catch {
      // Not JSON after all: shown as text below.
    }
  }
  if (
    /x-www-form-urlencoded/i.test(contentType ?? '') ||
    /^[\w.%[\]-]+=[^&]*(&[\w.%[\]-]+=[^&]*)*$/.test(body.slice(0, MAX_RAW))
  ) {
    const lines: string[] = [];
    let size = 0;
    for (const [key, value] of new URLSearchParams(body)) {
      const line = `${printableText(key, 200)}=${isSensitiveKey(key) ? REDACTED : printableText(value)}`;
      size += line.length;
      if (size > 200_000) {
        lines.push('…');
        break;
      }
      lines.push(line);
    }
    return lines.join('\n');
  }
  return printableText(body, MAX_RAW);
}
