import type { Locale } from '../../../kit/i18n/locale.ts';
import type { TemplateParts } from './template-engine.ts';

/**
 * One block of an e-mail body, from which both the plain-text and the HTML part are written (so the two never
 * drift apart). Strings are Liquid source; literal text in them is HTML-escaped for the HTML part.
 * - a string: a paragraph;
 * - `{ lines }`: a paragraph with line breaks (a signature);
 * - `{ list }`: a bulleted list; an item `{ if, item }` is shown only when its condition holds;
 * - `{ button, url }`: a call to action; `url` is a variable path (`checkoutUrl`), passed through `safe_url`;
 * - `{ prefix, link, url }`: a sentence ending in a link (`prefix link`, the URL in full in the text part);
 * - `{ if, show, otherwise? }`: blocks shown only when a Liquid condition holds (`buyer.name`, `amount`).
 *
 * @example
 * import type { TemplateBlock } from './compose-template.ts';
 * const blocks: TemplateBlock[] = ['Olá!', { button: 'Concluir compra', url: 'checkoutUrl' }];
 */
export type TemplateBlock =
  | string
  | { lines: readonly string[] }
  | { list: readonly (string | { if: string; item: string })[] }
  | { button: string; url: string }
  | { prefix: string; link: string; url: string }
  | { if: string; show: readonly TemplateBlock[]; otherwise?: readonly TemplateBlock[] };

/**
 * A message in one language, as blocks.
 *
 * @example
 * import type { ComposedMessage } from './compose-template.ts';
 * const message: ComposedMessage = { subject: 'Oi', blocks: ['Olá!'] };
 */
export interface ComposedMessage {
  subject: string;
  /** The preview line mail clients show after the subject (HTML only). */
  preheader?: string;
  blocks: readonly TemplateBlock[];
  /** Small print under the message: why the reader gets it, and the unsubscribe link for marketing mail. */
  footer?: readonly TemplateBlock[];
}

const VARIABLE_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const CONDITION = /^[A-Za-z0-9_.'" =!<>-]+$/;

/**
 * Writes the subject, plain-text and HTML parts of one language from blocks: the text part as paragraphs separated
 * by blank lines; the HTML part as a simple, single-column, inline-styled page that renders in every mail client.
 *
 * @example
 * import { composeTemplate } from './compose-template.ts';
 * const parts = composeTemplate('pt-BR', {
 *   subject: 'Seu acesso a {{ product.name }}',
 *   blocks: ['Olá{% if buyer.name %}, {{ buyer.name | first_name }}{% endif %}!', { button: 'Acessar', url: 'accessUrl' }],
 * });
 * parts.text; // 'Olá{% if … %}!\n\nAcessar: {{ accessUrl | safe_url }}'
 */
export function composeTemplate(locale: Locale, message: ComposedMessage): TemplateParts {
  const footer = message.footer ?? [];
  const text = [textBlocks(message.blocks), ...(footer.length > 0 ? [`--\n${textBlocks(footer)}`] : [])].join(
    '\n\n',
  );
  const preheader = message.preheader
    ? `<div style="display:none;max-height:0;overflow:hidden;">${escapeLiteral(message.preheader)}</div>`
    : '';
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeLiteral(message.subject)}</title></head>`,
    '<body style="margin:0;padding:0;background-color:#f4f4f5;">',
    preheader,
    '<div style="max-width:560px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#18181b;">',
    `<div style="background-color:#ffffff;border-radius:8px;padding:32px 24px;">${htmlBlocks(message.blocks)}</div>`,
    footer.length > 0
      ? `<div style="padding:16px 8px;font-size:12px;line-height:1.5;color:#71717a;">${htmlBlocks(footer)}</div>`
      : '',
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
  return { subject: message.subject, text, html };
}

function textBlocks(blocks: readonly TemplateBlock[]): string {
  return blocks.map(textBlock).join('\n\n');
}

function textBlock(block: TemplateBlock): string {
  if (typeof block === 'string') return block;
  if ('lines' in block) return block.lines.join('\n');
  if ('list' in block) {
    return block.list
      .map((entry, index) => {
        const line = `${index > 0 ? '\n' : ''}- ${typeof entry === 'string' ? entry : entry.item}`;
        return typeof entry === 'string' ? line : `{% if ${condition(entry.if)} %}${line}{% endif %}`;
      })
      .join('');
  }
  if ('button' in block) return `${block.button}: {{ ${urlPath(block.url)} | safe_url }}`;
  if ('link' in block) return `${block.prefix} {{ ${urlPath(block.url)} | safe_url }}`;
  // Blank lines left by a false condition are collapsed by the engine's text clean-up.
  const otherwise = block.otherwise ? `{% else %}${textBlocks(block.otherwise)}` : '';
  return `{% if ${condition(block.if)} %}${textBlocks(block.show)}${otherwise}{% endif %}`;
}

function htmlBlocks(blocks: readonly TemplateBlock[]): string {
  return blocks.map(htmlBlock).join('\n');
}

function htmlBlock(block: TemplateBlock): string {
  if (typeof block === 'string') return `<p style="margin:0 0 16px;">${escapeLiteral(block)}</p>`;
  if ('lines' in block)
    return `<p style="margin:0 0 16px;">${block.lines.map(escapeLiteral).join('<br>')}</p>`;
  if ('list' in block) {
    const items = block.list
      .map((entry) =>
        typeof entry === 'string'
          ? `<li>${escapeLiteral(entry)}</li>`
          : `{% if ${condition(entry.if)} %}<li>${escapeLiteral(entry.item)}</li>{% endif %}`,
      )
      .join('');
    return `<ul style="margin:0 0 16px;padding-left:20px;">${items}</ul>`;
  }
  if ('button' in block) {
    const url = `{{ ${urlPath(block.url)} | safe_url }}`;
    return (
      `<p style="margin:24px 0;"><a href="${url}" style="display:inline-block;padding:12px 24px;background-color:#f04e23;` +
      `color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;">${escapeLiteral(block.button)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#71717a;word-break:break-all;">${url}</p>`
    );
  }
  if ('link' in block) {
    const link = `<a href="{{ ${urlPath(block.url)} | safe_url }}" style="color:inherit;">${escapeLiteral(block.link)}</a>`;
    return `<p style="margin:0 0 8px;">${escapeLiteral(block.prefix)} ${link}</p>`;
  }
  const otherwise = block.otherwise ? `{% else %}${htmlBlocks(block.otherwise)}` : '';
  return `{% if ${condition(block.if)} %}${htmlBlocks(block.show)}${otherwise}{% endif %}`;
}

function urlPath(path: string): string {
  if (!VARIABLE_PATH.test(path)) throw new TypeError(`composeTemplate: "${path}" is not a variable path`);
  return path;
}

function condition(text: string): string {
  if (!CONDITION.test(text))
    throw new TypeError(`composeTemplate: unexpected characters in condition "${text}"`);
  return text;
}

// Literal text is escaped for HTML; Liquid tags and outputs are left alone (the engine escapes what they print).
function escapeLiteral(source: string): string {
  return source
    .split(/({{[\s\S]*?}}|{%[\s\S]*?%})/)
    .map((piece, index) =>
      index % 2 === 1
        ? piece
        : piece.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
    )
    .join('');
}
