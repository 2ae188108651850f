import type { HotmartApi } from '../internal/api.ts';
import type { RequestOptions } from '../internal/http.ts';
import { parseInput } from '../internal/parse.ts';
import { NegotiationBody, NegotiationResponse } from '../schemas/index.ts';

/**
 * `client.negotiation`: installment negotiation — a payment link for overdue recurrences of a subscription
 * (reference §4.7), on the official `/payments/api/v1/installments/negotiate` (not HPY's `/negotiation`, §9).
 *
 * @example
 * const negotiation = await client.negotiation.create({
 *   subscription_id: 123456,
 *   recurrences: [3],
 *   payment_type: 'PIX',
 *   discount: { type: 'CUSTOM', value: 100.11 },
 * });
 * console.log(negotiation.payment_link);
 */
export class NegotiationResource {
  readonly #api: HotmartApi;

  constructor(api: HotmartApi) {
    this.#api = api;
  }

  /** `POST /payments/api/v1/installments/negotiate`. Not retried after an ambiguous failure (it creates a link). */
  async create(body: NegotiationBody, options?: RequestOptions): Promise<NegotiationResponse> {
    return this.#api.call(
      {
        name: 'negotiation.create',
        method: 'POST',
        path: '/payments/api/v1/installments/negotiate',
        body: parseInput(NegotiationBody, body, 'negotiation.create body'),
        idempotent: false,
      },
      NegotiationResponse,
      options,
    );
  }
}
