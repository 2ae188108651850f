import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  type CertificateClaim,
  certificateCode,
  certificateSecretOf,
  normalizeCertificateCode,
} from '../../../src/agents/hr/certificate-code.ts';
import { renderCertificatePdf } from '../../../src/agents/hr/certificate-pdf.ts';
import {
  type CertificateRecord,
  certificateStateKey,
  verifyCertificate,
} from '../../../src/agents/hr/certificate-record.ts';
import {
  type CertificateRequest,
  certificateRunId,
  requestCertificates,
} from '../../../src/agents/hr/certificate-request.ts';
import { courseCompletion } from '../../../src/agents/hr/course-completion.ts';
import { hrAgent } from '../../../src/agents/hr/index.ts';
import { sameProductId } from '../../../src/agents/hr/product-id.ts';
import { learnerOf } from '../../../src/agents/hr/student-completion.ts';
import { toWinAnsiText } from '../../../src/agents/hr/win-ansi-text.ts';
import { parseAgentSettings } from '../../../src/agents/settings.ts';
import { NonRetriableError } from '../../../src/engine/errors.ts';
import { Secret } from '../../../src/kit/secret.ts';
import type { NewRun } from '../../../src/store/port.ts';
import { readPdf } from './support/pdf-text.ts';

const SECRET = 'unit-certificate-secret-0123456789';
const CLAIM: CertificateClaim = {
  connectionId: 'main',
  courseId: '1925400',
  email: 'ana@example.com',
  completedOn: '2026-05-30',
};
const CODE_SHAPE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

describe('certificateCode', () => {
  it('is a short Crockford code, the same for the same claim and different when any field changes', () => {
    const code = certificateCode(SECRET, CLAIM);
    expect(code).toMatch(CODE_SHAPE);
    expect(certificateCode(SECRET, { ...CLAIM })).toBe(code);
    expect(certificateCode(new Secret(SECRET), CLAIM)).toBe(code);
    expect(certificateCode(Buffer.from(SECRET), CLAIM)).toBe(code);
    // The e-mail is compared case-insensitively: Hotmart spells it both ways.
    expect(certificateCode(SECRET, { ...CLAIM, email: ' Ana@Example.COM ' })).toBe(code);
    const variants = [
      certificateCode(SECRET, { ...CLAIM, connectionId: 'other' }),
      certificateCode(SECRET, { ...CLAIM, courseId: '1925401' }),
      certificateCode(SECRET, { ...CLAIM, email: 'bia@example.com' }),
      certificateCode(SECRET, { ...CLAIM, completedOn: '2026-05-31' }),
      certificateCode(`${SECRET}!`, CLAIM),
    ];
    expect(new Set([code, ...variants]).size).toBe(6);
  });

  it('refuses a short secret and an incomplete claim', () => {
    expect(() => certificateCode('short', CLAIM)).toThrow(/at least 16 bytes/);
    expect(() => certificateCode(SECRET, { ...CLAIM, email: '' })).toThrow(/email must be a non-empty/);
    expect(() => certificateCode(SECRET, { ...CLAIM, completedOn: '30/05/2026' })).toThrow(/YYYY-MM-DD/);
  });

  it('reads codes as people type them', () => {
    const code = certificateCode(SECRET, CLAIM);
    expect(normalizeCertificateCode(code.toLowerCase().replaceAll('-', ' '))).toBe(code);
    expect(normalizeCertificateCode('o1l1-0000-0000')).toBe('0111-0000-0000');
    expect(normalizeCertificateCode('ABCD-EFGH-JKM')).toBeNull();
    expect(normalizeCertificateCode('ABCD-EFGH-JKMU')).toBeNull();
    expect(normalizeCertificateCode('x'.repeat(100))).toBeNull();
  });

  it('takes the secret from the services and explains when it is missing, without printing it', () => {
    expect(certificateSecretOf({ certificateSecret: SECRET })).toBe(SECRET);
    const wrapped = new Secret(SECRET);
    expect(certificateSecretOf({ certificateSecret: wrapped })).toBe(wrapped);
    for (const services of [{}, { certificateSecret: 'short-secret' }, { certificateSecret: 42 }]) {
      let error: unknown;
      try {
        certificateSecretOf(services);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(NonRetriableError);
      expect((error as NonRetriableError).code).toBe('CERTIFICATE_SECRET_MISSING');
      expect((error as Error).message).not.toContain('short-secret');
    }
  });
});

describe('verifyCertificate', () => {
  const code = certificateCode(SECRET, CLAIM);
  const record: CertificateRecord = {
    code,
    ...CLAIM,
    courseName: 'Productivity Masterclass',
    subdomain: 'productivity',
    userId: 'u1',
    name: 'Ana Souza',
    issuedAt: 1,
    runId: 'hr.certificate:main:productivity:u1',
  };
  const storeWith = (value: unknown) => ({
    getState: async <T>(key: string) => (key === certificateStateKey(code) ? (value as T) : null),
  });

  it('finds the certificate of a code however it is typed', async () => {
    const store = storeWith(record);
    expect(await verifyCertificate(code.toLowerCase(), { store, secret: SECRET })).toEqual(record);
    expect(await verifyCertificate(code.replaceAll('-', ''), { store, secret: SECRET })).toEqual(record);
  });

  it('refuses unknown, malformed and forged codes', async () => {
    expect(await verifyCertificate(code, { store: storeWith(null), secret: SECRET })).toBeNull();
    expect(await verifyCertificate('not-a-code', { store: storeWith(record), secret: SECRET })).toBeNull();
    // A record whose claim doesn't give its code (edited, or signed with another key).
    const edited = { ...record, email: 'mallory@example.com' };
    expect(await verifyCertificate(code, { store: storeWith(edited), secret: SECRET })).toBeNull();
    expect(await verifyCertificate(code, { store: storeWith(record), secret: `${SECRET}x` })).toBeNull();
    expect(await verifyCertificate(code, { store: storeWith({ code }), secret: SECRET })).toBeNull();
  });

  it('keys records by the canonical code', () => {
    expect(certificateStateKey(code.toLowerCase())).toBe(`hr:certificate:${code}`);
    expect(() => certificateStateKey('nope')).toThrow(TypeError);
  });
});

describe('toWinAnsiText', () => {
  it('keeps what a standard font can draw and replaces the rest', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const charset = new Set(font.getCharacterSet());
    expect(toWinAnsiText('João Conceição Núñez — ¿Ação? “sí”', charset)).toBe(
      'João Conceição Núñez — ¿Ação? “sí”',
    );
    expect(toWinAnsiText('Győri Ștefan', charset)).toBe('Gyori Stefan');
    expect(toWinAnsiText('李 ✓', charset)).toBe('? ?');
    expect(toWinAnsiText('a\nb\u2011c', charset)).toBe('a b-c');
    // Decomposed input (NFD) is composed first, so the accent survives.
    expect(toWinAnsiText('Jose\u0301', charset)).toBe('José');
  });
});

describe('renderCertificatePdf', () => {
  const content = {
    studentName: 'Ana Conceição Núñez',
    courseName: 'Curso de Programação Python',
    completedAt: Date.parse('2026-05-30T15:00:00.000Z'),
    locale: 'pt-BR' as const,
    timeZone: 'America/Sao_Paulo',
    code: '7K2M-Q9XD-4HTB',
    issuerName: 'Escola da Ana',
  };

  it('draws one A4 landscape page with the name, the course, the date in the locale and the code', async () => {
    const pdf = await renderCertificatePdf(content);
    const reading = await readPdf(pdf);
    expect(reading.pages).toHaveLength(1);
    const [page] = reading.pages;
    expect([Math.round(page!.width), Math.round(page!.height)]).toEqual([842, 595]);
    expect(page!.lines).toEqual(
      expect.arrayContaining([
        'CERTIFICADO DE CONCLUSÃO',
        'Certificamos que',
        'Ana Conceição Núñez',
        'concluiu o curso',
        'Curso de Programação Python',
        'em 30 de maio de 2026',
        'Escola da Ana',
        'Código de verificação',
        '7K2M-Q9XD-4HTB',
      ]),
    );
    expect(reading.document.getTitle()).toBe('Certificado de Conclusão — Ana Conceição Núñez');
    expect(reading.document.getKeywords()).toBe('7K2M-Q9XD-4HTB');
  });

  it('writes Spanish and English certificates, and leaves the signature out without an issuer', async () => {
    const es = await readPdf(await renderCertificatePdf({ ...content, locale: 'es', issuerName: null }));
    expect(es.pages[0]!.lines).toEqual(
      expect.arrayContaining(['CERTIFICADO DE FINALIZACIÓN', 'completó el curso', 'el 30 de mayo de 2026']),
    );
    expect(es.pages[0]!.lines).not.toContain('Emitido por');
    const en = await readPdf(await renderCertificatePdf({ ...content, locale: 'en', timeZone: 'UTC' }));
    expect(en.pages[0]!.lines).toEqual(
      expect.arrayContaining(['CERTIFICATE OF COMPLETION', 'has completed the course', 'on May 30, 2026']),
    );
  });

  it('is deterministic, so a retried step attaches the same file', async () => {
    const first = Buffer.from(await renderCertificatePdf(content));
    const second = Buffer.from(await renderCertificatePdf(content));
    expect(first.equals(second)).toBe(true);
  });

  it('fits long names, replaces characters the font lacks and refuses empty texts', async () => {
    const long =
      'Maria da Conceição Aparecida dos Santos Oliveira Pereira de Albuquerque Cavalcanti Győri 李';
    const reading = await readPdf(await renderCertificatePdf({ ...content, studentName: long }));
    const drawn = reading.pages[0]!.lines.join(' ');
    expect(drawn).toContain('Maria da Conceição Aparecida dos Santos');
    expect(drawn).toContain('Gyori ?');
    await expect(renderCertificatePdf({ ...content, studentName: '  ' })).rejects.toThrow(/studentName/);
    await expect(renderCertificatePdf({ ...content, code: '' })).rejects.toThrow(/code/);
  });
});

describe('courseCompletion', () => {
  const lesson = (id: string, done: number | null, extra = false) => ({
    page_id: id,
    is_module_extra: extra,
    is_completed: done !== null,
    ...(done === null ? {} : { completed_date: done }),
  });

  it('counts published lessons of regular modules and dates the completion by the last lesson', () => {
    const result = courseCompletion(
      [lesson('a', 10), lesson('b', 30), lesson('c', 20), lesson('x', null, true)],
      {
        minPercentage: 100,
      },
    );
    expect(result).toEqual({ complete: true, required: 3, completed: 3, percentage: 100, completedAt: 30 });
  });

  it('applies a lower threshold and dates it by the lesson that reached it', () => {
    const lessons = [lesson('a', 10), lesson('b', 40), lesson('c', 20), lesson('d', null)];
    expect(courseCompletion(lessons, { minPercentage: 75 })).toEqual({
      complete: true,
      required: 4,
      completed: 3,
      percentage: 75,
      completedAt: 40,
    });
    expect(courseCompletion(lessons, { minPercentage: 50 }).completedAt).toBe(20);
    expect(courseCompletion(lessons, { minPercentage: 100 })).toEqual({
      complete: false,
      required: 4,
      completed: 3,
      percentage: 75,
      completedAt: null,
    });
  });

  it('never completes an empty course, counts a repeated page once and tolerates missing dates', () => {
    expect(courseCompletion([lesson('x', 1, true)], { minPercentage: 100 }).complete).toBe(false);
    expect(courseCompletion([lesson('a', 5), lesson('a', 5)], { minPercentage: 100 }).required).toBe(1);
    const undated = courseCompletion([{ page_id: 'a', is_completed: true }], { minPercentage: 100 });
    expect(undated).toMatchObject({ complete: true, completedAt: null });
    expect(() => courseCompletion([], { minPercentage: 0 })).toThrow(RangeError);
    expect(() => courseCompletion([], { minPercentage: 101 })).toThrow(RangeError);
  });
});

describe('the HR agent’s pieces', () => {
  it('reads learners from students items', () => {
    expect(
      learnerOf({ user_id: 'u1', email: ' Ana@Example.com', name: 'Ana', role: 'STUDENT', locale: 'es_CO' }),
    ).toEqual({
      userId: 'u1',
      email: 'ana@example.com',
      name: 'Ana',
      locale: 'es_CO',
    });
    expect(learnerOf({ user_id: 'u2', email: 'bia@example.com', role: 'FREE_STUDENT' })?.name).toBe(
      'bia@example.com',
    );
    expect(learnerOf({ user_id: 'u0', email: 'owner@example.com', role: 'OWNER' })).toBeNull();
    expect(learnerOf({ user_id: 'u3', role: 'STUDENT' })).toBeNull();
    expect(learnerOf({ email: 'x@example.com', role: 'STUDENT' })).toBeNull();
  });

  it('compares product ids as Hotmart spells them', () => {
    expect(sameProductId('0001925400', 1925400)).toBe(true);
    expect(sameProductId('00000', '0')).toBe(true);
    expect(sameProductId('1925400', '1925401')).toBe(false);
  });

  it('defines three workflows prefixed hr., the daily check on the schedule in the settings’ time zone', () => {
    const settings = parseAgentSettings({ timeZone: 'America/Mexico_City', hr: { enabled: true } });
    const workflows = hrAgent.workflows({
      ...settings,
      hr: { ...settings.hr, schedule: '30 5 * * *' } as never,
    });
    expect(workflows.map((workflow) => workflow.id)).toEqual([
      'hr.progress-check',
      'hr.module-completed',
      'hr.certificate',
    ]);
    expect(workflows[0]?.cron).toEqual({ pattern: '30 5 * * *', timeZone: 'America/Mexico_City' });
    expect(workflows[1]?.events).toEqual(['CLUB_MODULE_COMPLETED']);
    expect(workflows[2]).toMatchObject({ events: [], cron: null });
    expect(hrAgent.needs).toEqual(['hotmart', 'email', 'slack', 'google-sheets']);
  });

  it('creates one certificate run per completion and refuses a malformed request', async () => {
    const created: NewRun[] = [];
    const store = {
      async createRuns(runs: NewRun[]) {
        const fresh = runs.filter((run) => !created.some((known) => known.id === run.id));
        created.push(...fresh);
        return fresh.map((run) => run.id);
      },
    };
    const request: CertificateRequest = {
      connectionId: 'main',
      subdomain: 'curso',
      productId: '1',
      userId: 'u1',
      email: 'ana@example.com',
      name: 'Ana',
      locale: null,
      completedAt: 5,
      trigger: 'poll',
    };
    const id = certificateRunId(request);
    expect(id).toBe('hr.certificate:main:curso:u1');
    expect(await requestCertificates(store, [request], 100)).toEqual([id]);
    expect(await requestCertificates(store, [{ ...request, trigger: 'event' }], 200)).toEqual([]);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      workflowId: 'hr.certificate',
      connectionId: 'main',
      concurrencyKey: 'hr.certificate:skills-sheet',
      input: request,
      maxAttempts: 9,
      dueAt: 100,
    });
    expect(await requestCertificates(store, [], 1)).toEqual([]);
    await expect(requestCertificates(store, [{ ...request, email: 'nope' }], 1)).rejects.toThrow(
      /request 0 has invalid email/,
    );
  });
});
