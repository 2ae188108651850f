import { z } from 'zod';
import { isLocale, type Locale, resolveLocale } from '../../../kit/i18n/locale.ts';
import type { RunRecord, StepRecord, Store } from '../../../store/port.ts';
import { normalizeEmail } from '../suppression.ts';
import type { SequenceDefinition } from './define-sequence.ts';

/**
 * The engine workflow that runs every enrolment. Its run ids are `sequence:<sequenceId>:<email>`.
 *
 * @example
 * import { SEQUENCE_WORKFLOW_ID } from './enrolment.ts';
 * console.log(SEQUENCE_WORKFLOW_ID); // 'sequence'
 */
export const SEQUENCE_WORKFLOW_ID = 'sequence';

/**
 * Retries of an enrolment's run. The engine counts failed attempts over the whole run (not per step), so a
 * sequence that lives for days gets more room than a one-shot workflow; SMTP outages are retried with backoff
 * capped at ten minutes, which covers about an hour of outage before the run is dead (and can be replayed).
 *
 * @example
 * import { SEQUENCE_RETRIES } from './enrolment.ts';
 * const maxAttempts = SEQUENCE_RETRIES + 1;
 */
export const SEQUENCE_RETRIES = 10;

const MAX_DATA_BYTES = 64 * 1024;

/**
 * What tells two enrolments of one address in one sequence apart (a late charge's transaction, a cancellation):
 * letters, digits and `._:@-`, at most 100 characters.
 *
 * @example
 * import { OCCURRENCE } from './enrolment.ts';
 * OCCURRENCE.test('HP17715690036014'); // true
 */
export const OCCURRENCE = /^[A-Za-z0-9._:@-]{1,100}$/;

/**
 * What an enrolment's run carries as input: the data its templates are rendered with.
 *
 * @example
 * import { EnrolmentRunInput } from './enrolment.ts';
 * EnrolmentRunInput.parse({ sequenceId: 'welcome', email: 'ana@example.com', locale: 'pt-BR', data: {} });
 */
export const EnrolmentRunInput = z.strictObject({
  sequenceId: z.string().min(1),
  email: z.email(),
  locale: z.string().refine(isLocale, 'must be pt-BR, es or en'),
  timeZone: z.string().min(1).optional(),
  connectionId: z.string().min(1).optional(),
  occurrence: z.string().regex(OCCURRENCE).optional(),
  data: z.record(z.string(), z.unknown()),
});

/**
 * The parsed type of {@link EnrolmentRunInput}.
 *
 * @example
 * import type { EnrolmentRunInput } from './enrolment.ts';
 * const input: EnrolmentRunInput = { sequenceId: 'welcome', email: 'ana@example.com', locale: 'es', data: {} };
 */
export type EnrolmentRunInput = z.infer<typeof EnrolmentRunInput>;

/**
 * Where an enrolment stands, read from its run and steps:
 * - `active`: waiting for the next step (or sending it);
 * - `completed`: every step was sent;
 * - `stopped`: a stop condition held (`stopReason`: `purchased` or `unsubscribed`);
 * - `cancelled`: an operator or an agent cancelled it;
 * - `failed`: the run is dead after its retries (e.g. SMTP credentials refused); a replay resumes it.
 *
 * @example
 * import type { EnrolmentStatus } from './enrolment.ts';
 * const finished = (status: EnrolmentStatus) => status !== 'active';
 */
export type EnrolmentStatus = 'active' | 'completed' | 'stopped' | 'cancelled' | 'failed';

/**
 * An enrolment as `getEnrolment` reports it.
 *
 * @example
 * import type { Enrolment } from './enrolment.ts';
 * const summary = (e: Enrolment) => `${e.email} in ${e.sequenceId}: ${e.status}, ${e.sent.length} sent`;
 */
export interface Enrolment {
  /** The run id: `sequence:<sequenceId>:<email>`, then `:<occurrence>` when there is one. */
  id: string;
  sequenceId: string;
  email: string;
  /** What tells this enrolment apart from others of the address in the sequence, or null. */
  occurrence: string | null;
  locale: Locale;
  status: EnrolmentStatus;
  stopReason: string | null;
  /** The step before which it stopped. */
  stoppedAt: string | null;
  enrolledAt: number;
  finishedAt: number | null;
  /** Steps sent, in order (a step skipped because the address was suppressed at send time is not listed). */
  sent: { stepId: string; at: number; messageId: string | null }[];
  /** The next step and when it is due (null when unknown: the sequence isn't defined in this process). */
  next: { stepId: string; at: number | null } | null;
  /** The run's last error (for `failed`, and for an active run between retries). */
  error: string | null;
}

/**
 * The run id of an enrolment: `sequence:<sequenceId>:<lower-cased email>`, then `:<occurrence>` when given. One per
 * address, sequence and occurrence, so enrolling twice is a no-op; another occurrence (the next late charge) is a
 * new enrolment.
 *
 * @example
 * import { enrolmentRunId } from './enrolment.ts';
 * enrolmentRunId('welcome', 'Ana@Example.com'); // 'sequence:welcome:ana@example.com'
 * enrolmentRunId('dunning', 'ana@example.com', 'HP123'); // 'sequence:dunning:ana@example.com:HP123'
 */
export function enrolmentRunId(sequenceId: string, email: string, occurrence?: string): string {
  if (occurrence !== undefined && !OCCURRENCE.test(occurrence)) {
    throw new TypeError(
      'enrolment: invalid occurrence (letters, digits and ._:@- only, at most 100 characters)',
    );
  }
  const base = `${SEQUENCE_WORKFLOW_ID}:${sequenceId}:${normalizeEmail(email)}`;
  return occurrence === undefined ? base : `${base}:${occurrence}`;
}

/**
 * Enrols an address in a sequence: creates the run of the `sequence` workflow that will send each step. Idempotent
 * per address, sequence and `options.occurrence`: a second enrolment — while the first runs, or after it finished —
 * creates nothing and reports the existing one (`created: false`); enrolling someone again for something new (their
 * next late charge, say) takes another occurrence.
 *
 * `data` holds what the templates read (the event's normalised fields: `buyer`, `product`, `amount`,
 * `transaction`…, plus links such as `checkoutUrl`); it is stored with the run (at most 64 KiB of JSON).
 * `options.sequences`, when given, is checked for `sequenceId`; `locale` (default: `resolveLocale` of
 * `data.locale`, then `data.country`, else en), `timeZone` and `connectionId` are stored for the sends.
 *
 * @example
 * import type { Store } from '../../../store/port.ts';
 * import { enrol } from './enrolment.ts';
 * declare const store: Store;
 * const { created, enrolment } = await enrol(store, 'welcome', 'ana@example.com', {
 *   buyer: { name: 'Ana' }, product: { id: '42', name: 'Curso' },
 * }, { locale: 'pt-BR' });
 */
export async function enrol(
  store: Pick<Store, 'createRuns' | 'getRun' | 'getSteps'>,
  sequenceId: string,
  email: string,
  data: Readonly<Record<string, unknown>>,
  options: {
    now?: number;
    locale?: Locale;
    timeZone?: string;
    connectionId?: string;
    occurrence?: string;
    sequences?: readonly SequenceDefinition[];
  } = {},
): Promise<{ created: boolean; enrolment: Enrolment }> {
  const sequence = options.sequences?.find((candidate) => candidate.id === sequenceId);
  if (options.sequences && !sequence) {
    throw new TypeError(
      `enrol: unknown sequence "${sequenceId}" (known: ${options.sequences.map((s) => s.id).join(', ')})`,
    );
  }
  const input = EnrolmentRunInput.safeParse({
    sequenceId,
    email: typeof email === 'string' ? normalizeEmail(email) : email,
    locale: options.locale ?? localeOf(data),
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...(options.connectionId === undefined ? {} : { connectionId: options.connectionId }),
    ...(options.occurrence === undefined ? {} : { occurrence: options.occurrence }),
    data: data === null || typeof data !== 'object' ? data : JSON.parse(JSON.stringify(data)),
  });
  if (!input.success) {
    const fields = [...new Set(input.error.issues.map((issue) => String(issue.path[0])))];
    throw new TypeError(`enrol: invalid ${fields.join(', ')}`);
  }
  if (Buffer.byteLength(JSON.stringify(input.data.data), 'utf8') > MAX_DATA_BYTES) {
    throw new TypeError('enrol: data must be at most 64 KiB of JSON');
  }
  const now = options.now ?? Date.now();
  const id = enrolmentRunId(sequenceId, input.data.email, input.data.occurrence);
  const created = await store.createRuns(
    [
      {
        id,
        workflowId: SEQUENCE_WORKFLOW_ID,
        eventId: null,
        connectionId: null,
        concurrencyKey: null,
        input: input.data,
        maxAttempts: SEQUENCE_RETRIES + 1,
        dueAt: now,
      },
    ],
    now,
  );
  const enrolment = await getEnrolment(
    store,
    sequenceId,
    input.data.email,
    options.sequences,
    input.data.occurrence,
  );
  if (!enrolment) throw new Error(`enrol: run ${id} vanished right after it was created`);
  return { created: created.includes(id), enrolment };
}

/**
 * Reads an enrolment's state from its run and steps; null when the address was never enrolled in the sequence.
 * Give the sequence definitions to learn when the next step is due.
 *
 * @example
 * import type { Store } from '../../../store/port.ts';
 * import { defaultSequences } from './default-sequences.ts';
 * import { getEnrolment } from './enrolment.ts';
 * declare const store: Store;
 * const enrolment = await getEnrolment(store, 'welcome', 'ana@example.com', defaultSequences);
 * console.log(enrolment?.status, enrolment?.next);
 */
export async function getEnrolment(
  store: Pick<Store, 'getRun' | 'getSteps'>,
  sequenceId: string,
  email: string,
  sequences?: readonly SequenceDefinition[],
  occurrence?: string,
): Promise<Enrolment | null> {
  const run = await store.getRun(enrolmentRunId(sequenceId, email, occurrence));
  if (!run || run.workflowId !== SEQUENCE_WORKFLOW_ID) return null;
  const steps = await store.getSteps(run.id);
  return describeEnrolment(
    run,
    steps,
    sequences?.find((candidate) => candidate.id === sequenceId),
  );
}

/**
 * Cancels an enrolment: its run is cancelled in the store, which also fences an attempt in flight (nothing more
 * is written or sent by it). Returns whether it was cancelled now (false when unknown or already finished) and the
 * enrolment as it stands.
 *
 * @example
 * import type { Store } from '../../../store/port.ts';
 * import { cancelEnrolment } from './enrolment.ts';
 * declare const store: Store;
 * const { cancelled } = await cancelEnrolment(store, 'cart-recovery', 'ana@example.com', Date.now());
 */
export async function cancelEnrolment(
  store: Pick<Store, 'getRun' | 'getSteps' | 'cancelRun'>,
  sequenceId: string,
  email: string,
  now: number,
  sequences?: readonly SequenceDefinition[],
  occurrence?: string,
): Promise<{ cancelled: boolean; enrolment: Enrolment | null }> {
  const id = enrolmentRunId(sequenceId, email, occurrence);
  const run = await store.getRun(id);
  const active = run !== null && run.workflowId === SEQUENCE_WORKFLOW_ID && isActive(run);
  const cancelled = active ? await store.cancelRun(id, now) : false;
  return { cancelled, enrolment: await getEnrolment(store, sequenceId, email, sequences, occurrence) };
}

function localeOf(data: Readonly<Record<string, unknown>> | null | undefined): Locale {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return resolveLocale({ locale: text(data?.['locale']), country: text(data?.['country']) });
}

function isActive(run: RunRecord): boolean {
  return run.status === 'queued' || run.status === 'running' || run.status === 'sleeping';
}

function describeEnrolment(
  run: RunRecord,
  steps: StepRecord[],
  sequence: SequenceDefinition | undefined,
): Enrolment {
  const input = EnrolmentRunInput.safeParse(run.input);
  const [, sequenceId = '', ...rest] = run.id.split(':');
  const email = input.success ? input.data.email : rest.join(':');
  const locale = input.success ? (input.data.locale as Locale) : 'en';
  const byId = new Map(steps.map((step) => [step.stepId, step]));
  const output = (run.output ?? {}) as { status?: unknown; reason?: unknown; step?: unknown };

  const sent = steps
    .filter((step) => step.stepId.startsWith('send-') && step.status === 'completed')
    .filter((step) => (step.output as { status?: unknown } | null)?.status === 'sent')
    .sort((a, b) => (a.finishedAt ?? a.startedAt) - (b.finishedAt ?? b.startedAt))
    .map((step) => ({
      stepId: step.stepId.slice('send-'.length),
      at: step.finishedAt ?? step.startedAt,
      messageId: ((step.output as { messageId?: unknown }).messageId as string | null | undefined) ?? null,
    }));

  let status: EnrolmentStatus;
  if (isActive(run)) status = 'active';
  else if (run.status === 'cancelled') status = 'cancelled';
  else if (run.status === 'dead') status = 'failed';
  else status = output.status === 'stopped' ? 'stopped' : 'completed';

  return {
    id: run.id,
    sequenceId: input.success ? input.data.sequenceId : sequenceId,
    email,
    occurrence: input.success ? (input.data.occurrence ?? null) : null,
    locale,
    status,
    stopReason: status === 'stopped' && typeof output.reason === 'string' ? output.reason : null,
    stoppedAt: status === 'stopped' && typeof output.step === 'string' ? output.step : null,
    enrolledAt: run.createdAt,
    finishedAt: status === 'active' ? null : (run.finishedAt ?? run.updatedAt),
    sent,
    next: status === 'active' ? nextStep(run, byId, sequence) : null,
    error: run.error ? run.error.message : null,
  };
}

function nextStep(
  run: RunRecord,
  byId: Map<string, StepRecord>,
  sequence: SequenceDefinition | undefined,
): Enrolment['next'] {
  if (!sequence) {
    // Without the definition only a stored sleep tells what comes next.
    const sleeping = [...byId.values()].find(
      (step) => step.status === 'sleeping' && step.stepId.startsWith('wait-'),
    );
    return sleeping ? { stepId: sleeping.stepId.slice('wait-'.length), at: sleeping.wakeAt } : null;
  }
  let previous = run.createdAt;
  for (const step of sequence.steps) {
    const send = byId.get(`send-${step.id}`);
    if (send?.status === 'completed') {
      previous = send.finishedAt ?? send.startedAt;
      continue;
    }
    // The stored wake time counts once the wait has begun; before that, it is the delay after the previous send.
    const wait = byId.get(`wait-${step.id}`);
    return { stepId: step.id, at: wait?.wakeAt ?? previous + step.delayMs };
  }
  return null;
}
