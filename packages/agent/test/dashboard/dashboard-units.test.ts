import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentSettingsJsonSchema } from '../../src/agents/settings.ts';
import { dashboardMessages } from '../../src/dashboard/dashboard-messages.ts';
import { chartSet } from '../../src/dashboard/data/chart-data.ts';
import { lastDays, monthEndSamples } from '../../src/dashboard/data/report-dates.ts';
import { html, joinHtml, jsonScript, SafeHtml } from '../../src/dashboard/html.ts';
import {
  decodeKeyset,
  encodeKeyset,
  keysetPage,
  positiveInteger,
} from '../../src/dashboard/keyset-cursor.ts';
import type { PageContext } from '../../src/dashboard/page-context.ts';
import { printableBody } from '../../src/dashboard/printable-body.ts';
import { printableJson } from '../../src/dashboard/printable-json.ts';
import {
  fieldLabel,
  fieldShape,
  type JsonSchemaNode,
  problemsByPath,
  readSchemaForm,
  renderSchemaFields,
} from '../../src/dashboard/schema-form.ts';

// The pieces every page is built from: escaping, cursors, the schema-driven form, the dates charts sample and the
// catalogue of texts.

// The form helpers read only the translator; a page context with English texts is enough for them.
const page = { t: (key: string) => dashboardMessages.t('en', key as never) } as unknown as PageContext;

describe('html', () => {
  it('escapes every interpolated string, in text and attributes', () => {
    const name = `<script>alert("x")</script>'&`;
    expect(String(html`<p title="${name}">${name}</p>`)).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;</p>',
    );
  });

  it('keeps safe fragments, joins arrays and drops null, undefined and booleans', () => {
    const inner = html`<b>${'a<b'}</b>`;
    expect(inner).toBeInstanceOf(SafeHtml);
    expect(String(html`<i>${inner}${[1, '<2>']}${null}${undefined}${false}${true}</i>`)).toBe(
      '<i><b>a&lt;b</b>1&lt;2&gt;</i>',
    );
    expect(String(joinHtml([html`<li>x</li>`, '<y>'], ' '))).toBe('<li>x</li> &lt;y&gt;');
  });

  it('never lets any string break out of its element (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = String(html`<td>${text}</td>`);
        expect(out.slice(4, -5)).not.toMatch(/[<>"']/);
      }),
    );
  });

  it('embeds JSON that cannot close its script element', () => {
    const out = String(jsonScript('data', { name: '</script><script>alert(1)</script>', line: '\u2028' }));
    expect(out.startsWith('<script type="application/json" id="data">')).toBe(true);
    expect(out.match(/<\/script>/g)).toHaveLength(1);
    expect(out).toContain('\\u003c/script\\u003e');
    const json = out.slice(out.indexOf('>') + 1, out.lastIndexOf('</script>'));
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script>', line: '\u2028' });
    expect(String(jsonScript('x"y', null))).toContain('id="x&quot;y">null<');
  });
});

describe('keyset cursors', () => {
  it('round-trips positions and reads anything else as the first page', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), fc.string({ maxLength: 300 }), (at, id) => {
        expect(decodeKeyset(encodeKeyset({ at, id }))).toEqual({ at, id });
      }),
    );
    for (const bad of [
      undefined,
      null,
      '',
      'not base64 json',
      Buffer.from('[1.5,"a"]').toString('base64url'),
      'x'.repeat(900),
    ]) {
      expect(decodeKeyset(bad)).toBeNull();
    }
  });

  it('cuts a page of limit + 1 rows and points after its last row', () => {
    const rows = [3, 2, 1].map((at) => ({ at, id: `r${at}` }));
    const page2 = keysetPage(rows, 2, (row) => row);
    expect(page2.rows.map((row) => row.id)).toEqual(['r3', 'r2']);
    expect(decodeKeyset(page2.next)).toEqual({ at: 2, id: 'r2' });
    expect(keysetPage(rows, 3, (row) => row).next).toBeNull();
  });

  it('accepts only plain positive integers as sequence cursors', () => {
    expect(positiveInteger('42')).toBe(42);
    for (const bad of ['0', '-1', '1.5', '1e3', ' 4', '99999999999999999', undefined]) {
      expect(positiveInteger(bad)).toBeNull();
    }
  });
});

describe('schema form', () => {
  const marketing = (agentSettingsJsonSchema() as JsonSchemaNode).properties!.marketing!;

  it('picks an editor per schema node', () => {
    expect(fieldShape({ type: 'boolean' }).kind).toBe('boolean');
    expect(fieldShape({ anyOf: [{ type: 'integer' }, { type: 'null' }] })).toMatchObject({
      kind: 'number',
      integer: true,
      nullable: true,
    });
    expect(fieldShape({ type: 'string', enum: ['a', 'b'] })).toMatchObject({
      kind: 'enum',
      options: ['a', 'b'],
    });
    expect(fieldShape({ type: 'array', items: { type: 'string' } }).kind).toBe('list');
    expect(fieldShape({ type: 'object', additionalProperties: { type: 'string' } }).kind).toBe('json');
    expect(fieldShape({ anyOf: [{ type: 'string' }, { type: 'number' }] }).kind).toBe('json');
    expect(fieldLabel('hubspotConnectionId')).toBe('Hubspot connection id');
  });

  it('renders the fields of an agent with their values, escaped', () => {
    const out = String(
      renderSchemaFields(
        page,
        marketing,
        { enabled: true, leadLabel: '"><script>', recoveryWindowDays: 9 },
        { prefix: 'marketing', errors: new Map([['marketing.recoveryWindowDays', ['too big']]]) },
      ),
    );
    expect(out).toContain('name="marketing.enabled" value="true" checked');
    expect(out).toContain('value="&quot;&gt;&lt;script&gt;"');
    expect(out).toContain('value="9"');
    expect(out).toContain('<small class="field-error" role="alert">too big</small>');
    expect(out).not.toContain('<script>');
  });

  it('never writes credential values back into a page', () => {
    const schema: JsonSchemaNode = {
      type: 'object',
      properties: { clientId: { type: 'string' }, clientSecret: { type: 'string' } },
      required: ['clientId', 'clientSecret'],
    };
    const out = String(
      renderSchemaFields(
        page,
        schema,
        { clientId: 'id-1', clientSecret: 's3cr3t' },
        { prefix: 'credentials', errors: new Map(), secret: true },
      ),
    );
    expect(out).not.toContain('s3cr3t');
    expect(out).not.toContain('id-1');
    expect(out).toContain('type="password" id="f-credentials-clientSecret"');
    expect(out).toContain('type="text" id="f-credentials-clientId"');
  });

  it('reads a submitted form back into typed values', () => {
    const { value, problems } = readSchemaForm(
      page,
      marketing,
      {
        'marketing.enabled': 'true',
        'marketing.minutesPerRun': '',
        'marketing.recoveryWindowDays': '10',
        'marketing.leadLabel': '',
        'marketing.checkoutUrls': '{"1": "https://a.example"}',
        'marketing.retargetingSheet': '',
      },
      'marketing',
    );
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      enabled: true,
      minutesPerRun: null,
      recoveryWindowDays: 10,
      leadLabel: null,
      checkoutUrls: { '1': 'https://a.example' },
    });
    expect(value).not.toHaveProperty('retargetingSheet');
    const tags = (agentSettingsJsonSchema() as JsonSchemaNode).properties!.support!;
    expect(
      readSchemaForm(page, tags, { 'support.ticketTags': 'a\n\n b \r\nc' }, 'support').value,
    ).toMatchObject({
      ticketTags: ['a', 'b', 'c'],
      enabled: false,
    });
  });

  it('reports what it cannot read, by field', () => {
    const { problems } = readSchemaForm(
      page,
      marketing,
      { 'marketing.recoveryWindowDays': 'seven', 'marketing.checkoutUrls': '{oops' },
      'marketing',
    );
    expect(problems).toEqual([
      { path: 'marketing.checkoutUrls', message: 'is not valid JSON' },
      { path: 'marketing.recoveryWindowDays', message: 'must be a number' },
    ]);
    expect(
      problemsByPath([...problems, { path: 'marketing.checkoutUrls', message: 'x' }]).get(
        'marketing.checkoutUrls',
      ),
    ).toEqual(['is not valid JSON', 'x']);
  });
});

describe('report dates', () => {
  it('samples the last day of each past month and today, in the seller’s time zone', () => {
    const now = Date.UTC(2026, 2, 1, 2, 0); // 1 March 02:00 UTC is still 28 February in São Paulo
    const samples = monthEndSamples(now, 'America/Sao_Paulo', 3);
    expect(samples.map((sample) => sample.date)).toEqual([
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
    ]);
    expect(samples[3]?.at).toBe(Date.UTC(2026, 2, 1, 3));
    expect(samples[3]?.x).toBe(Date.UTC(2026, 2, 1, 3) / 1000);
    expect(lastDays(now, 'UTC', 7)).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(lastDays(now, 'UTC', 0)).toEqual({ from: '2026-03-01', to: '2026-03-01' });
  });

  it('counts the data points of a chart set', () => {
    const chart = {
      title: 't',
      kind: 'line' as const,
      xLabel: 'x',
      x: [1, 2, 3],
      xLabels: null,
      series: [{ label: 'a', values: [1, null, 0] }],
      format: { style: 'number' as const, locale: 'en' },
    };
    expect(chartSet([chart, chart]).points).toBe(4);
    expect(chartSet([])).toEqual({ charts: [], points: 0 });
  });
});

describe('texts', () => {
  it('has every text in the three languages and masks secrets in printed JSON', () => {
    expect(dashboardMessages.t('pt-BR', 'navOverview')).toBe('Visão geral');
    expect(dashboardMessages.t('es', 'navOverview')).toBe('Resumen');
    expect(dashboardMessages.t('en', 'chartMrrTitle', { currency: 'BRL' })).toBe('MRR · BRL');
    expect(() => dashboardMessages.t('en', 'chartMrrTitle')).toThrow(TypeError);
    const printed = printableJson({ hottok: 'abc', headers: { authorization: 'Bearer xyz' }, buyer: 'Ana' });
    expect(printed).not.toContain('abc');
    expect(printed).not.toContain('xyz');
    expect(JSON.parse(printed)).toEqual({
      hottok: '[redacted]',
      headers: { authorization: '[redacted]' },
      buyer: 'Ana',
    });
    expect(printableJson(undefined)).toBe('null');
    expect(printableJson({ note: 'see postgres://app:pw@db/x' })).toContain('postgres://app:[redacted]@db/x');
  });

  it('prints hostile payloads quickly: long strings are cut before any pattern runs', () => {
    const started = performance.now();
    const huge = `token${'x'.repeat(1_000_000)}`;
    const printed = JSON.parse(
      printableJson({ name: huge, list: Array.from({ length: 500 }, () => huge) }),
    ) as {
      name: string;
      list: string[];
    };
    expect(printed.name).toHaveLength(2001);
    expect(printed.list.at(-1)).toBe('…');
    expect(printableBody(huge, 'text/plain')).toHaveLength(4001);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('prints quarantined bodies by their shape, secret fields masked', () => {
    expect(
      printableBody('hottok=abc&status=approved&name=Ana+Souza', 'application/x-www-form-urlencoded'),
    ).toBe('hottok=[redacted]\nstatus=approved\nname=Ana Souza');
    expect(printableBody('{"hottok":"abc","id":1}', 'application/json')).toBe(
      '{\n  "hottok": "[redacted]",\n  "id": 1\n}',
    );
    expect(printableBody('{broken json with token=abc', null)).toBe('{broken json with token=[redacted]');
    expect(printableBody('plain text', null)).toBe('plain text');
  });
});
