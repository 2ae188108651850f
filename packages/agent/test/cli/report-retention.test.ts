import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFactories, TEST_POSTGRES_URL, TEST_SECRET_KEY, type TestStore } from '../store/stores.ts';
import { hotpilot, hotpilotInProcess, removeTempDirs, tempDir } from './cli-harness.ts';
import { RETENTION_FROM, RETENTION_TO, RETENTION_ZONE, seedRetention } from './retention-seed.ts';

// `hotpilot report retention`: recovered MRR (the retention agent's audit records), churned MRR (the mirror's MRR
// ledger) and the churn-form reasons, over a period in the seller's time zone, on SQLite and PostgreSQL.

const NBSP = '\u00a0';
const PERIOD = ['--from', RETENTION_FROM, '--to', RETENTION_TO, '--time-zone', RETENTION_ZONE];

/** A table line's cells (columns are two or more spaces apart; money keeps its no-break space). */
const cells = (line: string | undefined) => (line ?? '').split(/ {2,}/);

afterAll(() => {
  removeTempDirs();
});

describe.each(storeFactories)('hotpilot report retention ($name)', (factory) => {
  let t: TestStore;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await factory.create();
    await seedRetention(t.store);
    const databaseUrl =
      t.name === 'sqlite' ? `sqlite:${t.location}` : `${TEST_POSTGRES_URL}?schema=${t.location}`;
    env = {
      HOTPILOT_DATA_DIR: tempDir(),
      HOTPILOT_ENCRYPTION_KEY: TEST_SECRET_KEY.toString('hex'),
      HOTPILOT_DATABASE_URL: databaseUrl,
    };
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('prints recovered and churned MRR per currency and why subscribers cancelled, in Portuguese', async () => {
    const result = await hotpilotInProcess(['report', 'retention', ...PERIOD], {
      ...env,
      HOTPILOT_LOCALE: 'pt-BR',
    });
    expect([result.code, result.stderr]).toEqual([0, '']);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Retenção de 01/05/2026 a 31/05/2026 (America/Sao_Paulo)');
    expect(lines.slice(1, 4).map(cells)).toEqual([
      ['MOEDA', 'MRR RECUPERADO', 'COBRANÇAS', 'PAGO', 'MRR PERDIDO', 'CANCELAMENTOS'],
      ['BRL', `R$${NBSP}145,50`, '2', `R$${NBSP}388,00`, `R$${NBSP}146,90`, '2'],
      ['USD', `US$${NBSP}20,00`, '1', `US$${NBSP}20,00`, `US$${NBSP}30,00`, '1'],
    ]);
    expect(lines[4]).toBe('');
    expect(lines[5]).toBe('Por que os assinantes cancelaram (4 resposta(s))');
    expect(lines.slice(6).map(cells)).toEqual([
      ['MOTIVO', 'RESPOSTAS', 'PARCELA'],
      ['Ficou caro demais', '2', '50%'],
      ['Não estava usando', '1', '25%'],
      ['Tive problemas técnicos', '1', '25%'],
    ]);
  });

  it('reports one connection with --connection, in English', async () => {
    const result = await hotpilotInProcess(['report', 'retention', ...PERIOD, '--connection', 'main'], {
      ...env,
      HOTPILOT_LOCALE: 'en',
    });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Retention from 5/1/26 to 5/31/26 (America/Sao_Paulo)');
    expect(lines.slice(1, 3).map(cells)).toEqual([
      ['CURRENCY', 'RECOVERED MRR', 'CHARGES', 'PAID', 'CHURNED MRR', 'CANCELLATIONS'],
      ['BRL', 'R$145.50', '2', 'R$388.00', 'R$146.90', '2'],
    ]);
    expect(lines.slice(3, 5)).toEqual(['', 'Why subscribers cancelled (3 answer(s))']);
    expect(lines.slice(5).map(cells)).toEqual([
      ['REASON', 'ANSWERS', 'SHARE'],
      ['It was too expensive', '2', '66.7%'],
      ["I wasn't using it", '1', '33.3%'],
    ]);
  });

  it('prints the figures as one JSON document with --json, amounts formatted for the reader', async () => {
    const result = await hotpilotInProcess(['report', 'retention', ...PERIOD, '--json'], {
      ...env,
      HOTPILOT_LOCALE: 'es',
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      from: '2026-05-01',
      to: '2026-05-31',
      timeZone: 'America/Sao_Paulo',
      connectionId: null,
      currencies: [
        {
          currency: 'BRL',
          recoveredMrr: { value: 145.5, formatted: `BRL${NBSP}145.50` },
          recoveredAmount: { value: 388, formatted: `BRL${NBSP}388.00` },
          recoveredCharges: 2,
          churnedMrr: { value: 146.9, formatted: `BRL${NBSP}146.90` },
          cancellations: 2,
        },
        {
          currency: 'USD',
          recoveredMrr: { value: 20, formatted: `USD${NBSP}20.00` },
          recoveredAmount: { value: 20, formatted: `USD${NBSP}20.00` },
          recoveredCharges: 1,
          churnedMrr: { value: 30, formatted: `USD${NBSP}30.00` },
          cancellations: 1,
        },
      ],
      answers: 4,
      reasons: [
        {
          reason: 'too-expensive',
          label: 'Es demasiado caro',
          count: 2,
          share: { value: 0.5, formatted: `50${NBSP}%` },
        },
        {
          reason: 'not-using',
          label: 'No lo estaba usando',
          count: 1,
          share: { value: 0.25, formatted: `25${NBSP}%` },
        },
        {
          reason: 'technical-problems',
          label: 'Tuve problemas técnicos',
          count: 1,
          share: { value: 0.25, formatted: `25${NBSP}%` },
        },
      ],
    });
  });

  it('says so when the period holds no figures, and the seller time zone is the default', async () => {
    const result = await hotpilotInProcess(
      ['report', 'retention', '--from', '2026-01-01', '--to', '2026-01-31'],
      { ...env, HOTPILOT_LOCALE: 'en' },
    );
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'Retention from 1/1/26 to 1/31/26 (America/Sao_Paulo)',
      'no MRR recovered or churned in the period (late charges paid after the dunning, cancellations in the local mirror)',
      '',
      'no answer to the churn-reason form in the period',
    ]);
  });

  it('refuses a bad period or time zone as a usage error', async () => {
    const backwards = await hotpilotInProcess(
      ['report', 'retention', '--from', '2026-05-31', '--to', '2026-05-01'],
      { ...env, HOTPILOT_LOCALE: 'en' },
    );
    expect([backwards.code, backwards.stderr]).toEqual([
      2,
      'error: the period ends before it starts (2026-05-31 → 2026-05-01)',
    ]);
    const zone = await hotpilotInProcess(['report', 'retention', '--time-zone', 'Mars/Olympus'], {
      ...env,
      HOTPILOT_LOCALE: 'en',
    });
    expect(zone.code).toBe(2);
    expect(zone.stderr).toContain('"Mars/Olympus"');
  });
});

describe('hotpilot report retention (its own process)', () => {
  it('prints the figures as a user runs it', async () => {
    const t = await storeFactories[0]!.create();
    try {
      await seedRetention(t.store);
      const result = await hotpilot(['report', 'retention', ...PERIOD, '--connection', 'other'], {
        env: {
          HOTPILOT_DATA_DIR: tempDir(),
          HOTPILOT_ENCRYPTION_KEY: TEST_SECRET_KEY.toString('hex'),
          HOTPILOT_DATABASE_URL: `sqlite:${t.location}`,
          LANG: 'pt_BR.UTF-8',
        },
      });
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(result.stdout.split('\n').map(cells)).toEqual([
        ['Retenção de 01/05/2026 a 31/05/2026 (America/Sao_Paulo)'],
        ['MOEDA', 'MRR RECUPERADO', 'COBRANÇAS', 'PAGO', 'MRR PERDIDO', 'CANCELAMENTOS'],
        ['USD', `US$${NBSP}20,00`, '1', `US$${NBSP}20,00`, `US$${NBSP}30,00`, '1'],
        [''],
        ['Por que os assinantes cancelaram (1 resposta(s))'],
        ['MOTIVO', 'RESPOSTAS', 'PARCELA'],
        ['Tive problemas técnicos', '1', '100%'],
      ]);
    } finally {
      await t.destroy();
    }
  }, 30_000);
});
