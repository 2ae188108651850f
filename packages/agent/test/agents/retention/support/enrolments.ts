import {
  type Enrolment,
  enrolmentRunId,
  getEnrolment,
  SEQUENCE_WORKFLOW_ID,
} from '../../../../src/connectors/email/sequences/enrolment.ts';
import type { Store } from '../../../../src/store/port.ts';

// The retention agent enrols an address once per occurrence (a late charge's transaction, a cancellation), so its
// tests look enrolments up by address and sequence without knowing the occurrence the workflow chose.

/**
 * Every enrolment of an address in a sequence, whatever its occurrence, oldest first.
 *
 * @example
 * const [first, second] = await enrolmentsOf(world.store, 'dunning', 'ana@example.com');
 */
export async function enrolmentsOf(store: Store, sequenceId: string, email: string): Promise<Enrolment[]> {
  const base = enrolmentRunId(sequenceId, email);
  const runs = (await store.listRuns({ workflowId: SEQUENCE_WORKFLOW_ID, limit: 1_000 }))
    .filter((run) => run.id === base || run.id.startsWith(`${base}:`))
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const found: Enrolment[] = [];
  for (const run of runs) {
    const occurrence = (run.input as { occurrence?: string } | null)?.occurrence;
    const enrolment = await getEnrolment(store, sequenceId, email, undefined, occurrence);
    if (enrolment) found.push(enrolment);
  }
  return found;
}

/**
 * The one enrolment of an address in a sequence (null when there is none; an error when there are several).
 *
 * @example
 * const enrolment = await onlyEnrolment(world.store, 'win-back', 'ana@example.com');
 */
export async function onlyEnrolment(
  store: Store,
  sequenceId: string,
  email: string,
): Promise<Enrolment | null> {
  const all = await enrolmentsOf(store, sequenceId, email);
  if (all.length > 1) throw new Error(`${email} has ${all.length} enrolments in ${sequenceId}`);
  return all[0] ?? null;
}

/**
 * Waits until the address's newest enrolment in the sequence has sent `sent` e-mails and parked on its next wait.
 * Tests move the clock only then: the test clock drives the leases too, and a jump of days while a send is still in
 * flight would expire the attempt's lease under it (its e-mail goes out, its step is refused, and the run starts the
 * step again at the new time).
 *
 * @example
 * await servers.smtp.waitForMessages(1);
 * await parkedAfter(world.store, 'dunning', 'ana@example.com', 1);
 * world.advance(2 * DAY);
 */
export async function parkedAfter(
  store: Store,
  sequenceId: string,
  email: string,
  sent: number,
): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const enrolment = (await enrolmentsOf(store, sequenceId, email)).at(-1);
    const run = enrolment ? await store.getRun(enrolment.id) : null;
    if (enrolment && enrolment.sent.length >= sent && run?.status === 'sleeping') return;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${email}'s ${sequenceId} to send ${sent} and wait`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
