import fc from 'fast-check';
import { simpleParser } from 'mailparser';
// nodemailer is the sender the catcher stands in front of (the agent's e-mail connector); its composer builds the
// exact bytes it sends.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { type CaughtMessage, caughtMessageFrom } from '../src/smtp/caught-message.ts';
import { parsePlainMessage } from '../src/smtp/plain-message.ts';

// The fast parser must give mailparser's answer or none: every test compares the two on the same bytes.

type Mail = ConstructorParameters<typeof MailComposer>[0];

const meta = {
  id: 'msg-1',
  receivedAt: new Date('2026-06-01T12:00:00.000Z'),
  size: 0,
  envelope: { from: null, to: [] },
};

/** The bytes the catcher receives for a message: nodemailer's DATA stream sends CRLF line breaks and a final one. */
async function wire(mail: Mail): Promise<Buffer> {
  const composed = (await new MailComposer(mail).compile().build()).toString('latin1');
  const crlf = composed.replace(/(?<!\r)\n/g, '\r\n');
  return Buffer.from(crlf.endsWith('\n') ? crlf : `${crlf}\r\n`, 'latin1');
}

async function byMailparser(raw: Buffer): Promise<CaughtMessage | 'rejected'> {
  try {
    return caughtMessageFrom(await simpleParser(raw, { skipImageLinks: true }), {
      ...meta,
      size: raw.length,
    });
  } catch {
    return 'rejected';
  }
}

function byPlainParser(raw: Buffer): CaughtMessage | undefined {
  const fields = parsePlainMessage(raw);
  return fields && caughtMessageFrom(fields, { ...meta, size: raw.length });
}

const base: Mail = {
  from: 'Escola Demo <vendas@example.com>',
  to: 'ana@example.com, "Bruno, B." <bruno@example.com>',
  subject: 'Bem-vinda, Ana! Seu acesso está pronto',
  messageId: '<a1@hotpilot.example>',
  date: new Date('2026-06-01T11:59:00.000Z'),
  headers: {
    'List-Unsubscribe': '<https://hp.example.com/unsubscribe?t=abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
};

describe('parsePlainMessage', () => {
  it('reads what nodemailer sends as mailparser does: text alone, and text with HTML', async () => {
    const cases: Mail[] = [
      { ...base, text: 'Olá, Ana!\nSeu curso começa hoje.' },
      { ...base, text: 'Olá, Ana!\n', html: '<p>Olá, <strong>Ana</strong>!</p>' },
      {
        ...base,
        cc: 'copia@example.com',
        replyTo: 'Suporte <suporte@example.com>',
        text: 'plain ascii\n.dot\n',
      },
      {
        ...base,
        text: `${'long line '.repeat(40)}\n\nend`,
        html: `<p>${'x'.repeat(500)}</p>`,
        textEncoding: 'base64',
      },
      { ...base, from: '"Zé Ninguém" <ze@example.com>', subject: '日本語の件名 — émojis 🎉', text: '🎉 ok' },
      { ...base, subject: '', text: '' },
    ];
    for (const mail of cases) {
      const raw = await wire(mail);
      const plain = byPlainParser(raw);
      expect(plain, JSON.stringify(mail.subject)).toBeDefined();
      expect(plain).toEqual(await byMailparser(raw));
    }
    const [first] = await Promise.all([wire(cases[1] as Mail)]);
    expect(byPlainParser(first as Buffer)).toMatchObject({
      subject: 'Bem-vinda, Ana! Seu acesso está pronto',
      from: '"Escola Demo" <vendas@example.com>',
      to: ['ana@example.com', 'bruno@example.com'],
      text: 'Olá, Ana!\n',
      html: '<p>Olá, <strong>Ana</strong>!</p>',
      messageId: '<a1@hotpilot.example>',
      date: '2026-06-01T11:59:00.000Z',
      headers: { 'list-unsubscribe-post': 'List-Unsubscribe=One-Click' },
    });
  });

  it('leaves to mailparser what it does not copy: attachments, HTML alone, other charsets, 8-bit bytes', async () => {
    const declined: Buffer[] = [
      await wire({ ...base, text: 'x', attachments: [{ filename: 'a.pdf', content: Buffer.from('%PDF') }] }),
      await wire({ ...base, html: '<p>only html</p>' }),
      Buffer.from('Subject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nol\xe1\r\n', 'latin1'),
      Buffer.from('Subject: ol\xe1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nx\r\n', 'latin1'),
      Buffer.from('Subject: x\r\nDate: not a date\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nx\r\n'),
      Buffer.from('Subject: x\nContent-Type: text/plain; charset=utf-8\n\nbare line feeds\n'),
      Buffer.from('Subject: x\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\n\r\nx\r\n'),
    ];
    for (const raw of declined) {
      expect(parsePlainMessage(raw), raw.toString('latin1').slice(0, 60)).toBeUndefined();
      expect(await byMailparser(raw)).not.toBe('rejected');
    }
  });

  it('agrees with mailparser on generated messages', async () => {
    const runs = { total: 0, parsed: 0 };
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom(
          'a',
          'Z',
          ' ',
          '\t',
          '\n',
          '\r\n',
          '.',
          '=',
          '-',
          '_',
          '?',
          '"',
          '<',
          '>',
          'ç',
          'é',
          '€',
          '🎉',
          '日',
        ),
        fc.string({ maxLength: 90 }),
      ),
      maxLength: 40,
    });
    const name = fc.string({
      unit: fc.constantFrom('A', 'b', ' ', ',', '"', '\\', 'é', '=', '?', '(', ')'),
      maxLength: 12,
    });
    const address = fc.constantFrom('ana@example.com', 'b.c+tag@example.org', 'x@xn--bcher-kva.example');
    const person = fc.tuple(name, address).map(([n, a]) => (n.trim() === '' ? a : { name: n, address: a }));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          subject: text,
          from: person,
          to: fc.array(person, { minLength: 1, maxLength: 3 }),
          cc: fc.option(fc.array(person, { maxLength: 2 }), { nil: undefined }),
          replyTo: fc.option(person, { nil: undefined }),
          text,
          html: fc.option(text, { nil: undefined }),
          textEncoding: fc.option(fc.constantFrom('quoted-printable' as const, 'base64' as const), {
            nil: undefined,
          }),
        }),
        async (generated) => {
          const mail = Object.fromEntries(
            Object.entries(generated).filter(([, v]) => v !== undefined),
          ) as Mail;
          const raw = await wire({ ...base, ...mail });
          const plain = byPlainParser(raw);
          runs.total++;
          if (!plain) return;
          runs.parsed++;
          expect(plain).toEqual(await byMailparser(raw));
        },
      ),
      { numRuns: 300, seed: 20260601 },
    );
    // The comparison means something only if the fast path takes most of what nodemailer sends (HTML alone, which
    // nodemailer sends when the text is empty, is left to mailparser).
    expect(runs.parsed / runs.total).toBeGreaterThan(0.8);
  });

  it('gives mailparser’s answer or none on damaged messages', async () => {
    const runs = { total: 0, parsed: 0 };
    const seeds = await Promise.all([
      wire({ ...base, text: 'Olá, Ana!\nSeu curso começa hoje.', html: '<p>Olá</p>' }),
      wire({ ...base, text: 'plain\n', textEncoding: 'base64' }),
    ]);
    const edit = fc.record({
      seed: fc.nat({ max: seeds.length - 1 }),
      at: fc.nat(),
      cut: fc.nat({ max: 6 }),
      insert: fc.string({
        unit: fc.constantFrom(
          '\r\n',
          '\n',
          '\r',
          ' ',
          ':',
          '=',
          '?',
          '-',
          '--',
          'a',
          '\x00',
          '\r\n\r\n',
          '=?utf-8?B?',
          '"',
        ),
        maxLength: 4,
      }),
    });
    await fc.assert(
      fc.asyncProperty(edit, async ({ seed, at, cut, insert }) => {
        const source = (seeds[seed] as Buffer).toString('latin1');
        const where = at % source.length;
        const raw = Buffer.from(source.slice(0, where) + insert + source.slice(where + cut), 'latin1');
        const plain = byPlainParser(raw);
        runs.total++;
        if (!plain) return;
        runs.parsed++;
        expect(plain).toEqual(await byMailparser(raw));
      }),
      { numRuns: 400, seed: 20260602 },
    );
    expect(runs.parsed).toBeGreaterThan(50);
  });
});
