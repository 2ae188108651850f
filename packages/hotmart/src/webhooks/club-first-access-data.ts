import { z } from 'zod';

import { optionalId, optionalString } from './internal/schema-fields.ts';

/**
 * `data` of `CLUB_FIRST_ACCESS`, a student's first visit to the Members Area (reference §6.6). The product id is
 * a number in this event's samples but a string in `CLUB_MODULE_COMPLETED`, so both are accepted.
 *
 * @example
 * ```ts
 * import { ClubFirstAccessData } from '@hotpilot/hotmart/webhooks';
 *
 * ClubFirstAccessData.parse({ user: { email: 'ana@example.com' } }).user?.email; // 'ana@example.com'
 * ```
 */
export const ClubFirstAccessData = z.looseObject({
  product: z.looseObject({ id: optionalId, name: optionalString }).nullish(),
  user: z.looseObject({ name: optionalString, email: optionalString }).nullish(),
});

/**
 * The parsed `data` of a first-access event.
 *
 * @example
 * ```ts
 * import type { ClubFirstAccessData } from '@hotpilot/hotmart/webhooks';
 *
 * const student = (data: ClubFirstAccessData) => data.user?.email;
 * ```
 */
export type ClubFirstAccessData = z.infer<typeof ClubFirstAccessData>;
