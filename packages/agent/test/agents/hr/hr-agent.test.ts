import { randomUUID } from 'node:crypto';
import type { ClubStudent } from '@hotpilot/emulator';
import { describe, expect, it } from 'vitest';
import { certificateCode } from '../../../src/agents/hr/certificate-code.ts';
import { verifyCertificate } from '../../../src/agents/hr/certificate-record.ts';
import { hrAgent } from '../../../src/agents/hr/index.ts';
import { type AgentSettings, parseAgentSettings } from '../../../src/agents/settings.ts';
import { formatDate } from '../../../src/kit/i18n/format-date.ts';
import { resolveLocale } from '../../../src/kit/i18n/locale.ts';
import { syncConnection } from '../../../src/mirror/sync.ts';
import { emulatorClient } from '../../mirror/support.ts';
import {
  CERTIFICATE_SECRET,
  createWorld,
  cronRunId,
  DAY,
  SPREADSHEET,
  useAgentServers,
  type World,
} from '../support/world.ts';
import { readPdf } from './support/pdf-text.ts';

// The HR agent end to end: the emulator's members areas (students with known progress), the daily check and
// CLUB_MODULE_COMPLETED webhooks, certificates e-mailed through a real SMTP server, Slack and the skills sheet on
// the fakes.

const SP = 'America/Sao_Paulo';
/** "Productivity Masterclass for Creators" (seed 11): 12 members, one of whom finished the course. */
const PRODUCT = 1925400;
/** The daily check's first slot: 06:00 in São Paulo on the emulator's "now" (a Monday). */
const FIRST_CHECK = cronRunId('hr.progress-check', Date.parse('2026-06-01T09:00:00.000Z'));
const SECOND_CHECK = cronRunId('hr.progress-check', Date.parse('2026-06-02T09:00:00.000Z'));

const servers = useAgentServers({ seed: 11, sales: 400, rateLimit: false, resetEmulator: true });
let world: World | undefined;

function hrSettings(hr: Record<string, unknown> = {}): AgentSettings {
  return parseAgentSettings({
    sellerName: 'Escola Produtiva',
    hr: {
      enabled: true,
      emailConnectionId: 'smtp',
      productIds: [String(PRODUCT)],
      slackConnectionId: 'team',
      slackChannel: 'hr',
      googleSheetsConnectionId: 'sheets',
      skillsSheet: 'Skills',
      ...hr,
    },
  });
}

const account = () => servers.hotmart.account;
const subdomain = () => account().product(PRODUCT)?.club_subdomain as string;
const certificateRun = (userId: string) => `hr.certificate:main:${subdomain()}:${userId}`;

/** The pages a certificate needs, computed from the emulator's own records: published pages of regular modules. */
function requiredPages(productId: number): string[] {
  return account()
    .modules(productId)
    .filter((module) => !module.is_extra)
    .flatMap((module) => account().pages(module.module_id))
    .filter((page) => page.is_published)
    .map((page) => page.page_id);
}

function completion(student: ClubStudent): number | null {
  const pages = requiredPages(student.product_id);
  if (!pages.every((page) => student.completed.has(page))) return null;
  return Math.max(...pages.map((page) => student.completed.get(page) as number));
}

function completers(productId: number): { student: ClubStudent; completedAt: number }[] {
  return account()
    .students(productId)
    .filter((student) => student.role === 'STUDENT' || student.role === 'FREE_STUDENT')
    .flatMap((student) => {
      const completedAt = completion(student);
      return completedAt === null ? [] : [{ student, completedAt }];
    });
}

/** The one student of the course who finished it in the seeded account. */
function theCompleter(): { student: ClubStudent; completedAt: number } {
  const [first, ...others] = completers(PRODUCT);
  if (!first || others.length > 0) throw new Error('the seeded course should have exactly one completer');
  return first;
}

const localDate = (at: number) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: SP,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

function expectedCode(student: ClubStudent, completedAt: number): string {
  return certificateCode(CERTIFICATE_SECRET, {
    connectionId: 'main',
    courseId: String(PRODUCT),
    email: student.email.toLowerCase(),
    completedOn: localDate(completedAt),
  });
}

const mailTo = (email: string) =>
  servers.smtp.received.filter((mail) => mail.envelope.to.includes(email.toLowerCase()));
const slackTexts = () => servers.fakes.slack.state.messages('hr').map((message) => message.text);
const skillsRows = () => servers.fakes.google.state.spreadsheet(SPREADSHEET)?.sheetRows('Skills') ?? [];

/** A CLUB_MODULE_COMPLETED change for a module the student already has (what a resend of Hotmart's looks like). */
function moduleEvent(student: ClubStudent) {
  const module = account()
    .modules(student.product_id)
    .find((candidate) => !candidate.is_extra);
  return {
    event: 'CLUB_MODULE_COMPLETED' as const,
    user_id: student.user_id,
    product_id: student.product_id,
    module_id: module?.module_id as string,
  };
}

/** Completes modules of a student through the emulator, delivering each CLUB_MODULE_COMPLETED, until done. */
async function finishCourse(on: World, student: ClubStudent): Promise<string[]> {
  const eventIds: string[] = [];
  while (completion(account().student(student.user_id) as ClubStudent) === null) {
    const change = servers.hotmart.scenarios.trigger({
      event: 'CLUB_MODULE_COMPLETED',
      user_id: student.user_id,
    });
    const { eventId } = await on.trigger(change);
    eventIds.push(eventId);
    await on.run(`hr.module-completed:${eventId}`);
  }
  return eventIds;
}

describe('HR agent: the daily check', () => {
  it('certifies the students who finished a course: PDF by e-mail, Slack, skills matrix, verifiable code', async () => {
    expect(completers(PRODUCT)).toHaveLength(1);
    const { student, completedAt } = theCompleter();
    world = await createWorld(servers, { agent: hrAgent, clubs: true, settings: hrSettings() });

    const check = await world.run(FIRST_CHECK);
    expect(check.status).toBe('completed');
    expect(check.output).toMatchObject({
      connectionId: 'main',
      requested: 1,
      clubs: [{ subdomain: subdomain(), requested: [certificateRun(student.user_id)] }],
    });
    // Only the course of hr.productIds was read: no other members area was asked about.
    const clubCalls = servers.hotmart.emulator.requests
      .list()
      .filter((request) => request.path === '/club/api/v1/users')
      .map((request) => request.query['subdomain']);
    expect(new Set(clubCalls)).toEqual(new Set([subdomain()]));

    const run = await world.run(certificateRun(student.user_id));
    expect(run.status).toBe('completed');
    const code = expectedCode(student, completedAt);
    const course = account().product(PRODUCT)?.name as string;
    expect(run.output).toMatchObject({
      code,
      email: student.email.toLowerCase(),
      courseName: course,
      completedOn: localDate(completedAt),
      emailStatus: 'sent',
      appended: 1,
    });
    expect(run.input).toMatchObject({ trigger: 'poll', userId: student.user_id, completedAt });

    // The e-mail: the certificate template in the student's language, with the PDF attached.
    const locale = resolveLocale(student.locale, 'pt-BR');
    const [mail, ...others] = mailTo(student.email);
    expect(others).toEqual([]);
    expect(mail?.parsed.headers.get('content-language')).toBe(locale);
    expect(mail?.parsed.subject).toContain(course);
    const [attachment, ...more] = mail?.parsed.attachments ?? [];
    expect(more).toEqual([]);
    expect(attachment?.contentType).toBe('application/pdf');
    expect(attachment?.filename).toMatch(new RegExp(`-${code}\\.pdf$`));
    const pdf = await readPdf(new Uint8Array(attachment?.content as Buffer));
    expect(pdf.pages).toHaveLength(1);
    expect(pdf.pages[0]?.lines).toEqual(
      expect.arrayContaining([
        student.name,
        course,
        code,
        'Escola Produtiva',
        expect.stringContaining(formatDate(completedAt, locale, SP, 'long')),
      ]),
    );

    // The team hears of it (in the seller's language) and the skills matrix gets one row.
    const date = formatDate(completedAt, 'pt-BR', SP, 'medium');
    expect(slackTexts()).toEqual([
      `:mortar_board: ${student.name} concluiu ${course} em ${date}. Certificado ${code} enviado para ${student.email.toLowerCase()}.`,
    ]);
    expect(skillsRows()).toEqual([
      ['Chave', 'E-mail', 'Nome', 'Curso', 'Concluído em', 'Código do certificado'],
      [
        `${student.email.toLowerCase()}|${PRODUCT}`,
        student.email.toLowerCase(),
        student.name,
        course,
        date,
        code,
      ],
    ]);

    // The code on the certificate checks out against the issued record.
    const verified = await verifyCertificate(code.toLowerCase(), {
      store: world.store,
      secret: CERTIFICATE_SECRET,
    });
    expect(verified).toMatchObject({
      name: student.name,
      courseName: course,
      completedOn: localDate(completedAt),
    });
    expect(
      await verifyCertificate(code, { store: world.store, secret: 'another-secret-0123456789' }),
    ).toBeNull();
  });

  it('issues nothing twice: a second check and a late module event for a certified student change nothing', async () => {
    const { student } = theCompleter();
    world = await createWorld(servers, { agent: hrAgent, clubs: true, settings: hrSettings() });
    await world.run(FIRST_CHECK);
    await world.run(certificateRun(student.user_id));

    world.advance(DAY);
    const second = await world.run(SECOND_CHECK);
    expect(second.output).toMatchObject({ skipped: 'no new course completions', requested: 0 });

    // Hotmart reports a module the student finished long ago (a resend): already certified.
    const module = account()
      .modules(PRODUCT)
      .find((candidate) => !candidate.is_extra);
    const { eventId } = await world.trigger({
      event: 'CLUB_MODULE_COMPLETED',
      user_id: student.user_id,
      product_id: PRODUCT,
      module_id: module?.module_id as string,
    });
    const late = await world.run(`hr.module-completed:${eventId}`);
    expect(late.output).toMatchObject({
      skipped: 'already certified',
      alreadyCertified: [certificateRun(student.user_id)],
    });
    expect(mailTo(student.email)).toHaveLength(1);
    expect(slackTexts()).toHaveLength(1);
    expect(skillsRows()).toHaveLength(2);
  });
});

describe('HR agent: CLUB_MODULE_COMPLETED', () => {
  it('certifies the module that finishes the course, once, whichever trigger comes next', async () => {
    const certified = new Set(completers(PRODUCT).map(({ student }) => student.user_id));
    const student = account()
      .students(PRODUCT)
      .find((candidate) => candidate.role === 'STUDENT' && !certified.has(candidate.user_id)) as ClubStudent;
    world = await createWorld(servers, { agent: hrAgent, clubs: true, settings: hrSettings() });
    await world.run(FIRST_CHECK);
    await world.run(certificateRun([...certified][0] as string));
    const before = servers.smtp.received.length;

    const events = await finishCourse(world, student);
    expect(events.length).toBeGreaterThan(0);
    // Every module but the last left the course unfinished.
    for (const eventId of events.slice(0, -1)) {
      expect((await world.store.getRun(`hr.module-completed:${eventId}`))?.output).toMatchObject({
        skipped: 'course not completed yet',
      });
    }
    const last = await world.store.getRun(`hr.module-completed:${events.at(-1)}`);
    expect(last?.output).toMatchObject({
      requested: [certificateRun(student.user_id)],
      alreadyCertified: [],
    });
    const run = await world.run(certificateRun(student.user_id));
    const completedAt = completion(account().student(student.user_id) as ClubStudent) as number;
    expect(run.input).toMatchObject({ trigger: 'event', completedAt });
    expect(run.output).toMatchObject({ code: expectedCode(student, completedAt), emailStatus: 'sent' });

    // The same completion reported again under another event id, and the next daily check: no second certificate.
    const resend = {
      ...(
        await world.trigger({
          event: 'CLUB_MODULE_COMPLETED',
          user_id: student.user_id,
          product_id: PRODUCT,
          module_id: account().modules(PRODUCT)[0]?.module_id as string,
        })
      ).payload,
      id: randomUUID(),
    };
    const { eventId } = await world.deliver(resend);
    expect((await world.run(`hr.module-completed:${eventId}`)).output).toMatchObject({
      skipped: 'already certified',
    });
    world.advance(DAY);
    expect((await world.run(SECOND_CHECK)).output).toMatchObject({ skipped: 'no new course completions' });

    expect(servers.smtp.received.length - before).toBe(1);
    expect(mailTo(student.email)).toHaveLength(1);
    const pdf = await readPdf(
      new Uint8Array(mailTo(student.email)[0]?.parsed.attachments[0]?.content as Buffer),
    );
    expect(pdf.pages[0]?.lines).toContain(student.name);
    expect(slackTexts().filter((text) => text.includes(student.name))).toHaveLength(1);
    expect(skillsRows().map((row) => row[0])).toContain(`${student.email.toLowerCase()}|${PRODUCT}`);
    expect(skillsRows()).toHaveLength(3);
  });

  it('asks the mirror first: only the module that finishes the course costs Hotmart calls', async () => {
    const certified = new Set(completers(PRODUCT).map(({ student }) => student.user_id));
    const student = account()
      .students(PRODUCT)
      .find((candidate) => candidate.role === 'STUDENT' && !certified.has(candidate.user_id)) as ClubStudent;
    const subdomain = account().product(PRODUCT)?.club_subdomain as string;
    world = await createWorld(servers, {
      agent: hrAgent,
      clubs: true,
      settings: hrSettings(),
      // The members area in the mirror: students, modules, pages and each student's finished lessons.
      prepare: async (store) => {
        await syncConnection({
          store,
          connection: { id: 'main' },
          client: emulatorClient(servers.hotmart),
          resources: ['club'],
          clubs: [{ subdomain, productId: String(PRODUCT) }],
        });
      },
    });
    // The daily check's first slot runs at once; it reads the API on its own.
    await world.run(FIRST_CHECK);
    const clubCalls = () =>
      servers.hotmart.emulator.requests.list().filter((request) => request.path.startsWith('/club/')).length;
    const before = clubCalls();
    const events = await finishCourse(world, student);
    expect(events.length).toBeGreaterThan(1);
    for (const eventId of events.slice(0, -1)) {
      expect((await world.store.getRun(`hr.module-completed:${eventId}`))?.output).toMatchObject({
        skipped: 'course not completed yet',
        notCompletedPerMirror: [subdomain],
      });
    }
    // The last module: one read of the student's lessons confirms it, and the certificate run is requested.
    expect(clubCalls() - before).toBe(1);
    expect((await world.store.getRun(`hr.module-completed:${events.at(-1)}`))?.output).toMatchObject({
      requested: [certificateRun(student.user_id)],
    });
    const run = await world.run(certificateRun(student.user_id));
    expect(run.output).toMatchObject({ emailStatus: 'sent' });
  });

  it('leaves courses outside hr.productIds and members areas the mirror doesn’t know alone', async () => {
    world = await createWorld(servers, {
      agent: hrAgent,
      settings: hrSettings({ productIds: [] }),
    });
    const check = await world.run(FIRST_CHECK);
    expect(check.output).toMatchObject({ skipped: 'no new course completions', clubs: [] });
    const other = account()
      .clubProducts()
      .find((product) => product.id !== PRODUCT)?.id as number;
    const student = account()
      .students(other)
      .find((candidate) => candidate.role === 'STUDENT') as ClubStudent;
    const { eventId } = await world.trigger(moduleEvent(student));
    expect((await world.run(`hr.module-completed:${eventId}`)).output).toMatchObject({
      skipped: 'members area unknown: sync the mirror’s members areas',
      productId: String(other),
    });
    await world.close();

    world = await createWorld(servers, { agent: hrAgent, clubs: true, settings: hrSettings() });
    await world.run(FIRST_CHECK);
    const outside = await world.trigger(moduleEvent(student));
    expect((await world.run(`hr.module-completed:${outside.eventId}`)).output).toMatchObject({
      skipped: 'course not in hr.productIds',
    });
  });
});

describe('HR agent: failures', () => {
  it('retries a refused e-mail without sending, posting or appending twice', async () => {
    const { student } = theCompleter();
    servers.smtp.fail({ code: 451, message: '4.3.0 Try again later', times: 1 });
    world = await createWorld(servers, { agent: hrAgent, clubs: true, settings: hrSettings() });
    const run = await world.run(certificateRun(student.user_id));
    expect(run.status).toBe('completed');
    expect(run.attempt).toBe(1);
    expect(mailTo(student.email)).toHaveLength(1);
    expect(slackTexts()).toHaveLength(1);
    expect(skillsRows()).toHaveLength(2);
  });

  it('stops a certificate for good when no certificate secret is configured', async () => {
    const { student } = theCompleter();
    world = await createWorld(servers, {
      agent: hrAgent,
      clubs: true,
      settings: hrSettings(),
      services: { certificateSecret: undefined },
    });
    const run = await world.run(certificateRun(student.user_id));
    expect(run.status).toBe('dead');
    expect(run.error).toMatchObject({ code: 'CERTIFICATE_SECRET_MISSING' });
    expect(run.error?.message).not.toContain(CERTIFICATE_SECRET);
    expect(mailTo(student.email)).toEqual([]);
  });

  it('does nothing while the agent is off', async () => {
    world = await createWorld(servers, {
      agent: hrAgent,
      clubs: true,
      settings: hrSettings({ enabled: false }),
    });
    expect((await world.run(FIRST_CHECK)).output).toEqual({ skipped: 'agent disabled' });
    expect(servers.hotmart.emulator.requests.list().filter((r) => r.path.startsWith('/club/'))).toEqual([]);
  });
});
