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
