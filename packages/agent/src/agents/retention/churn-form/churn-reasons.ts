import { z } from 'zod';
import type { Locale } from '../../../kit/i18n/locale.ts';

/**
 * The reasons a subscriber can give for cancelling, in the order the form lists them. A fixed list (plus free
 * text) so the seller's report counts comparable answers instead of a pile of sentences.
 *
 * @example
 * import { CHURN_REASONS } from './churn-reasons.ts';
 * CHURN_REASONS[0]; // 'too-expensive'
 */
export const CHURN_REASONS = Object.freeze([
  'too-expensive',
  'not-using',
  'content-mismatch',
  'technical-problems',
  'found-alternative',
  'temporary-pause',
  'other',
] as const);

/**
 * One of {@link CHURN_REASONS}.
 *
 * @example
 * import type { ChurnReason } from './churn-reasons.ts';
 * const reason: ChurnReason = 'temporary-pause';
 */
export type ChurnReason = (typeof CHURN_REASONS)[number];

/**
 * The longest free text kept with an answer, in characters (code points).
 *
 * @example
 * import { CHURN_TEXT_MAX_CHARS } from './churn-reasons.ts';
 * CHURN_TEXT_MAX_CHARS; // 1000
 */
export const CHURN_TEXT_MAX_CHARS = 1000;

/**
 * True when `value` is one of the reasons (form input is untrusted).
 *
 * @example
 * import { isChurnReason } from './churn-reasons.ts';
 * isChurnReason('other'); // true
 * isChurnReason('constructor'); // false
 */
export function isChurnReason(value: unknown): value is ChurnReason {
  return typeof value === 'string' && (CHURN_REASONS as readonly string[]).includes(value);
}

/**
 * The labels of the reasons as the form shows them, in pt-BR, es and en.
 *
 * @example
 * import { churnReasonLabels } from './churn-reasons.ts';
 * churnReasonLabels.es['too-expensive']; // 'Es demasiado caro'
 */
export const churnReasonLabels: Readonly<Record<Locale, Readonly<Record<ChurnReason, string>>>> =
  Object.freeze({
    'pt-BR': Object.freeze({
      'too-expensive': 'Ficou caro demais',
      'not-using': 'Não estava usando',
      'content-mismatch': 'O conteúdo não era o que eu esperava',
      'technical-problems': 'Tive problemas técnicos',
      'found-alternative': 'Encontrei outra alternativa',
      'temporary-pause': 'É só uma pausa, pretendo voltar',
      other: 'Outro motivo',
    }),
    es: Object.freeze({
      'too-expensive': 'Es demasiado caro',
      'not-using': 'No lo estaba usando',
      'content-mismatch': 'El contenido no era lo que esperaba',
      'technical-problems': 'Tuve problemas técnicos',
      'found-alternative': 'Encontré otra alternativa',
      'temporary-pause': 'Es solo una pausa, pienso volver',
      other: 'Otro motivo',
    }),
    en: Object.freeze({
      'too-expensive': 'It was too expensive',
      'not-using': "I wasn't using it",
      'content-mismatch': "The content wasn't what I expected",
      'technical-problems': 'I had technical problems',
      'found-alternative': 'I found an alternative',
      'temporary-pause': "It's just a pause, I plan to come back",
      other: 'Another reason',
    }),
  });

/**
 * Cleans the free text of an answer: line breaks normalised to `\n`, other control characters dropped, surrounding
 * blanks trimmed. Returns null when nothing is left, and `{ tooLong: true }` past {@link CHURN_TEXT_MAX_CHARS}
 * (refused rather than cut, so the subscriber sees their text wasn't kept whole).
 *
 * @example
 * import { cleanChurnText } from './churn-reasons.ts';
 * cleanChurnText('  Too pricey\r\n for me \u0000'); // { text: 'Too pricey\n for me' }
 * cleanChurnText('   '); // { text: null }
 */
export function cleanChurnText(value: unknown): { text: string | null } | { tooLong: true } {
  if (typeof value !== 'string') return { text: null };
  const text = value
    .replace(/\r\n?/g, '\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes.
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
    .trim();
  if (text.length === 0) return { text: null };
  if ([...text].length > CHURN_TEXT_MAX_CHARS) return { tooLong: true };
  return { text };
}

/**
 * An answer as stored: the reason and the cleaned free text.
 *
 * @example
 * import { ChurnAnswerInput } from './churn-reasons.ts';
 * ChurnAnswerInput.parse({ reason: 'other', text: 'Moving abroad' });
 */
export const ChurnAnswerInput = z.strictObject({
  reason: z.enum(CHURN_REASONS).describe('Why the subscriber cancelled, from the fixed list.'),
  text: z
    .string()
    .min(1)
    .refine((text) => [...text].length <= CHURN_TEXT_MAX_CHARS, {
      message: `at most ${CHURN_TEXT_MAX_CHARS} characters`,
    })
    .nullable()
    .describe('What the subscriber wrote in their own words, if anything.'),
});

/**
 * The type of {@link ChurnAnswerInput}.
 *
 * @example
 * import type { ChurnAnswerInput } from './churn-reasons.ts';
 * const answer: ChurnAnswerInput = { reason: 'too-expensive', text: null };
 */
export type ChurnAnswerInput = z.infer<typeof ChurnAnswerInput>;
