import { z } from 'zod';

import type { WebhookPurchaseStatus } from '../purchase-status.ts';

// Building blocks shared by the data-family schemas. Every object is loose (unknown keys pass through, STYLE §2)
// and every field is nullish: real deliveries omit blocks or send null where the samples have values (reference §10).

/**
 * An optional, nullable string.
 *
 * @example
 * ```ts
 * import { optionalString } from './schema-fields.ts';
 *
 * optionalString.parse(null); // null
 * ```
 */
export const optionalString = z.string().nullish();

/**
 * An optional, nullable number.
 *
 * @example
 * ```ts
 * import { optionalNumber } from './schema-fields.ts';
 *
 * optionalNumber.parse(97.5); // 97.5
 * ```
 */
export const optionalNumber = z.number().nullish();

/**
 * An optional, nullable boolean.
 *
 * @example
 * ```ts
 * import { optionalBoolean } from './schema-fields.ts';
 *
 * optionalBoolean.parse(undefined); // undefined
 * ```
 */
export const optionalBoolean = z.boolean().nullish();

/**
 * Free text that is digits in practice (phone numbers, documents, zip codes, house numbers). The samples send
 * strings; a number is accepted and turned into its decimal string so one stray numeric field doesn't quarantine a
 * paid order.
 *
 * @example
 * ```ts
 * import { optionalDigits } from './schema-fields.ts';
 *
 * optionalDigits.parse(31988887777); // '31988887777'
 * ```
 */
export const optionalDigits = z.union([z.string(), z.number().transform((value) => String(value))]).nullish();

/**
 * An identifier that some payloads send as a number and others as a string (club product ids, reference §6.6).
 *
 * @example
 * ```ts
 * import { optionalId } from './schema-fields.ts';
 *
 * optionalId.parse('00000'); // '00000'
 * ```
 */
export const optionalId = z.union([z.number(), z.string()]).nullish();

/**
 * A purchase status string typed with the webhook vocabulary. Any string passes: Hotmart adds values without notice.
 *
 * @example
 * ```ts
 * import { purchaseStatusField } from './schema-fields.ts';
 *
 * purchaseStatusField.parse('PARTIALLY_REFUNDED'); // kept as is
 * ```
 */
export const purchaseStatusField = (z.string() as z.ZodType<WebhookPurchaseStatus, string>).nullish();

/**
 * `{ id, name }`, the product block every family carries.
 *
 * @example
 * ```ts
 * import { productRef } from './schema-fields.ts';
 *
 * productRef.parse({ id: 1, name: 'Curso', extra: true }); // extra keys pass through
 * ```
 */
export const productRef = z
  .looseObject({
    id: optionalNumber,
    name: optionalString,
  })
  .nullish();

/**
 * `{ name, iso }` of the checkout country.
 *
 * @example
 * ```ts
 * import { checkoutCountry } from './schema-fields.ts';
 *
 * checkoutCountry.parse({ name: 'Brasil', iso: 'BR' });
 * ```
 */
export const checkoutCountry = z
  .looseObject({
    name: optionalString,
    iso: optionalString,
  })
  .nullish();
