import { z } from 'zod';
import type { NewRun, Store } from '../../store/port.ts';

/**
 * The workflow that issues one certificate. Its runs are created by the two triggers that notice a completion —
 * the daily check of the members areas and `CLUB_MODULE_COMPLETED` — never by an event or a schedule directly.
 *
 * @example
 * import { CERTIFICATE_WORKFLOW_ID } from './certificate-request.ts';
 * console.log(CERTIFICATE_WORKFLOW_ID); // 'hr.certificate'
 */
export const CERTIFICATE_WORKFLOW_ID = 'hr.certificate';

/**
 * Retries of a certificate run (SMTP, Slack or Google outages are retried with backoff; then the run is dead and
 * can be replayed).
 *
 * @example
 * import { CERTIFICATE_RETRIES } from './certificate-request.ts';
 * const maxAttempts = CERTIFICATE_RETRIES + 1;
 */
export const CERTIFICATE_RETRIES = 8;

// Every certificate run appends to the one skills-matrix sheet: one at a time, as the sheet connector asks of the
// writers of a sheet (`google_sheets_append_unique`).
const CONCURRENCY_KEY = `${CERTIFICATE_WORKFLOW_ID}:skills-sheet`;

/**
 * A completion someone noticed, the input of a certificate run.
 *
 * @example
 * import { CertificateRequest } from './certificate-request.ts';
 * CertificateRequest.parse({
 *   connectionId: 'main', subdomain: 'curso-python', productId: '1308908', userId: 'n2OM623n46',
 *   email: 'ana@example.com', name: 'Ana Souza', locale: 'pt_BR', completedAt: 1_780_000_000_000, trigger: 'poll',
 * });
 */
export const CertificateRequest = z.strictObject({
  /** The Hotmart connection of the members area. */
  connectionId: z.string().min(1),
  subdomain: z.string().min(1),
  /** The course's Hotmart product, when the members area is linked to one. */
  productId: z.string().min(1).nullable(),
  userId: z.string().min(1),
  email: z.email(),
  name: z.string().min(1),
  /** The student's Hotmart locale (`pt_BR`, `es_CO`…); null when unknown. */
  locale: z.string().min(1).nullable(),
  completedAt: z.number().int().nonnegative(),
  /** What noticed the completion. */
  trigger: z.enum(['poll', 'event']),
});

/**
 * The parsed type of {@link CertificateRequest}.
 *
 * @example
 * import type { CertificateRequest } from './certificate-request.ts';
 * const who = (request: CertificateRequest) => `${request.name} <${request.email}>`;
 */
export type CertificateRequest = z.infer<typeof CertificateRequest>;

/**
 * The id of the one run that certifies a student's completion of a course:
 * `hr.certificate:<connection>:<subdomain>:<user id>`. Both triggers compute it, so whichever comes first creates
 * the run and the other finds it: one certificate per completion.
 *
 * @example
 * import { certificateRunId } from './certificate-request.ts';
 * certificateRunId({ connectionId: 'main', subdomain: 'curso-python', userId: 'n2OM623n46' });
 * // 'hr.certificate:main:curso-python:n2OM623n46'
 */
export function certificateRunId(of: { connectionId: string; subdomain: string; userId: string }): string {
  return `${CERTIFICATE_WORKFLOW_ID}:${of.connectionId}:${of.subdomain}:${of.userId}`;
}

/**
 * Creates the certificate runs of these completions; those that already have a run (issued, or being issued) are
 * left alone. Resolves with the ids of the runs created now. A request that doesn't fit
 * {@link CertificateRequest} is a `TypeError` naming its fields.
 *
 * @example
 * import type { Store } from '../../store/port.ts';
 * import { requestCertificates } from './certificate-request.ts';
 * declare const store: Store;
 * const created = await requestCertificates(store, [{
 *   connectionId: 'main', subdomain: 'curso-python', productId: '1308908', userId: 'n2OM623n46',
 *   email: 'ana@example.com', name: 'Ana Souza', locale: 'pt_BR', completedAt: 1_780_000_000_000, trigger: 'event',
 * }], Date.now());
 */
export async function requestCertificates(
  store: Pick<Store, 'createRuns'>,
  requests: readonly CertificateRequest[],
  now: number,
): Promise<string[]> {
  const runs: NewRun[] = requests.map((request, index) => {
    const parsed = CertificateRequest.safeParse(request);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
      throw new TypeError(`requestCertificates: request ${index} has invalid ${fields.join(', ')}`);
    }
    return {
      id: certificateRunId(parsed.data),
      workflowId: CERTIFICATE_WORKFLOW_ID,
      eventId: null,
      connectionId: parsed.data.connectionId,
      concurrencyKey: CONCURRENCY_KEY,
      input: parsed.data,
      maxAttempts: CERTIFICATE_RETRIES + 1,
      dueAt: now,
    };
  });
  return runs.length === 0 ? [] : store.createRuns(runs, now);
}
