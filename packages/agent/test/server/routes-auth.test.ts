import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/kit/logger.ts';
import { type Hotpilot, startHotpilot } from '../../src/main.ts';

// Every route a person or a program can reach — dashboard, REST API, API reference, MCP — must refuse a request
// without a session or token. The route table is read from the running app, so a new route can't slip through.
describe('every dashboard, API and MCP route requires authentication', () => {
  let dir: string;
  let hotpilot: Hotpilot;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotpilot-routes-'));
    hotpilot = await startHotpilot(
      loadConfig({ HOTPILOT_DATA_DIR: dir, HOTPILOT_PORT: '0', HOTPILOT_LOG_LEVEL: 'silent' }),
      { logger: silentLogger },
    );
  });
  afterAll(async () => {
    await hotpilot?.close({ deadlineMs: 1_000 });
    rmSync(dir, { recursive: true, force: true });
  });

  // Open on purpose: health and metrics for orchestrators, the webhook inbox (authenticated by the hottok), the
  // sign-in page and its assets.
  const PUBLIC = [
    /^\/healthz$/,
    /^\/readyz$/,
    /^\/metrics$/,
    /^\/webhooks\//,
    /^\/login$/,
    /^\/logout$/,
    /^\/assets\//,
  ];
  // Pages buyers open from an e-mail (server/buyer-routes.ts): authenticated by the signed token of their link
  // alone, so they must refuse a missing or forged token (400) instead.
  const BUYER = [/^\/forms\//, /^\/unsubscribe$/];
  const FORGED = `v1.${Buffer.from('{"e":"ana@example.com"}').toString('base64url')}.${'A'.repeat(43)}`;

  it('answers 401, 403 or a redirect to sign-in on every other route', async () => {
    const routes = hotpilot.routes();
    expect(routes.length).toBeGreaterThan(10);
    const checked: string[] = [];
    for (const { method, path } of routes) {
      if (PUBLIC.some((pattern) => pattern.test(path))) continue;
      if (BUYER.some((pattern) => pattern.test(path))) {
        for (const verb of method === 'ALL' ? ['GET', 'POST'] : [method]) {
          for (const token of [null, FORGED]) {
            const query = token === null ? '' : `?token=${token}`;
            const response = await fetch(`${hotpilot.url}${path}${query}`, {
              method: verb,
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              ...(verb === 'POST' ? { body: token === null ? '' : `token=${token}&reason=other` } : {}),
            });
            expect(response.status, `${verb} ${path}${query} answered ${response.status}`).toBe(400);
          }
          checked.push(`${verb} ${path}`);
        }
        continue;
      }
      const concrete = concretePath(path);
      const verbs = method === 'ALL' ? ['GET', 'POST'] : [method];
      for (const verb of verbs) {
        const response = await fetch(`${hotpilot.url}${concrete}`, {
          method: verb,
          redirect: 'manual',
          headers: { 'content-type': 'application/json' },
          ...(verb === 'GET' || verb === 'HEAD' ? {} : { body: '{}' }),
        });
        const status = response.status;
        const location = response.headers.get('location') ?? '';
        const refused =
          status === 401 ||
          status === 403 ||
          ((status === 302 || status === 303) && location.includes('/login'));
        expect(refused, `${verb} ${concrete} answered ${status} ${location}`).toBe(true);
        checked.push(`${verb} ${path}`);
      }
    }
    expect(checked.some((route) => route.includes('/api/v1/'))).toBe(true);
    expect(checked.some((route) => route.includes('/mcp'))).toBe(true);
    expect(checked.some((route) => route.startsWith('GET /dashboard/'))).toBe(true);
    for (const buyer of ['GET /forms/churn', 'POST /forms/churn', 'GET /unsubscribe', 'POST /unsubscribe']) {
      expect(checked).toContain(buyer);
    }
    expect(checked.length).toBeGreaterThan(40);
  });
});

/** A path that matches a route pattern: each `:param` (with its optional `{regex}`) becomes `x` (+ a `.json` suffix). */
function concretePath(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== ':') {
      out += pattern[i] === '*' ? 'x' : pattern[i];
      continue;
    }
    let j = i + 1;
    while (j < pattern.length && /[A-Za-z0-9_]/.test(pattern[j]!)) j++;
    let regex = '';
    if (pattern[j] === '{') {
      let depth = 0;
      const start = j;
      for (; j < pattern.length; j++) {
        if (pattern[j] === '{') depth++;
        if (pattern[j] === '}' && --depth === 0) break;
      }
      regex = pattern.slice(start, j + 1);
      j++;
    }
    out += regex.includes('\\.json') ? 'x.json' : 'x';
    i = j - 1;
  }
  return out;
}
