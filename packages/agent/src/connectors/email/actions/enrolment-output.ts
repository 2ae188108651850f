import { z } from 'zod';

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
