import { z } from 'zod';

import { optionalId, optionalString } from './internal/schema-fields.ts';

/**
 * `data` of `CLUB_MODULE_COMPLETED`, a student finishing a module (reference §6.6). Product and module ids are
 * strings in the samples (`"00000"`, `"hash123"`); numbers are accepted too.
 *
 * @example
 * ```ts
 * import { ClubModuleCompletedData } from '@hotpilot/hotmart/webhooks';
 *
 * ClubModuleCompletedData.parse({ module: { id: 'm1', name: 'Intro' } }).module?.name; // 'Intro'
 * ```
 */
export const ClubModuleCompletedData = z.looseObject({
  product: z.looseObject({ id: optionalId, name: optionalString }).nullish(),
  user: z.looseObject({ email: optionalString, name: optionalString }).nullish(),
  module: z.looseObject({ id: optionalId, name: optionalString }).nullish(),
});

/**
 * The parsed `data` of a module-completed event.
 *
 * @example
 * ```ts
 * import type { ClubModuleCompletedData } from '@hotpilot/hotmart/webhooks';
 *
 * const moduleId = (data: ClubModuleCompletedData) => data.module?.id;
 * ```
 */
export type ClubModuleCompletedData = z.infer<typeof ClubModuleCompletedData>;
