import type { Sale } from '@hotpilot/emulator';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/kit/i18n/format-date.ts';
import { approveMcpCall, rejectMcpCall } from '../../src/mcp/mcp-approvals.ts';
import type { AuditRecord } from '../../src/store/port.ts';
import { ENDPOINTS, type McpHttpFixture, startMcpHttpFixture } from './support/mcp-http-fixture.ts';
import { testRegistry } from './support/test-registry.ts';

// The MCP server over Streamable HTTP with the SDK's own client, against a SQLite store whose Hotmart connection
// points at a running emulator: reads return the emulator's data, writes change the emulator's state only when the
// configuration lets them.

let f: McpHttpFixture;

beforeAll(async () => {
  f = await startMcpHttpFixture();
});

afterAll(async () => {
  await f?.close();
});

beforeEach(() => {
  f.hotmart.emulator.reset();
  f.clock.now = Date.now();
});

function refundableSale(skip = 0): Sale {
  const found: Sale[] = [];
  for (let index = 0; index < f.hotmart.account.saleCount(); index++) {
    const sale = f.hotmart.account.saleAt(index);
    if (
      (sale.status === 'APPROVED' || sale.status === 'COMPLETE') &&
      sale.payment_type !== 'DIRECT_DEBIT' &&
      !sale.subscriber_code
    ) {
      found.push(sale);
    }
  }
  const sale = found[skip];
  if (!sale) throw new Error('the seeded account has too few refundable sales');
  return sale;
}

function text(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

function errorCode(result: CallToolResult): string | undefined {
  return (result._meta?.['hotpilot/error'] as { code?: string } | undefined)?.code;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

async function auditOf(actor: string): Promise<AuditRecord[]> {
  return (await f.store.listAudit({ limit: 1000 })).filter((entry) => entry.actor === actor);
}

describe('authentication', () => {
  const initialize = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
  });
  const post = (headers: Record<string, string>) =>
    fetch(f.url('on'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: initialize,
    });

  it('answers 401 with a Bearer challenge when the token is missing', async () => {
    const response = await post({});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="hotpilot", error="invalid_token"');
    expect(await response.json()).toEqual({
      error: { code: 'unauthorized', message: 'missing bearer token' },
    });
  });

  it('answers 401 to a wrong token, a malformed header and another scheme', async () => {
    for (const authorization of ['Bearer hp_not_a_token', 'Bearer', 'Basic dXNlcjpwYXNz', 'hp_alice_token']) {
      const response = await post({ authorization });
      expect(response.status, authorization).toBe(401);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('unauthorized');
      // The token never comes back in the answer.
      expect(JSON.stringify(body)).not.toContain('hp_');
    }
  });

  it('answers 403 to a valid token without the mcp scope', async () => {
    const response = await post({ authorization: 'Bearer hp_carol_readonly' });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('insufficient_scope');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('insufficient_scope');
  });

  it('answers 200 to a valid token, and 405 to GET (no server-initiated stream)', async () => {
    const response = await post({ authorization: 'Bearer hp_alice_token' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { serverInfo: { name: string } } };
    expect(body.result.serverInfo.name).toBe('hotpilot');
    const get = await fetch(f.url('on'), { headers: { authorization: 'Bearer hp_alice_token' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const anonymousGet = await fetch(f.url('on'));
    expect(anonymousGet.status).toBe(401);
  });

  it('answers a lone tools/list without a session (stateless, as the docs’ curl example does)', async () => {
    const response = await fetch(f.url('off'), {
      method: 'POST',
      headers: {
        authorization: 'Bearer hp_alice_token',
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    const body = (await response.json()) as { result: { tools: { name: string }[] } };
    expect(body.result.tools).toHaveLength(testRegistry.actions.length + 1);
  });

  it('answers 413 to a body over the limit, before parsing it', async () => {
    const response = await fetch(f.url('on'), {
      method: 'POST',
      headers: {
        authorization: 'Bearer hp_alice_token',
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(1_100_000) } }),
    });
    expect(response.status).toBe(413);
  });

  it('refuses the SDK client without a token', async () => {
    await expect(f.client('on', 'hp_wrong')).rejects.toThrow(/401|nauthorized/);
  });
});

describe('tools', () => {
  let tools: Tool[];

  beforeAll(async () => {
    const client = await f.client('approval');
    tools = (await client.listTools()).tools;
  });

  it('lists every action of the registry as a tool, plus hotpilot_get_approval', () => {
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [...testRegistry.actions.map((action) => action.id), 'hotpilot_get_approval'].sort(),
    );
  });

  it('describes a read tool with its LLM hint, JSON Schemas and read-only annotations', () => {
    const tool = tools.find((t) => t.name === 'hotmart_get_sales_history')!;
    const action = testRegistry.action('hotmart_get_sales_history')!;
    expect(tool.description).toContain(action.llmHint);
    expect(tool.description).toContain(action.description);
    expect(tool.title).toBe(action.title);
    expect(tool.annotations).toEqual({
      title: action.title,
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    });
    const properties = tool.inputSchema.properties as Record<string, { type?: string; description?: string }>;
    expect(tool.inputSchema.type).toBe('object');
    expect(Object.keys(properties)).toEqual(
      expect.arrayContaining(['transaction', 'buyer_email', 'all', 'connection']),
    );
    expect(properties.dry_run).toBeUndefined();
    expect(properties.connection?.description).toContain('Connections: main.');
    expect(tool.inputSchema).not.toHaveProperty('$schema');
    expect(tool.outputSchema?.type).toBe('object');
    expect(Object.keys(tool.outputSchema?.properties ?? {})).toEqual(
      expect.arrayContaining(['items', 'page_info']),
    );
  });

  it('describes a write tool as destructive, with dry_run, the approval note and the preview in its output', () => {
    const tool = tools.find((t) => t.name === 'hotmart_refund_sale')!;
    expect(tool.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
    });
    const properties = tool.inputSchema.properties as Record<string, { type?: string }>;
    expect(properties.transaction?.type).toBe('string');
    expect(properties.dry_run?.type).toBe('boolean');
    expect(tool.inputSchema.required).toEqual(['transaction']);
    expect(tool.description).toContain('Needs approval');
    expect(tool.outputSchema?.type).toBe('object');
    expect(JSON.stringify(tool.outputSchema)).toContain('pending_approval');
    const idempotentWrite = tools.find((t) => t.name === 'hotmart_change_due_day')!;
    expect(idempotentWrite.annotations?.idempotentHint).toBe(true);
  });

  it('describes hotpilot_get_approval as a local read', () => {
    const tool = tools.find((t) => t.name === 'hotpilot_get_approval')!;
    expect(tool.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    expect(tool.inputSchema.required).toEqual(['id']);
  });

  it('says in the description that writes are disabled when they are', async () => {
    const client = await f.client('off');
    const listed = (await client.listTools()).tools;
    expect(listed.find((t) => t.name === 'hotmart_refund_sale')?.description).toContain(
      'HOTPILOT_MCP_WRITES',
    );
    expect(listed.find((t) => t.name === 'hotmart_get_sales_history')?.description).not.toContain('Disabled');
  });
});

describe('reads', () => {
  it('returns real sales from the emulator, as structured content and JSON text', async () => {
    const client = await f.client('off');
    const sale = f.hotmart.account.saleAt(5);
    const result = await call(client, 'hotmart_get_sales_history', { transaction: sale.transaction });
    expect(result.isError).toBeFalsy();
    const output = result.structuredContent as {
      items: {
        purchase: { transaction: string; status: string; price: { value: number } };
        buyer: { email: string };
      }[];
    };
    expect(output.items).toHaveLength(1);
    expect(output.items[0]!.purchase.transaction).toBe(sale.transaction);
    expect(output.items[0]!.purchase.status).toBe(sale.status);
    expect(output.items[0]!.purchase.price.value).toBe(sale.price.value);
    expect(output.items[0]!.buyer.email).toBe(f.hotmart.account.buyer(sale.buyer_ucode)?.email);
    expect(JSON.parse(text(result))).toEqual(output);
  });

  it('pages through sales with the action’s own controls', async () => {
    const client = await f.client('off');
    const result = await call(client, 'hotmart_get_sales_history', { max_results: 7 });
    const output = result.structuredContent as { items: unknown[]; page_info: { next_page_token?: string } };
    expect(output.items).toHaveLength(7);
    expect(typeof output.page_info.next_page_token).toBe('string');
  });

  it('answers bad input as a tool error naming the field', async () => {
    const client = await f.client('off');
    const result = await call(client, 'hotmart_get_sales_history', { start_dat: '2025-01-01' });
    expect(result.isError).toBe(true);
    expect(errorCode(result)).toBe('invalid_arguments');
    expect(text(result)).toContain('start_dat');
  });

  it('answers an unknown tool and an unknown connection as tool errors', async () => {
    const client = await f.client('off');
    const unknown = await call(client, 'hotmart_steal_everything', {});
    expect(unknown.isError).toBe(true);
    expect(errorCode(unknown)).toBe('unknown_tool');
    const missing = await call(client, 'hotmart_get_user_me', { connection: 'nope' });
    expect(missing.isError).toBe(true);
    expect(errorCode(missing)).toBe('connection_not_found');
    expect(text(missing)).toContain('hotmart connections: main');
    const wrongType = await call(client, 'hotmart_get_user_me', { connection: 42 });
    expect(errorCode(wrongType)).toBe('invalid_arguments');
  });

  it('answers a vendor refusal with the vendor’s code', async () => {
    const client = await f.client('on');
    const result = await call(client, 'hotmart_refund_sale', { transaction: 'HP00000000000000' });
    expect(result.isError).toBe(true);
    expect(errorCode(result)).toBe('purchase_not_found');
    expect(result._meta?.['hotpilot/error']).toEqual({ code: 'purchase_not_found', retryable: false });
  });

  it('needs `connection` when there are several connections of the kind', async () => {
    const second = await f.store.createConnection(
      {
        id: 'second',
        kind: 'hotmart',
        name: 'Second store',
        hottoks: ['hottok-2'],
        credentials: {
          clientId: f.hotmart.credentials.clientId,
          clientSecret: f.hotmart.credentials.clientSecret,
        },
        settings: { apiBaseUrl: f.hotmart.apiBaseUrl, tokenUrl: f.hotmart.tokenUrl },
      },
      Date.now(),
    );
    try {
      const client = await f.client('off');
      const ambiguous = await call(client, 'hotmart_get_user_me', {});
      expect(ambiguous.isError).toBe(true);
      expect(errorCode(ambiguous)).toBe('connection_required');
      expect(text(ambiguous)).toContain('main, second');
      const chosen = await call(client, 'hotmart_get_user_me', { connection: second.id });
      expect(chosen.isError).toBeFalsy();
      expect((chosen.structuredContent as { email: string }).email).toBe(f.hotmart.account.producer.email);
      const listed = (await client.listTools()).tools.find((t) => t.name === 'hotmart_get_user_me')!;
      expect(JSON.stringify(listed.inputSchema)).toContain('Connections: main, second.');
    } finally {
      await f.store.deleteConnection(second.id);
    }
  });
});

describe('write gating', () => {
  it('refuses a write by default and changes nothing', async () => {
    const sale = refundableSale();
    const client = await f.client('off');
    const result = await call(client, 'hotmart_refund_sale', { transaction: sale.transaction });
    expect(result.isError).toBe(true);
    expect(errorCode(result)).toBe('writes_disabled');
    expect(text(result)).toContain('HOTPILOT_MCP_WRITES');
    expect(text(result)).toContain('Nothing was done');
    // Even a dry run: writes are off.
    const dry = await call(client, 'hotmart_refund_sale', { transaction: sale.transaction, dry_run: true });
    expect(errorCode(dry)).toBe('writes_disabled');
    expect(f.hotmart.account.sale(sale.transaction)?.status).toBe(sale.status);
  });

  it('refuses a write outside the allow-list and runs one inside it', async () => {
    const sale = refundableSale();
    const client = await f.client('allow');
    const refused = await call(client, 'hotmart_refund_sale', { transaction: sale.transaction });
    expect(errorCode(refused)).toBe('not_allowed');
    expect(f.hotmart.account.sale(sale.transaction)?.status).toBe(sale.status);
    const subscription = f.hotmart.account.subscriptions().find((s) => s.status === 'ACTIVE')!;
    const changed = await call(client, 'hotmart_change_due_day', {
      subscriber_code: subscription.subscriber_code,
      due_day: 17,
    });
    expect(changed.isError).toBeFalsy();
    expect(f.hotmart.account.subscription(subscription.subscriber_code)?.due_day).toBe(17);
  });

  it('answers dry_run with the validated input, the connection and the target, without calling', async () => {
    const sale = refundableSale();
    const client = await f.client('on');
    const before = f.hotmart.emulator.requests.total;
    const result = await call(client, 'hotmart_refund_sale', {
      transaction: sale.transaction,
      dry_run: true,
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      status: 'dry_run',
      tool: 'hotmart_refund_sale',
      title: 'Refund a sale',
      summary: expect.stringContaining(
        `would call hotmart_refund_sale on the Hotmart connection "Main store"`,
      ),
      mode: 'on',
      connection: { id: 'main', kind: 'hotmart', name: 'Main store' },
      target: { system: 'Hotmart', connection: 'main', endpoint: f.hotmart.apiBaseUrl },
      input: { transaction: sale.transaction },
      idempotent: false,
    });
    expect(f.hotmart.emulator.requests.total).toBe(before);
    expect(f.hotmart.account.sale(sale.transaction)?.status).toBe(sale.status);
  });

  it('validates the input of a dry run', async () => {
    const client = await f.client('on');
    const result = await call(client, 'hotmart_change_due_day', {
      subscriber_code: 'X',
      due_day: 45,
      dry_run: true,
    });
    expect(result.isError).toBe(true);
    expect(errorCode(result)).toBe('invalid_arguments');
    expect(text(result)).toContain('due_day');
  });

  it('previews every write in dry_run mode, even without dry_run', async () => {
    const sale = refundableSale();
    const client = await f.client('dryRun');
    const result = await call(client, 'hotmart_refund_sale', {
      transaction: sale.transaction,
      dry_run: false,
    });
    expect(result.structuredContent).toMatchObject({ status: 'dry_run', mode: 'dry_run' });
    expect(f.hotmart.account.sale(sale.transaction)?.status).toBe(sale.status);
  });

  it('runs a write at once when writes are on', async () => {
    const sale = refundableSale();
    const client = await f.client('on');
    const result = await call(client, 'hotmart_refund_sale', { transaction: sale.transaction });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({});
    expect(f.hotmart.account.sale(sale.transaction)?.status).toBe('REFUNDED');
  });
});

describe('approvals', () => {
  it('queues a write, executes it once approved, and shows the result', async () => {
    const sale = refundableSale(1);
    const client = await f.client('approval');
    const queued = await call(client, 'hotmart_refund_sale', { transaction: sale.transaction });
    expect(queued.isError).toBeFalsy();
    const ticket = queued.structuredContent as {
      status: string;
      approval_id: number;
      expires_at: string;
      summary: string;
    };
    expect(ticket.status).toBe('pending_approval');
    expect(ticket.approval_id).toBeGreaterThan(0);
    expect(ticket.expires_at).toBe(new Date(f.clock.now + 2 * 3_600_000).toISOString());
    // A person reads the expiry in pt-BR, São Paulo time.
    const expiry = formatDateTime(f.clock.now + 2 * 3_600_000, 'pt-BR', 'America/Sao_Paulo', 'medium');
    expect(ticket.summary).toContain(`by ${expiry} (America/Sao_Paulo)`);
    expect(f.hotmart.account.sale(sale.transaction)?.status).toBe(sale.status);

    const rows = await f.t.raw(
      'SELECT status, action_id, connection_id, requested_by, input FROM approvals WHERE id = ?',
      [ticket.approval_id],
    );
    expect(rows).toEqual([
      {
        status: 'pending',
        action_id: 'hotmart_refund_sale',
        connection_id: 'main',
        requested_by: 'alice',
        input: JSON.stringify({ transaction: sale.transaction }),
      },
    ]);

    const pending = await call(client, 'hotpilot_get_approval', { id: ticket.approval_id });
    expect(pending.structuredContent).toMatchObject({
      id: ticket.approval_id,
      status: 'pending',
      tool: 'hotmart_refund_sale',
    });

    const sent: Request[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      sent.push(request.clone());
      return fetch(request);
    };
    const decision = await approveMcpCall(
      { store: f.store, registry: testRegistry, now: () => f.clock.now, fetch: recordingFetch },
      ticket.approval_id,
      'admin',
    );
    expect(decision.outcome).toBe('executed');
    expect(f.hotmart.account.sale(sale.transaction)?.status).toBe('REFUNDED');
    // The vendor saw one logical call, keyed by the approval.
    const refunds = sent.filter((request) => request.url.endsWith(`/${sale.transaction}/refund`));
    expect(refunds.map((request) => request.headers.get('idempotency-key'))).toEqual([
      `approval:${ticket.approval_id}`,
    ]);

    const done = await call(client, 'hotpilot_get_approval', { id: ticket.approval_id });
    expect(done.structuredContent).toMatchObject({
      id: ticket.approval_id,
      status: 'executed',
      decided_by: 'admin',
      result: {},
      error: null,
      input: { transaction: sale.transaction },
    });
    expect((done.structuredContent as { summary: string }).summary).toContain('executed');

    // Decisions are final.
    const again = await approveMcpCall(
      { store: f.store, registry: testRegistry },
      ticket.approval_id,
      'admin',
    );
    expect(again.outcome).toBe('not_pending');
  });

  it('stores the vendor’s error when an approved call fails', async () => {
    const client = await f.client('approval');
    const queued = await call(client, 'hotmart_refund_sale', { transaction: 'HP00000000000000' });
    const id = (queued.structuredContent as { approval_id: number }).approval_id;
    const decision = await approveMcpCall({ store: f.store, registry: testRegistry }, id, 'admin');
    expect(decision.outcome).toBe('failed');
    const view = await call(client, 'hotpilot_get_approval', { id });
    expect(view.structuredContent).toMatchObject({
      status: 'failed',
      result: null,
      error: { name: 'VendorRequestError', code: 'purchase_not_found' },
    });
  });

  it('never executes a rejected call', async () => {
    const sale = refundableSale(2);
    const client = await f.client('approval');
    const queued = await call(client, 'hotmart_refund_sale', { transaction: sale.transaction });
    const id = (queued.structuredContent as { approval_id: number }).approval_id;
    const decision = await rejectMcpCall(
      { store: f.store, registry: testRegistry },
      id,
      'admin',
      'wrong buyer',
    );
    expect(decision.outcome).toBe('rejected');
    expect((await approveMcpCall({ store: f.store, registry: testRegistry }, id, 'admin')).outcome).toBe(
      'not_pending',
    );
    const view = await call(client, 'hotpilot_get_approval', { id });
    expect(view.structuredContent).toMatchObject({
      status: 'rejected',
      decided_by: 'admin',
      error: { name: 'ApprovalRejected', message: 'wrong buyer' },
    });
    expect(f.hotmart.account.sale(sale.transaction)?.status).toBe(sale.status);
  });

  it('expires a call nobody approved in time', async () => {
    const sale = refundableSale(3);
    const client = await f.client('approval');
    const queued = await call(client, 'hotmart_refund_sale', { transaction: sale.transaction });
    const id = (queued.structuredContent as { approval_id: number }).approval_id;
    f.clock.now += 2 * 3_600_000 + 1;
    const view = await call(client, 'hotpilot_get_approval', { id });
    expect(view.structuredContent).toMatchObject({ status: 'expired' });
    const late = await approveMcpCall(
      { store: f.store, registry: testRegistry, now: () => f.clock.now },
      id,
      'admin',
    );
    expect(late.outcome).toBe('not_pending');
    expect(f.hotmart.account.sale(sale.transaction)?.status).toBe(sale.status);
  });

  it('refuses to approve after the deadline even if nobody polled', async () => {
    const sale = refundableSale(4);
    const client = await f.client('approval');
    const queued = await call(client, 'hotmart_refund_sale', { transaction: sale.transaction });
    const id = (queued.structuredContent as { approval_id: number }).approval_id;
    const later = f.clock.now + 3 * 3_600_000;
    const late = await approveMcpCall(
      { store: f.store, registry: testRegistry, now: () => later },
      id,
      'admin',
    );
    expect(late.outcome).toBe('expired');
    expect(late.approval?.status).toBe('expired');
    expect(f.hotmart.account.sale(sale.transaction)?.status).toBe(sale.status);
  });

  it('previews instead of queueing when asked for a dry run', async () => {
    const sale = refundableSale(5);
    const client = await f.client('approval');
    const before = (await f.t.raw('SELECT count(*) AS n FROM approvals'))[0]!.n;
    const result = await call(client, 'hotmart_refund_sale', {
      transaction: sale.transaction,
      dry_run: true,
    });
    expect(result.structuredContent).toMatchObject({ status: 'dry_run', mode: 'approval' });
    expect((await f.t.raw('SELECT count(*) AS n FROM approvals'))[0]!.n).toBe(before);
  });

  it('shows an approval only to the user who asked for it', async () => {
    const sale = refundableSale(6);
    const alice = await f.client('approval', 'hp_alice_token');
    const bob = await f.client('approval', 'hp_bob_token');
    const queued = await call(alice, 'hotmart_refund_sale', { transaction: sale.transaction });
    const id = (queued.structuredContent as { approval_id: number }).approval_id;
    const peek = await call(bob, 'hotpilot_get_approval', { id });
    expect(peek.isError).toBe(true);
    expect(errorCode(peek)).toBe('approval_not_found');
    const nothing = await call(alice, 'hotpilot_get_approval', { id: 999_999 });
    expect(errorCode(nothing)).toBe('approval_not_found');
    const bad = await call(alice, 'hotpilot_get_approval', { id: 'seven' });
    expect(errorCode(bad)).toBe('invalid_arguments');
  });
});

describe('audit', () => {
  it('records every call with the token’s user, the tool, an input digest and the outcome', async () => {
    const before = (await auditOf('bob')).length;
    const sale = refundableSale();
    const on = await f.client('on', 'hp_bob_token');
    const off = await f.client('off', 'hp_bob_token');
    await call(off, 'hotmart_get_sales_history', { transaction: sale.transaction });
    await call(off, 'hotmart_refund_sale', { transaction: sale.transaction });
    await call(on, 'hotmart_refund_sale', { transaction: sale.transaction, dry_run: true });
    await call(on, 'hotmart_get_sales_history', { bogus: 1 });
    await call(on, 'no_such_tool', {});
    await on.readResource({ uri: 'hotpilot://events/recent' });

    const entries = (await auditOf('bob')).slice(0, (await auditOf('bob')).length - before).reverse();
    expect(
      entries.map((entry) => [entry.action, entry.target, (entry.details as { outcome: string }).outcome]),
    ).toEqual([
      ['mcp.tool_call', 'hotmart_get_sales_history', 'ok'],
      ['mcp.tool_call', 'hotmart_refund_sale', 'refused'],
      ['mcp.tool_call', 'hotmart_refund_sale', 'dry_run'],
      ['mcp.tool_call', 'hotmart_get_sales_history', 'invalid'],
      ['mcp.tool_call', 'no_such_tool', 'invalid'],
      ['mcp.resource_read', 'hotpilot://events/recent', 'ok'],
    ]);
    const first = entries[0]!.details as Record<string, unknown>;
    expect(first).toMatchObject({
      channel: 'http',
      connection: 'main',
      input_keys: ['transaction'],
      write_mode: 'off',
    });
    expect(first.input_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((entries[1]!.details as Record<string, unknown>).code).toBe('writes_disabled');
    // The same input gives the same digest; the values themselves are never stored.
    expect((entries[1]!.details as Record<string, unknown>).input_digest).toBe(first.input_digest);
    expect(JSON.stringify(entries)).not.toContain(sale.transaction);
  });

  it('records approval decisions with the person who decided', async () => {
    const client = await f.client('approval', 'hp_bob_token');
    const queued = await call(client, 'hotmart_refund_sale', { transaction: 'HP00000000000001' });
    const id = (queued.structuredContent as { approval_id: number }).approval_id;
    await rejectMcpCall({ store: f.store, registry: testRegistry }, id, 'dana');
    const [decision] = await f.store.listAudit({ action: 'mcp.approval_decision', limit: 1 });
    expect(decision).toMatchObject({
      actor: 'dana',
      target: `approval:${id}`,
      details: { decision: 'reject', outcome: 'rejected', tool: 'hotmart_refund_sale', requested_by: 'bob' },
    });
    const [queuedEntry] = (await auditOf('bob')).filter((entry) => entry.target === 'hotmart_refund_sale');
    expect(queuedEntry?.details).toMatchObject({ outcome: 'queued', approval_id: id });
  });
});

describe('resources', () => {
  const at = Date.UTC(2026, 4, 31, 17, 3, 11);

  beforeAll(async () => {
    for (const [index, value] of [97, 150.5].entries()) {
      await f.store.insertEvent(
        {
          id: `evt-${index}`,
          connectionId: 'main',
          name: 'PURCHASE_APPROVED',
          version: '2.0.0',
          occurredAt: at + index,
          receivedAt: at + index,
          transaction: `HP0000000000000${index}`,
          buyerEmail: 'ann@example.com',
          subscriberCode: null,
          productId: '42',
          normalized: { amount: { value, currency: 'BRL' } },
          payload: { data: { purchase: { transaction: `HP0000000000000${index}` } } },
          reconciled: false,
        },
        [],
      );
    }
    await f.store.createRuns(
      [
        {
          id: 'welcome:evt-0',
          workflowId: 'welcome',
          eventId: 'evt-0',
          connectionId: 'main',
          concurrencyKey: null,
          input: { eventId: 'evt-0' },
          maxAttempts: 3,
          dueAt: at,
        },
      ],
      at,
    );
  });

  it('lists recent events, runs and one resource per report action', async () => {
    const client = await f.client('off');
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual([
      'hotpilot://events/recent',
      'hotpilot://runs/recent',
      'hotpilot://reports/event_totals',
    ]);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual([
      'hotpilot://events/{id}',
      'hotpilot://runs/{id}',
      'hotpilot://reports/{name}',
    ]);
  });

  it('reads recent events with amounts and dates formatted for people', async () => {
    const client = await f.client('approval');
    const result = await client.readResource({ uri: 'hotpilot://events/recent?limit=1' });
    const body = JSON.parse((result.contents[0] as { text: string }).text) as {
      events: { id: string; amount_formatted: string; summary: string; occurred_at: string }[];
    };
    expect(body.events).toHaveLength(1);
    expect(body.events[0]!.id).toBe('evt-1');
    // pt-BR endpoint: R$ 150,50 and São Paulo time (17:03 UTC is 14:03 there).
    expect(body.events[0]!.amount_formatted).toBe('R$\u00a0150,50');
    expect(body.events[0]!.summary).toBe(
      'PURCHASE_APPROVED · R$\u00a0150,50 · ann@example.com · HP00000000000001 · 31 de mai. de 2026, 14:03',
    );
    expect(body.events[0]!.occurred_at).toBe('2026-05-31T17:03:11.001Z');
  });

  it('reads one event and one run with its steps', async () => {
    const client = await f.client('off');
    const event = JSON.parse(
      ((await client.readResource({ uri: 'hotpilot://events/evt-0' })).contents[0] as { text: string }).text,
    );
    expect(event).toMatchObject({
      id: 'evt-0',
      amount: { value: 97, currency: 'BRL' },
      amount_formatted: 'R$97.00',
    });
    expect(event.payload).toEqual({ data: { purchase: { transaction: 'HP00000000000000' } } });
    const run = JSON.parse(
      (
        (await client.readResource({ uri: 'hotpilot://runs/welcome%3Aevt-0' })).contents[0] as {
          text: string;
        }
      ).text,
    );
    expect(run).toMatchObject({ id: 'welcome:evt-0', workflow: 'welcome', status: 'queued', steps: [] });
    const recent = JSON.parse(
      (
        (await client.readResource({ uri: 'hotpilot://runs/recent?status=queued' })).contents[0] as {
          text: string;
        }
      ).text,
    );
    expect(recent.runs.map((r: { id: string }) => r.id)).toContain('welcome:evt-0');
  });

  it('reads a report through its action, with query parameters as input', async () => {
    const client = await f.client('off');
    const all = JSON.parse(
      (
        (await client.readResource({ uri: 'hotpilot://reports/event_totals?locale=pt-BR' })).contents[0] as {
          text: string;
        }
      ).text,
    );
    expect(all).toEqual({
      events: 2,
      by_name: { PURCHASE_APPROVED: 2 },
      totals: [{ currency: 'BRL', value: 247.5, formatted: 'R$\u00a0247,50' }],
    });
    const one = JSON.parse(
      (
        (await client.readResource({ uri: 'hotpilot://reports/event_totals?limit=1' })).contents[0] as {
          text: string;
        }
      ).text,
    );
    expect(one.events).toBe(1);
  });

  it('answers unknown resources and bad parameters as errors', async () => {
    const client = await f.client('off');
    await expect(client.readResource({ uri: 'hotpilot://events/nope' })).rejects.toThrow(/no resource/);
    await expect(client.readResource({ uri: 'hotpilot://reports/nope' })).rejects.toThrow(/no resource/);
    await expect(client.readResource({ uri: 'https://example.com/x' })).rejects.toThrow(/no resource/);
    await expect(client.readResource({ uri: 'hotpilot://events/recent?limit=0' })).rejects.toThrow(/limit/);
    await expect(client.readResource({ uri: 'hotpilot://reports/event_totals?limit=-3' })).rejects.toThrow(
      /limit/,
    );
    await expect(client.readResource({ uri: 'hotpilot://runs/recent?status=lost' })).rejects.toThrow(
      /status/,
    );
  });
});

it('uses every configured endpoint in these tests', () => {
  expect(Object.keys(ENDPOINTS).sort()).toEqual(['allow', 'approval', 'dryRun', 'off', 'on']);
});
