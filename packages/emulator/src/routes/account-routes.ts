import { z } from 'zod';
import { ApiError, invalidValue, notFound } from '../server/errors.ts';
import { type EmulatorHono, jsonBody, parseBody, type RouteContext } from './context.ts';

const negotiationSchema = z
  .object({
    subscription_id: z.number().int().positive(),
    // Up to five recurrences per negotiation (reference §4.7).
    recurrences: z.array(z.number().int().positive()).min(1).max(5),
    payment_type: z.enum(['PIX', 'BILLET', 'CREDIT_CARD']),
    discount: z.object({ type: z.enum(['CUSTOM', 'PERCENTAGE']), value: z.number().positive() }).optional(),
    document: z.string().min(1).optional(),
  })
  .passthrough();

const accountInfoSchema = z
  .object({ query: z.string().min(1), variables: z.record(z.string(), z.unknown()).optional() })
  .passthrough();

/** Finds the ucode a GraphQL-shaped account query asks about: inline or in the variables. */
function requestedUcode(body: z.infer<typeof accountInfoSchema>): string | undefined {
  const inline = /ucode\s*:\s*"([^"]+)"/.exec(body.query);
  if (inline) return inline[1];
  const variables = body.variables ?? {};
  const input = variables['accountInput'];
  if (
    typeof input === 'object' &&
    input !== null &&
    typeof (input as Record<string, unknown>)['ucode'] === 'string'
  ) {
    return (input as Record<string, string>)['ucode'];
  }
  return typeof variables['ucode'] === 'string' ? variables['ucode'] : undefined;
}

/**
 * Registers `GET /user/api/v1/me`, `POST /accounts/api/v1/info` (reference §4.8) and
 * `POST /payments/api/v1/installments/negotiate` (reference §4.7).
 *
 * @example
 * registerAccountRoutes(app, context);
 */
export function registerAccountRoutes(app: EmulatorHono, context: RouteContext): void {
  const { emulator, guard } = context;
  const account = emulator.account;

  app.get('/user/api/v1/me', guard, (c) => {
    const producer = account.producer;
    return c.json({
      id: producer.id,
      name: producer.name,
      email: producer.email,
      login: producer.login,
      ucode: producer.ucode,
      address: { ...producer.address },
      entity_type: producer.entity_type,
      locale: producer.locale,
      time_zone: producer.time_zone,
      currency_code_commission: producer.currency_code_commission,
    });
  });

  app.post('/accounts/api/v1/info', guard, async (c) => {
    const body = parseBody(accountInfoSchema, await jsonBody(c));
    if (!body.query.includes('accountByFilterToExternalApplication')) {
      throw invalidValue('query', 'only accountByFilterToExternalApplication is supported');
    }
    const ucode = requestedUcode(body);
    if (ucode === undefined) throw invalidValue('query', 'accountInput.ucode is required');
    const producer = account.producer;
    let found: Record<string, unknown> | null = null;
    if (ucode === producer.ucode) {
      found = {
        ucode,
        name: producer.name,
        email: producer.email,
        locale: producer.locale,
        entityType: producer.entity_type,
      };
    } else {
      const buyer = account.buyer(ucode);
      const affiliate = account.affiliates().find((candidate) => candidate.ucode === ucode);
      if (buyer)
        found = { ucode, name: buyer.name, email: buyer.email, locale: buyer.locale, entityType: 'PERSON' };
      else if (affiliate)
        found = {
          ucode,
          name: affiliate.name,
          email: affiliate.email,
          locale: 'pt_BR',
          entityType: 'PERSON',
        };
    }
    return c.json({ data: { accountByFilterToExternalApplication: found } });
  });

  app.post('/payments/api/v1/installments/negotiate', guard, async (c) => {
    const body = parseBody(negotiationSchema, await jsonBody(c));
    const subscription = account.subscriptionById(body.subscription_id);
    if (!subscription) throw notFound('Subscription', body.subscription_id);
    const unpaid = new Set(subscription.unpaid.map((entry) => entry.number));
    const notOwed = body.recurrences.find((number) => !unpaid.has(number));
    if (notOwed !== undefined) throw invalidValue('recurrences', `recurrence ${notOwed} is not unpaid`);
    // A boleto needs the buyer's CPF/CNPJ (reference §4.7).
    if (body.payment_type === 'BILLET' && body.document === undefined) {
      throw new ApiError(400, 'invalid_parameter', "Invalid parameter 'document': is required for BILLET");
    }
    const negotiation = account.addNegotiation({
      subscription_id: subscription.subscription_id,
      recurrences: body.recurrences,
      payment_type: body.payment_type,
      ...(body.discount !== undefined && { discount: body.discount }),
      ...(body.document !== undefined && { document: body.document }),
    });
    return c.json({
      id: negotiation.id,
      subscription_id: negotiation.subscription_id,
      recurrences: negotiation.recurrences,
      payment_type: negotiation.payment_type,
      ...(negotiation.discount !== undefined && { discount: negotiation.discount }),
      url: negotiation.url,
      expiration_date: negotiation.expires_at,
    });
  });
}
