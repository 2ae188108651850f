import pg from 'pg';
import type { Logger } from '../../kit/logger.ts';

/**
 * Options of {@link createPostgresListener}.
 *
 * @example
 * import { silentLogger } from '../../kit/logger.ts';
 * import type { PostgresListenerOptions } from './postgres-listener.ts';
 * const options: PostgresListenerOptions = {
 *   config: { connectionString: 'postgres://127.0.0.1:5432/test' },
 *   channels: ['hotpilot_runs'],
 *   onNotification: () => {},
 *   onReconnect: () => {},
 *   logger: silentLogger,
 * };
 */
export interface PostgresListenerOptions {
  config: pg.ClientConfig;
  /** Channel names (plain identifiers). */
  channels: readonly string[];
  onNotification(channel: string, payload: string): void;
  /** Called after a reconnect: notifications sent while disconnected are lost, so listeners should look again. */
  onReconnect(): void;
  logger: Logger;
  /** First reconnect delay (default 100 ms), doubled per failure up to `maxDelayMs` (default 5 s). */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * A LISTEN connection that outlives PostgreSQL restarts.
 *
 * @example
 * import type { PostgresListener } from './postgres-listener.ts';
 * const stop = (listener: PostgresListener) => (listener.listening ? listener.close() : Promise.resolve());
 */
export interface PostgresListener {
  /** Connects (once; later calls do nothing). */
  start(): void;
  /** True while LISTEN is in effect. */
  readonly listening: boolean;
  close(): Promise<void>;
}

/**
 * A dedicated LISTEN connection (never a pooled one: the pool would hand it to a query and recycle it). When the
 * connection drops — server restart, `pg_terminate_backend`, network — it reconnects with exponential backoff and
 * re-subscribes, then calls `onReconnect` so nothing waits on a notification that was lost meanwhile. Wake-ups are
 * hints; callers keep a polling backstop.
 *
 * @example
 * import { silentLogger } from '../../kit/logger.ts';
 * import { createPostgresListener } from './postgres-listener.ts';
 * const listener = createPostgresListener({
 *   config: { connectionString: 'postgres://127.0.0.1:5432/test' },
 *   channels: ['hotpilot_inbox'],
 *   onNotification: (channel, payload) => console.log(channel, payload),
 *   onReconnect: () => console.log('look again'),
 *   logger: silentLogger,
 * });
 * listener.start();
 * await listener.close();
 */
export function createPostgresListener(options: PostgresListenerOptions): PostgresListener {
  const { logger } = options;
  const minDelay = options.minDelayMs ?? 100;
  const maxDelay = options.maxDelayMs ?? 5_000;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let started = false;
  let stopped = false;
  let listening = false;
  let connectedBefore = false;
  let failures = 0;

  function scheduleReconnect(): void {
    if (stopped || timer) return;
    const delay = Math.min(maxDelay, minDelay * 2 ** failures);
    failures++;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    timer.unref();
  }

  async function connect(): Promise<void> {
    if (stopped) return;
    const current = new pg.Client(options.config);
    client = current;
    let dropped = false;
    const drop = (error?: unknown): void => {
      if (dropped) return;
      dropped = true;
      if (client === current) {
        client = null;
        listening = false;
      }
      current.end().catch(() => {});
      if (stopped) return;
      logger.warn({ err: error, failures }, 'PostgreSQL LISTEN connection lost; reconnecting');
      scheduleReconnect();
    };
    // Both stay attached for the client's whole life: an 'error' after `end()` must never be unhandled.
    current.on('error', drop);
    current.on('end', () => drop());
    current.on('notification', (message) => {
      try {
        options.onNotification(message.channel, message.payload ?? '');
      } catch (error) {
        logger.error({ err: error }, 'notification handler threw');
      }
    });
    try {
      await current.connect();
      await current.query(options.channels.map((channel) => `LISTEN ${channel}`).join('; '));
    } catch (error) {
      drop(error);
      return;
    }
    if (stopped || dropped) {
      await current.end().catch(() => {});
      return;
    }
    listening = true;
    failures = 0;
    if (connectedBefore) {
      logger.info({}, 'PostgreSQL LISTEN connection restored');
      options.onReconnect();
    }
    connectedBefore = true;
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      void connect();
    },
    get listening() {
      return listening;
    },
    async close() {
      stopped = true;
      listening = false;
      if (timer) clearTimeout(timer);
      timer = null;
      const current = client;
      client = null;
      if (current) await current.end().catch(() => {});
    },
  };
}
