import { z } from 'zod';
import { strictParams } from './common.ts';

/**
 * Body of `POST /payments/api/v1/installments/negotiate`: a payment link for 1–5 overdue recurrences of a
 * subscription (reference §4.7). Shape of the official sample: `payment_type` `PIX` or `BILLET` (the MCP's
 * `BOLETO` is not the official value, §4.7), `discount` `{ type: 'CUSTOM' | 'PERCENTAGE', value }`. `document`
 * (buyer CPF/CNPJ) is needed for `BILLET` according to a third-party node; Hotmart enforces that, not this schema.
 *
 * @example
 * NegotiationBody.parse({ subscription_id: 123456, recurrences: [3], payment_type: 'PIX', discount: { type: 'CUSTOM', value: 100.11 } });
 */
export const NegotiationBody = strictParams({
  subscription_id: z.number().int().positive(),
  recurrences: z.array(z.number().int().positive()).min(1).max(5),
  payment_type: z.enum(['PIX', 'BILLET']),
  discount: strictParams({ type: z.enum(['CUSTOM', 'PERCENTAGE']), value: z.number().positive() }).optional(),
  document: z.string().min(1).optional(),
});
/** Negotiation body. @example const body: NegotiationBody = { subscription_id: 1, recurrences: [1], payment_type: 'PIX' }; */
export type NegotiationBody = z.input<typeof NegotiationBody>;

/**
 * Answer of the negotiation. Not documented officially; a third-party recording shows `negotiation_id`,
 * `payment_link` and `expiration_date` (ms), so those are declared optional and everything passes through.
 *
 * @example
 * NegotiationResponse.parse({ negotiation_id: 'NEG1', payment_link: 'https://pay.hotmart.com/negotiate/NEG1' });
 */
export const NegotiationResponse = z.looseObject({
  negotiation_id: z.string().optional(),
  payment_link: z.string().optional(),
  status: z.string().optional(),
  expiration_date: z.number().optional(),
});
/** A negotiation answer. @example const answer: NegotiationResponse = { payment_link: 'https://pay.hotmart.com/x' }; */
export type NegotiationResponse = z.infer<typeof NegotiationResponse>;
