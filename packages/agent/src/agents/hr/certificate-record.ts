import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Store } from '../../store/port.ts';
import { type CertificateSecret, certificateCode, normalizeCertificateCode } from './certificate-code.ts';

/**
 * An issued certificate as the HR agent keeps it (state KV `hr:certificate:<code>`), so a code read from a
 * certificate can be checked later.
 *
 * @example
 * import { CertificateRecord } from './certificate-record.ts';
 * CertificateRecord.shape.code.parse('7K2M-Q9XD-4HTB');
 */
export const CertificateRecord = z.strictObject({
  code: z.string(),
  connectionId: z.string(),
  courseId: z.string(),
  courseName: z.string(),
  subdomain: z.string(),
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  /** The completion date on the certificate, `YYYY-MM-DD` in the seller's time zone. */
  completedOn: z.string(),
  issuedAt: z.number(),
  /** The run that issued it. */
  runId: z.string(),
});

/**
 * The parsed type of {@link CertificateRecord}.
 *
 * @example
 * import type { CertificateRecord } from './certificate-record.ts';
 * const line = (c: CertificateRecord) => `${c.name} — ${c.courseName} (${c.completedOn})`;
 */
export type CertificateRecord = z.infer<typeof CertificateRecord>;

/**
 * The state KV key a certificate is kept under: `hr:certificate:<code>` (canonical code).
 *
 * @example
 * import { certificateStateKey } from './certificate-record.ts';
 * certificateStateKey('7K2M-Q9XD-4HTB'); // 'hr:certificate:7K2M-Q9XD-4HTB'
 */
export function certificateStateKey(code: string): string {
  const canonical = normalizeCertificateCode(code);
  if (canonical === null) throw new TypeError('certificateStateKey: not a certificate code');
  return `hr:certificate:${canonical}`;
}

/**
 * Checks a verification code someone read from a certificate: the certificate issued under that code, or null when
 * none was — the code is malformed, unknown, or its record doesn't match the code any more (a record edited by
 * hand, or a secret that changed). The code is recomputed from the record's claim with the secret and compared in
 * constant time.
 *
 * @example
 * import type { Store } from '../../store/port.ts';
 * import { verifyCertificate } from './certificate-record.ts';
 * declare const store: Store;
 * const certificate = await verifyCertificate('7k2m-q9xd-4htb', { store, secret: 'a long random value from the environment' });
 * console.log(certificate ? `${certificate.name} completed ${certificate.courseName}` : 'not issued by us');
 */
export async function verifyCertificate(
  code: string,
  options: { store: Pick<Store, 'getState'>; secret: CertificateSecret },
): Promise<CertificateRecord | null> {
  const canonical = normalizeCertificateCode(code);
  if (canonical === null) return null;
  const parsed = CertificateRecord.safeParse(await options.store.getState(certificateStateKey(canonical)));
  if (!parsed.success) return null;
  const record = parsed.data;
  const expected = certificateCode(options.secret, {
    connectionId: record.connectionId,
    courseId: record.courseId,
    email: record.email,
    completedOn: record.completedOn,
  });
  const same = timingSafeEqual(Buffer.from(expected, 'utf8'), Buffer.from(canonical, 'utf8'));
  return same ? record : null;
}
