import {
  cartRecoveryTemplate1,
  cartRecoveryTemplate2,
  cartRecoveryTemplate3,
} from './cart-recovery-templates.ts';
import { certificateTemplate } from './certificate-template.ts';
import { dunningTemplate1, dunningTemplate2, dunningTemplate3 } from './dunning-templates.ts';
import type { EmailTemplate } from './email-template.ts';
import { refundAcknowledgementTemplate } from './refund-acknowledgement-template.ts';
import { welcomeTemplate1, welcomeTemplate2, welcomeTemplate3 } from './welcome-templates.ts';
import { winBackTemplate1, winBackTemplate2 } from './win-back-templates.ts';

/**
 * The templates hotpilot ships, in pt-BR, es and en: the welcome sequence (3), cart recovery (3), dunning (3),
 * win-back (2), the refund acknowledgement and the certificate e-mail.
 *
 * @example
 * import { defaultTemplates } from './default-templates.ts';
 * defaultTemplates.map((template) => template.id); // ['welcome-1', …, 'certificate']
 */
export const defaultTemplates: readonly EmailTemplate[] = Object.freeze([
  welcomeTemplate1,
  welcomeTemplate2,
  welcomeTemplate3,
  cartRecoveryTemplate1,
  cartRecoveryTemplate2,
  cartRecoveryTemplate3,
  dunningTemplate1,
  dunningTemplate2,
  dunningTemplate3,
  winBackTemplate1,
  winBackTemplate2,
  refundAcknowledgementTemplate,
  certificateTemplate,
]);

/**
 * Finds a template by id: the seller's own templates first (they override a default with the same id), then the
 * defaults. Null when neither has it.
 *
 * @example
 * import { findTemplate } from './default-templates.ts';
 * findTemplate('certificate')?.marketing; // false
 */
export function findTemplate(id: string, own: readonly EmailTemplate[] = []): EmailTemplate | null {
  return (
    own.find((template) => template.id === id) ??
    defaultTemplates.find((template) => template.id === id) ??
    null
  );
}
