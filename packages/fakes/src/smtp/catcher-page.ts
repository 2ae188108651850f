import { Hono } from 'hono';
import type { CaughtMessage } from './caught-message.ts';

/**
 * What the catcher's web page reads: the messages held, oldest first, and a way to forget them.
 *
 * @example
 * const inbox: CatcherInbox = { messages: () => [], message: () => undefined, clear: () => {} };
 */
export interface CatcherInbox {
  messages(): readonly CaughtMessage[];
  message(id: string): CaughtMessage | undefined;
  clear(): void;
}

// E-mail HTML is untrusted: served alone, in a sandbox (no scripts, no same origin), loading nothing remote.
const MAIL_HTML_POLICY =
  "sandbox; default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; font-src data:";
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'";

/**
 * The catcher's web page and JSON API, for people watching the demo and for tests:
 *
 * - `GET /` — the messages, newest first, as an HTML page (subject, recipients, time, text body);
 * - `GET /messages` — `{ messages }`, oldest first (what `messages()` returns);
 * - `GET /messages/:id` — one message as JSON (404 `{ error: 'not_found' }` when unknown);
 * - `GET /messages/:id/html` — its HTML body alone, sandboxed by Content-Security-Policy;
 * - `DELETE /messages` — forgets every message.
 *
 * @example
 * const app = createCatcherApp({ messages: () => [], message: () => undefined, clear: () => {} });
 * const response = await app.request('/messages');
 * await response.json(); // { messages: [] }
 */
export function createCatcherApp(inbox: CatcherInbox): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    c.header('content-security-policy', PAGE_POLICY);
    return c.html(renderInbox([...inbox.messages()].reverse()));
  });
  app.get('/messages', (c) => c.json({ messages: inbox.messages() }));
  app.delete('/messages', (c) => {
    inbox.clear();
    return c.json({ ok: true });
  });
  app.get('/messages/:id', (c) => {
    const message = inbox.message(c.req.param('id'));
    return message ? c.json(message) : c.json({ error: 'not_found' }, 404);
  });
  app.get('/messages/:id/html', (c) => {
    const message = inbox.message(c.req.param('id'));
    if (!message) return c.json({ error: 'not_found' }, 404);
    c.header('content-security-policy', MAIL_HTML_POLICY);
    return c.html(message.html ?? `<pre>${escapeHtml(message.text ?? '')}</pre>`);
  });
  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  return app;
}

function renderInbox(messages: readonly CaughtMessage[]): string {
  const items = messages.map(
    (message) => `<article>
  <h2>${escapeHtml(message.subject ?? '(no subject)')}</h2>
  <p class="meta">${escapeHtml(message.receivedAt)} · from ${escapeHtml(message.from ?? message.envelope.from ?? '?')}
   · to ${escapeHtml((message.to.length > 0 ? message.to : message.envelope.to).join(', '))}
   · <a href="messages/${encodeURIComponent(message.id)}">JSON</a>${
     message.html === null ? '' : ` · <a href="messages/${encodeURIComponent(message.id)}/html">HTML</a>`
   }</p>
  <pre>${escapeHtml(message.text ?? '')}</pre>
</article>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Caught e-mails (${messages.length})</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d2330; }
article { border-top: 1px solid #d8dce6; padding: .5rem 0 1rem; }
h2 { font-size: 1.05rem; margin: .5rem 0 .2rem; }
.meta { color: #5b6475; font-size: .85rem; margin: 0 0 .5rem; }
pre { white-space: pre-wrap; background: #f5f6fa; padding: .75rem; border-radius: 6px; margin: 0; }
</style>
</head>
<body>
<h1>Caught e-mails (${messages.length})</h1>
<p>Every message hotpilot sent to this SMTP catcher, newest first. Nothing leaves this machine. JSON: <a href="messages">/messages</a>.</p>
${items.length === 0 ? '<p><em>No e-mail yet.</em></p>' : items.join('\n')}
</body>
</html>`;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}
