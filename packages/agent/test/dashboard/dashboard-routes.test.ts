import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CART_RECOVERED_ACTION } from '../../src/agents/marketing/recovered-revenue.ts';
import { getAgentSettings } from '../../src/agents/settings.ts';
import { escapeHtml } from '../../src/server/auth/escape-html.ts';
import { createApprovalsRepo } from '../../src/store/access/approvals-repo.ts';
import { storeFactories } from '../store/stores.ts';
import {
  CONNECTION,
  type DashboardWorld,
  HOTTOK,
  startDashboardWorld,
  type WorldUser,
} from './support/dashboard-world.ts';

// The dashboard over HTTP, as a browser without JavaScript would use it: sessions, CSRF, roles, escaping, every
// page in its reader's language, and each form's effect on the store. Runs against SQLite and PostgreSQL.

type Session = { cookie: string; csrf: string };

describe.each(storeFactories)('dashboard routes on $name', (factory) => {
  let world: DashboardWorld;
  let admin: Session;
  let operator: Session;
  let viewer: Session;

  beforeAll(async () => {
    world = await startDashboardWorld({ factory });
    admin = await world.session(world.users.admin);
    operator = await world.session(world.users.operator);
    viewer = await world.session(world.users.viewer);
  });
  afterAll(() => world?.close());

  const get = (path: string, session?: Session) =>
    fetch(`${world.url}${path}`, { redirect: 'manual', headers: session ? { cookie: session.cookie } : {} });
  const post = (path: string, session: Session, fields: Record<string, string> = {}, csrf = session.csrf) =>
    fetch(`${world.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...fields }),
    });
  const page = async (path: string, session: Session, status = 200) => {
    const response = await get(path, session);
    expect(response.status).toBe(status);
    return response.text();
  };

  it('redirects every page to the sign-in page without a session, keeping the page to come back to', async () => {
    for (const path of [
      '/',
      '/events?name=PURCHASE_APPROVED',
      '/runs/x',
      '/approvals',
      '/dashboard/data/mrr.json',
    ]) {
      const response = await get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/login?${new URLSearchParams({ next: path })}`);
    }
    const forged = await fetch(`${world.url}/events`, {
      redirect: 'manual',
      headers: { cookie: 'hp_session=forged' },
    });
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).toBe('/login?next=%2Fevents');
  });

  it('leaves the inbox, the health checks and the sign-in page unguarded', async () => {
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/login')).status).toBe(200);
    const delivery = await world.deliver('PURCHASE_COMPLETE', { id: randomUUID() });
    expect(delivery.status).toBe(200);
  });

  it('serves uPlot and its own script and stylesheet from this machine', async () => {
    const uplot = await get('/assets/uPlot.iife.min.js');
    expect(uplot.status).toBe(200);
    expect(uplot.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await uplot.text()).toContain('uPlot');
    const css = await get('/assets/uPlot.min.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await (await get('/assets/dashboard.js')).text()).toContain('data-chart-url');
    expect((await get('/assets/nope.js')).status).toBe(404);
  });

  it('renders every page in the reader’s language with a strict content security policy', async () => {
    const paths = [
      '/',
      '/events',
      '/runs',
      '/quarantine',
      '/cart-recovery',
      '/subscriptions',
      '/agents',
      '/agents/general',
      '/agents/legal',
      '/time-saved',
      '/connections',
      '/approvals',
      '/audit',
    ];
    for (const path of paths) {
      const response = await get(path, viewer);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html, path).toContain('<html lang="en">');
      expect(html).toContain('Sign out');
    }
    expect(await page('/', admin)).toContain('Visão geral');
    expect(await page('/', operator)).toContain('Resumen');
    expect(await page('/?lang=es', admin)).toContain('<html lang="es">');
  });

  it('answers 404 pages for records that do not exist', async () => {
    expect(await page('/events/missing', viewer, 404)).toContain('This record does not exist');
    expect(await page('/runs/missing', viewer, 404)).toContain('Not found');
    expect(await page('/agents/nobody', viewer, 404)).toContain('Not found');
  });

  it('refuses a form without its CSRF token, and a viewer’s writes', async () => {
    const missing = await post('/language', viewer, { lang: 'es', next: '/' }, '');
    expect(missing.status).toBe(403);
    const forged = await post('/runs/x/replay', operator, { mode: 'whole' }, admin.csrf);
    expect(forged.status).toBe(403);
    const forbidden = await post('/quarantine/1/requeue', viewer);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain('Your account is not allowed to see this page.');
    expect((await post('/agents/sales/toggle', operator, { enabled: 'true' })).status).toBe(403);
    expect((await getAgentSettings(world.store)).sales.enabled).toBe(false);
  });

  it('shows a failed run’s step timeline and replays it from the failed step', async () => {
    const id = randomUUID();
    expect((await world.deliver('PURCHASE_REFUNDED', { id })).status).toBe(200);
    const [run] = await world.settledRuns(id);
    expect(run?.status).toBe('dead');
    const html = await page(`/runs/${encodeURIComponent(run!.id)}`, operator);
    expect(html).toContain('data-step-id="ok-step"');
    expect(html).toContain('data-step-id="broken-step"');
    expect(html).toContain('the refund could not be processed');
    expect(html).toMatch(/intento 1/);
    const before = await world.store.getSteps(run!.id);
    const okStep = before.find((step) => step.stepId === 'ok-step');

    const replay = await post(`/runs/${encodeURIComponent(run!.id)}/replay`, operator, { mode: 'failed' });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe(`/runs/${encodeURIComponent(run!.id)}?notice=runReplayed`);
    const replayed = await world.until(async () => {
      const current = await world.store.getRun(run!.id);
      return current && current.status === 'dead' && current.updatedAt > run!.updatedAt ? current : null;
    });
    expect(replayed.error?.message).toBe('the refund could not be processed');
    const after = await world.store.getSteps(run!.id);
    // From the failed step: the completed step was kept, not run again.
    expect(after.find((step) => step.stepId === 'ok-step')?.startedAt).toBe(okStep?.startedAt);
    const audit = await world.store.listAudit({ action: 'run.replay' });
    expect(audit[0]).toMatchObject({ actor: `user:${world.users.operator.id}`, target: run!.id });

    expect(await page('/runs?status=dead', viewer)).toContain(`data-run-id="${run!.id}"`);
    expect(await page('/runs?status=completed&workflow=test.fail', viewer)).not.toContain(
      `data-run-id="${run!.id}"`,
    );
    const cancel = await post(`/runs/${encodeURIComponent(run!.id)}/cancel`, operator);
    expect(cancel.headers.get('location')).toBe(`/runs/${encodeURIComponent(run!.id)}?notice=runCancelled`);
    expect((await world.store.getRun(run!.id))?.status).toBe('cancelled');
    const twice = await post(`/runs/${encodeURIComponent(run!.id)}/cancel`, operator);
    expect(twice.headers.get('location')).toContain('notice=runNotCancelled&kind=error');
    expect((await post('/runs/missing/cancel', operator)).status).toBe(404);
  });

  it('escapes a buyer name that carries markup, in lists and payloads', async () => {
    const id = randomUUID();
    const name = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';
    await world.deliver('PURCHASE_APPROVED', {
      id,
      data: { buyer: { name, email: 'xss@example.com' }, purchase: { transaction: 'HPXSS0001' } },
    });
    await world.settledRuns(id);
    const list = await page('/events?buyer=xss%40example.com', viewer);
    expect(list).toContain(
      '&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;',
    );
    expect(list).not.toContain('<script>alert(');
    expect(list).not.toContain('<img src=x');
    const detail = await page(`/events/${id}`, viewer);
    expect(detail).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(detail).not.toContain('<img src=x');
    expect(detail).toContain('R$');
  });

  it('filters events by name, buyer, transaction and dates, and pages with a keyset cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = randomUUID();
      ids.push(id);
      await world.deliver('PURCHASE_APPROVED', {
        id,
        data: { buyer: { email: 'pager@example.com' }, purchase: { transaction: `HPPAGE000${i}` } },
      });
    }
    await world.until(
      async () => (await world.store.listEvents({ buyerEmail: 'pager@example.com' })).length === 3,
    );
    const byTransaction = await page('/events?transaction=HPPAGE0001', viewer);
    expect(byTransaction).toContain(`data-event-id="${ids[1]}"`);
    expect(byTransaction).not.toContain(`data-event-id="${ids[0]}"`);
    const byName = await page('/events?name=PURCHASE_REFUNDED&buyer=pager%40example.com', viewer);
    expect(byName).not.toContain('data-event-id=');
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(await page(`/events?buyer=pager%40example.com&from=${tomorrow}`, viewer)).not.toContain(
      'data-event-id=',
    );
    expect(await page(`/events?buyer=pager%40example.com&to=${tomorrow}`, viewer)).toContain(
      `data-event-id="${ids[2]}"`,
    );
    // Garbage cursors and dates are the first page, not an error.
    expect(await page('/events?cursor=%7Bnot-a-cursor&from=2026-99-99', viewer)).toContain('id="events"');
  });

  it('replays an event’s runs and audits it', async () => {
    const id = randomUUID();
    await world.deliver('PURCHASE_APPROVED', { id, data: { purchase: { transaction: 'HPREPLAY01' } } });
    const [run] = await world.settledRuns(id);
    const executions = world.executions();
    const response = await post(`/events/${id}/replay`, operator, { mode: 'whole' });
    expect(response.headers.get('location')).toBe(`/events/${id}?notice=eventReplayed`);
    await world.until(async () => world.executions() > executions);
    const replayed = await world.until(async () => {
      const current = await world.store.getRun(run!.id);
      return current?.status === 'completed' &&
        (current.output as { execution: number }).execution > executions
        ? current
        : null;
    });
    expect((replayed.output as { execution: number }).execution).toBe(executions + 1);
    const [entry] = await world.store.listAudit({ action: 'event.replay' });
    expect(entry?.details).toEqual({ mode: 'whole', replayed: [run!.id], skipped: [] });
    expect(await page(`/events/${id}?notice=eventReplayed`, admin)).toContain(
      'As execuções do evento voltaram',
    );
    expect((await post('/events/missing/replay', operator)).status).toBe(404);
  });

  it('shows quarantined deliveries with their reason and sends them back to the dispatcher', async () => {
    const body = JSON.stringify({ id: randomUUID(), hello: 'not a Hotmart event', hottok: HOTTOK });
    const delivered = await fetch(`${world.url}/webhooks/hotmart/${CONNECTION}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hotmart-hottok': HOTTOK },
    });
    expect(delivered.status).toBe(200);
    const row = await world.until(async () => (await world.store.listInbox({ status: 'quarantined' }))[0]);
    const html = await page('/quarantine', viewer);
    expect(html).toContain(`data-seq="${row.seq}"`);
    expect(html).toContain(escapeHtml(row.quarantineReason ?? 'missing reason'));
    expect(html).toContain('not a Hotmart event');
    expect(html).not.toContain(HOTTOK);

    const requeue = await post(`/quarantine/${row.seq}/requeue`, operator);
    expect(requeue.headers.get('location')).toBe('/quarantine?notice=requeued');
    const [entry] = await world.store.listAudit({ action: 'inbox.requeue' });
    expect(entry?.target).toBe(String(row.seq));
    // Still unreadable: the dispatcher quarantines it again.
    await world.until(async () => (await world.store.getInbox(row.seq))?.status === 'quarantined');
    const again = await post('/quarantine/999999/requeue', operator);
    expect(again.headers.get('location')).toBe('/quarantine?notice=notRequeued&kind=error');
  });

  it('edits agent settings through the form generated from the schema', async () => {
    const form = await page('/agents/marketing', admin);
    expect(form).toContain('name="marketing.enabled"');
    expect(form).toContain('name="marketing.recoveryWindowDays"');
    expect(form).toContain('name="marketing.checkoutUrls"');
    expect(form).toContain(
      'A purchase within this many days of an abandoned cart counts as recovered revenue.',
    );

    const invalid = await post('/agents/marketing', admin, {
      'marketing.enabled': 'true',
      'marketing.recoveryWindowDays': '500',
      'marketing.purchaseLookbackHours': 'abc',
    });
    expect(invalid.status).toBe(400);
    const problems = await invalid.text();
    expect(problems).toContain('deve ser um número');
    expect((await getAgentSettings(world.store)).marketing.enabled).toBe(false);

    const tooLong = await post('/agents/marketing', admin, { 'marketing.recoveryWindowDays': '500' });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('marketing.recoveryWindowDays');

    const saved = await post('/agents/marketing', admin, {
      'marketing.enabled': 'true',
      'marketing.recoveryWindowDays': '14',
      'marketing.emailConnectionId': 'smtp',
      'marketing.checkoutUrls': '{"3528746": "https://pay.hotmart.com/X1"}',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/agents/marketing?notice=settingsSaved');
    const settings = await getAgentSettings(world.store);
    expect(settings.marketing).toMatchObject({
      enabled: true,
      recoveryWindowDays: 14,
      emailConnectionId: 'smtp',
      checkoutUrls: { '3528746': 'https://pay.hotmart.com/X1' },
      hubspotConnectionId: null,
    });
    expect(await page('/agents/marketing', admin)).toContain('value="14"');

    const general = await post('/agents/general', admin, { locale: 'es', timeZone: 'Mars/Olympus' });
    expect(general.status).toBe(400);
    expect(await general.text()).toContain('must be an IANA time zone');
    expect((await post('/agents/general', admin, { locale: 'es', timeZone: 'UTC' })).status).toBe(303);
    expect((await getAgentSettings(world.store)).timeZone).toBe('UTC');

    const off = await post('/agents/marketing/toggle', admin, { enabled: 'false' });
    expect(off.headers.get('location')).toBe('/agents?notice=agentTurnedOff#agent-marketing');
    expect((await getAgentSettings(world.store)).marketing).toMatchObject({
      enabled: false,
      recoveryWindowDays: 14,
    });
    const [entry] = await world.store.listAudit({ action: 'agents.settings.saved' });
    expect(entry?.details).toEqual({ changed: ['marketing.enabled'] });
    expect(await page('/agents', viewer)).toContain('data-testid="state-marketing">Off');
    expect((await post('/agents/general', viewer, { locale: 'en' })).status).toBe(403);
  });

  it('creates connections without ever showing a secret back, and rotates a hottok', async () => {
    const noToken = await post('/connections', admin, { kind: 'slack', id: 'team', name: 'Team' });
    expect(noToken.status).toBe(400);
    expect(await noToken.text()).toContain('credentials.botToken');

    const secret = 'xoxb-1111-2222-dashboardsecret';
    const created = await post('/connections', admin, {
      kind: 'slack',
      id: 'team',
      name: 'Team chat',
      'credentials.botToken': secret,
    });
    expect(created.status).toBe(200);
    const html = await created.text();
    expect(html).toContain('Conexão team criada.');
    expect(html).not.toContain(secret);
    expect((await world.store.getConnection('team'))?.credentials).toEqual({ botToken: secret });
    expect(await page('/connections', viewer)).not.toContain(secret);

    const duplicate = await post('/connections', admin, {
      kind: 'slack',
      id: 'team',
      name: 'Again',
      'credentials.botToken': secret,
    });
    expect(duplicate.status).toBe(400);
    const duplicateHtml = await duplicate.text();
    expect(duplicateHtml).toContain('já existe uma conexão com este identificador');
    expect(duplicateHtml).not.toContain(secret);

    const noHottok = await post('/connections', admin, {
      kind: 'hotmart',
      id: 'store-br',
      name: 'Loja',
      'credentials.clientId': 'id',
      'credentials.clientSecret': 'secret-value',
    });
    expect(noHottok.status).toBe(400);
    expect(await post('/connections', viewer, { kind: 'slack' })).toHaveProperty('status', 403);

    const rotated = await post(`/connections/${CONNECTION}/rotate`, admin, {
      hottok: 'brand-new-hottok',
      keepPrevious: 'true',
    });
    expect(rotated.status).toBe(200);
    const rotatedHtml = await rotated.text();
    expect(rotatedHtml).toContain(`${world.url}/webhooks/hotmart/${CONNECTION}`);
    expect(rotatedHtml).not.toContain('brand-new-hottok');
    expect((await world.store.getConnection(CONNECTION))?.hottoks).toEqual(['brand-new-hottok', HOTTOK]);
    const bad = await post(`/connections/${CONNECTION}/rotate`, admin, { hottok: 'two words' });
    expect(bad.status).toBe(400);
    const [entry] = await world.store.listAudit({ action: 'connection.rotate_hottok' });
    expect(entry?.details).toEqual({ accepted: 2, keepPrevious: true });
    await world.store.updateConnection(CONNECTION, { hottoks: [HOTTOK] }, Date.now());
  });

  it('decides approvals: a failing call keeps its error, a rejection its reason, a decision is final', async () => {
    const approvals = createApprovalsRepo(world.store);
    const queued = await approvals.create(
      {
        actionId: 'nobody_has_this_action',
        connectionId: null,
        input: { note: '<b>bold</b>' },
        requestedBy: 'user:mcp-agent',
        expiresAt: Date.now() + 3_600_000,
      },
      Date.now(),
    );
    const rejectMe = await approvals.create(
      {
        actionId: 'slack_post_message',
        connectionId: 'team',
        input: {},
        requestedBy: 'user:mcp-agent',
        expiresAt: Date.now() + 3_600_000,
      },
      Date.now(),
    );
    const listing = await page('/approvals', viewer);
    expect(listing).toContain(`data-approval-id="${queued.id}"`);
    expect(listing).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(listing).not.toContain(`data-testid="approve-${queued.id}"`);

    const approved = await post(`/approvals/${queued.id}/approve`, operator);
    expect(approved.headers.get('location')).toBe('/approvals?notice=approvalFailed&kind=error');
    expect((await approvals.get(queued.id))?.status).toBe('failed');
    expect(await page('/approvals', operator)).toContain('no longer in the registry');

    const rejected = await post(`/approvals/${rejectMe.id}/reject`, operator, { reason: 'wrong channel' });
    expect(rejected.headers.get('location')).toBe('/approvals?notice=approvalRejected');
    expect((await approvals.get(rejectMe.id))?.error).toMatchObject({ message: 'wrong channel' });
    const again = await post(`/approvals/${rejectMe.id}/approve`, operator);
    expect(again.headers.get('location')).toBe('/approvals?notice=approvalNotPending&kind=error');
    expect((await post('/approvals/0/approve', operator)).headers.get('location')).toContain(
      'approvalNotFound',
    );
    expect((await post(`/approvals/${rejectMe.id}/approve`, viewer)).status).toBe(403);
  });

  it('switches the language with a cookie and never redirects off the site', async () => {
    const response = await post('/language', viewer, { lang: 'es', next: '/runs?status=dead&lang=en' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/runs?status=dead');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hp_lang=es;/);
    expect(cookie).toContain('HttpOnly');
    const spanish = await page('/runs', { ...viewer, cookie: `${viewer.cookie}; hp_lang=es` });
    expect(spanish).toContain('<html lang="es">');
    expect(spanish).toContain('Ejecuciones');
    const offsite = await post('/language', viewer, { lang: 'pt-BR', next: '//evil.example/' });
    expect(offsite.headers.get('location')).toBe('/');
    const unknown = await post('/language', viewer, { lang: 'fr', next: '/' });
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('shows the cart-recovery funnel and recovered revenue in the reader’s currency format', async () => {
    await world.deliver('PURCHASE_OUT_OF_SHOPPING_CART', { id: randomUUID() });
    await world.until(
      async () => (await world.store.listEvents({ name: 'PURCHASE_OUT_OF_SHOPPING_CART' })).length > 0,
    );
    const now = Date.now();
    await world.store.appendAudit(
      {
        actor: 'workflow:marketing.cart-recovery',
        action: CART_RECOVERED_ACTION,
        target: 'HPREC0001',
        details: {
          connectionId: CONNECTION,
          transaction: 'HPREC0001',
          email: 'carrinho@example.com',
          productId: '123456',
          productName: 'Curso <recuperado>',
          amount: 197,
          currency: 'BRL',
          abandonedAt: now - 3_600_000,
          purchasedAt: now - 60_000,
          abandonmentEventId: 'a1',
          purchaseEventId: 'p1',
        },
      },
      now,
    );
    const html = await page('/cart-recovery?days=7', admin);
    expect(html).toMatch(/data-testid="funnel-abandoned">[1-9]/);
    expect(html).toContain('data-testid="funnel-recovered">1<');
    expect(html).toMatch(/R\$\u00a0197,00/);
    expect(html).toContain('Curso &lt;recuperado&gt;');
    expect(await page('/cart-recovery?days=7', viewer)).toMatch(/R\$197\.00/);
  });

  it('credits time saved to agents per week, as chart data and a table', async () => {
    const now = Date.now();
    await world.store.createRuns(
      [
        {
          id: 'sales.purchase:t1',
          workflowId: 'sales.purchase',
          eventId: null,
          connectionId: null,
          concurrencyKey: null,
          input: {},
          maxAttempts: 1,
          dueAt: now,
        },
      ],
      now,
    );
    const [claimed] = await world.store.claimRuns({
      owner: 'test',
      limit: 1,
      leaseMs: 10_000,
      now,
      workflowIds: ['sales.purchase'],
    });
    expect(claimed?.id).toBe('sales.purchase:t1');
    await world.store.completeRun(
      { runId: claimed!.id, epoch: claimed!.leaseEpoch, owner: 'test' },
      { dealId: '1' },
      now,
    );

    const data = (await (await get('/dashboard/data/time-saved.json', viewer)).json()) as {
      points: number;
      charts: { kind: string; series: { label: string; values: number[] }[] }[];
    };
    expect(data.points).toBeGreaterThan(0);
    expect(data.charts[0]?.kind).toBe('stacked-bars');
    expect(data.charts[0]?.series.map((series) => series.label)).toEqual(['Sales']);
    expect(data.charts[0]?.series[0]?.values.at(-1)).toBe(90);
    const html = await page('/time-saved', viewer);
    expect(html).toContain('data-testid="time-saved-total">1.5 hr');
    expect(html).toContain('90 min · runs: 1');
  });

  it('answers chart JSON for an empty mirror and 404 for a sync nobody started', async () => {
    const mrr = (await (await get('/dashboard/data/mrr.json', viewer)).json()) as {
      points: number;
      charts: unknown[];
    };
    expect(mrr).toEqual({ charts: [], points: 0 });
    const perMinute = (await (await get('/dashboard/data/events-per-minute.json', viewer)).json()) as {
      points: number;
      charts: { x: number[]; series: { values: number[] }[] }[];
    };
    expect(perMinute.charts[0]?.x).toHaveLength(60);
    expect(perMinute.charts[0]?.series[0]?.values.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect((await get(`/dashboard/data/sync/${CONNECTION}.json`, viewer)).status).toBe(404);
    const notHotmart = await post('/connections/team/sync', operator);
    expect(notHotmart.headers.get('location')).toContain('notice=syncNotStarted');
  });

  it('lists the audit log newest first, filtered by action', async () => {
    const html = await page('/audit?action=run.replay', viewer);
    expect(html).toContain('<code>run.replay</code>');
    expect(html).not.toContain('<code>event.replay</code>');
    const all = await page('/audit', viewer);
    expect(all.indexOf('agents.settings.saved')).toBeGreaterThan(-1);
    expect(all).not.toContain('brand-new-hottok');
  });

  it('signs people out only with their CSRF token', async () => {
    const who: WorldUser = world.users.viewer;
    const session = await world.session(who);
    expect((await post('/logout', session, {}, 'wrong')).status).toBe(403);
    const out = await post('/logout', session);
    expect(out.status).toBe(303);
    expect((await get('/', session)).status).toBe(303);
  });
});
