import { createSlackFake, DEFAULT_SLACK_BOT_TOKEN, type RecordedRequest, serveFake } from '@hotpilot/fakes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestLog, recordedRequest } from '../src/internal/request-log.ts';
import { matchesAny } from '../src/internal/secure-compare.ts';
import { call } from './helpers.ts';

// What every fake shares: the request log, the credential check and the two ways a request reaches a fake (a real
// socket through @hono/node-server, or `app.request` in process).

const entry = (id: number): RecordedRequest =>
  recordedRequest(
    { id, method: 'GET', path: `/r/${id}`, status: 200, time: '2026-06-01T12:00:00.000Z', durationMs: 1 },
    { query: () => ({}), headers: () => ({}), body: () => undefined },
  );

describe('RequestLog', () => {
  it('keeps the newest requests by arrival, however out of order they finish', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.nat({ max: 3 }), { maxLength: 40 }),
        (capacity, delays) => {
          // Request i arrives i-th and finishes delays[i] requests later.
          const finishing = delays
            .map((delay, i) => ({ id: i + 1, at: i + delay }))
            .sort((a, b) => a.at - b.at || a.id - b.id);
          const log = new RequestLog(capacity);
          const naive: number[] = [];
          for (const { id } of finishing) {
            log.add(entry(id));
            // The log as a sorted list, cut to its capacity from the oldest end after every insertion.
            naive.push(id);
            naive.sort((a, b) => a - b);
            if (naive.length > capacity) naive.splice(0, naive.length - capacity);
          }
          expect(log.list().map((request) => request.id)).toEqual(naive);
        },
      ),
      { numRuns: 300, seed: 20260601 },
    );
    const log = new RequestLog(2);
    for (let id = 1; id <= 5; id++) log.add(entry(id));
    log.clear();
    log.add(entry(9));
    expect(log.list().map((request) => request.id)).toEqual([9]);
  });

  it('works out a recorded request’s query, headers and body once, when first read', () => {
    let reads = 0;
    const request = recordedRequest(
      { id: 3, method: 'POST', path: '/api/chat.postMessage', status: 200, time: 't', durationMs: 2 },
      {
        query: () => ({ a: '1' }),
        headers: () => ({ authorization: 'Bearer [redacted]' }),
        body: () => {
          reads++;
          return { text: 'hi' };
        },
      },
    );
    expect(reads).toBe(0);
    expect(JSON.parse(JSON.stringify(request))).toEqual({
      id: 3,
      method: 'POST',
      path: '/api/chat.postMessage',
      query: { a: '1' },
      headers: { authorization: 'Bearer [redacted]' },
      body: { text: 'hi' },
      status: 200,
      time: 't',
      durationMs: 2,
    });
    expect({ ...request }.body).toBe(request.body);
    expect(reads).toBe(1);
  });
});

describe('matchesAny', () => {
  it('follows a list of accepted credentials edited in place', () => {
    const accepted = ['pat-1'];
    expect([matchesAny('pat-1', accepted), matchesAny('pat-2', accepted)]).toEqual([true, false]);
    accepted.push('pat-2');
    expect([matchesAny('pat-1', accepted), matchesAny('pat-2', accepted)]).toEqual([true, true]);
    accepted[0] = 'pat-3';
    expect([matchesAny('pat-1', accepted), matchesAny('pat-3', accepted)]).toEqual([false, true]);
    expect(matchesAny('', [])).toBe(false);
  });
});

describe('fake host', () => {
  it('reads a body the same over a socket and in process: UTF-8, a byte-order mark dropped, secrets redacted', async () => {
    const body = `\uFEFF${JSON.stringify({ channel: 'vendas', text: 'Venda aprovada — R$ 97 🎉', token: 'xoxb-x' })}`;
    const headers = {
      authorization: `Bearer ${DEFAULT_SLACK_BOT_TOKEN}`,
      'content-type': 'application/json',
    };
    const served = createSlackFake({ channels: ['vendas'] });
    const running = await serveFake(served);
    try {
      const overSocket = await call(`${running.url}/api/chat.postMessage?x=1`, {
        method: 'POST',
        headers,
        body,
      });
      const inProcess = createSlackFake({ channels: ['vendas'] });
      const direct = await inProcess.app.request('/api/chat.postMessage?x=1', {
        method: 'POST',
        headers,
        body,
      });
      expect([overSocket.status, direct.status]).toEqual([200, 200]);
      expect(overSocket.body).toMatchObject({ ok: true, message: { text: 'Venda aprovada — R$ 97 🎉' } });
      const [socketEntry] = served.requests();
      const [directEntry] = inProcess.requests();
      expect(socketEntry?.body).toEqual({
        channel: 'vendas',
        text: 'Venda aprovada — R$ 97 🎉',
        token: '[redacted]',
      });
      expect(directEntry?.body).toEqual(socketEntry?.body);
      expect([socketEntry?.query, socketEntry?.status, socketEntry?.headers.authorization]).toEqual([
        { x: '1' },
        200,
        'Bearer [redacted]',
      ]);
      expect(served.state.snapshot()).toMatchObject({
        channels: [{ name: 'vendas', messages: [{ text: 'Venda aprovada — R$ 97 🎉' }] }],
      });
    } finally {
      await running.close();
    }
  });
});
