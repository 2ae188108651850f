import { z } from 'zod';
import { OCCURRENCE } from '../sequences/enrolment.ts';

/**
 * The wire form of an enrolment (see `Enrolment` in `sequences/enrolment.ts`), shared by the enrolment actions.
 *
 * @example
 * import { EnrolmentOutput } from './enrolment-output.ts';
 * const parsed = EnrolmentOutput.safeParse({});
 * console.log(parsed.success); // false
 */
export const EnrolmentOutput = z.strictObject({
  id: z.string(),
  sequenceId: z.string(),
  email: z.string(),
  occurrence: z.string().nullable(),
  locale: z.enum(['pt-BR', 'es', 'en']),
  status: z.enum(['active', 'completed', 'stopped', 'cancelled', 'failed']),
  stopReason: z.string().nullable(),
  stoppedAt: z.string().nullable(),
  enrolledAt: z.number(),
  finishedAt: z.number().nullable(),
  sent: z.array(z.strictObject({ stepId: z.string(), at: z.number(), messageId: z.string().nullable() })),
  next: z.strictObject({ stepId: z.string(), at: z.number().nullable() }).nullable(),
  error: z.string().nullable(),
});

/**
 * The input fields naming one enrolment, shared by the enrolment actions: the sequence, the address and, when an
 * address is enrolled more than once (each late charge), the occurrence.
 *
 * @example
 * import { z } from 'zod';
 * import { EnrolmentKey } from './enrolment-output.ts';
 * z.strictObject(EnrolmentKey).parse({ sequenceId: 'dunning', email: 'ana@example.com', occurrence: 'HP123' });
 */
export const EnrolmentKey = {
  sequenceId: z.string().min(1).max(64),
  email: z.email().max(320),
  occurrence: z
    .string()
    .regex(OCCURRENCE, 'letters, digits and ._:@- only, at most 100 characters')
    .optional()
    .describe(
      "What tells this enrolment apart from earlier ones of the address in the sequence (e.g. a late charge's transaction).",
    ),
};
