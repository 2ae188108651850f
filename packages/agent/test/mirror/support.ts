import { type RunningEmulator, type StartEmulatorOptions, startEmulator } from '@hotpilot/emulator';
import { createHotmartClient, type HotmartClient } from '@hotpilot/hotmart';
import type { ClubSource } from '../../src/mirror/sync.ts';
import type { Store } from '../../src/store/port.ts';

/** The connection every mirror test mirrors. */
export const CONNECTION = 'main';

/** A small seeded account: 500 sales over two years, 7 subscriptions, 7 members areas (~190 students). */
export async function startMirrorEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ seed: 42, sales: 500, rateLimit: false, ...options });
}

/** A `fetch` that counts the requests going through it and can be told to abort a signal after N of them. */
export interface CountingFetch {
  fetch: typeof fetch;
  count(): number;
  reset(): void;
  /** Aborts `controller` when the request count reaches `after` (the request itself still goes out). */
  abortAfter(after: number, controller: AbortController): void;
}

export function countingFetch(): CountingFetch {
  let count = 0;
  let trigger: { after: number; controller: AbortController } | null = null;
  return {
    fetch: async (input, init) => {
      count += 1;
      if (trigger && count >= trigger.after) trigger.controller.abort();
      return fetch(input, init);
    },
    count: () => count,
    reset() {
      count = 0;
      trigger = null;
    },
    abortAfter(after, controller) {
      trigger = { after, controller };
    },
  };
}

/** A client on the emulator, with the client-side rate budget off (the emulator's limiter is off too). */
export function emulatorClient(hotmart: RunningEmulator, fetchImpl: typeof fetch = fetch): HotmartClient {
  return createHotmartClient({
    clientId: hotmart.credentials.clientId,
    clientSecret: hotmart.credentials.clientSecret,
    apiBaseUrl: hotmart.apiBaseUrl,
    tokenUrl: hotmart.tokenUrl,
    rateLimit: false,
    maxRetries: 0,
    fetch: fetchImpl,
  });
}

/** The emulator account's members areas, as a sync is told about them. */
export function emulatorClubs(hotmart: RunningEmulator): ClubSource[] {
  return hotmart.account
    .clubProducts()
    .map((product) => ({ subdomain: product.club_subdomain as string, productId: product.id }));
}

/** The Hotmart connection record pointing at the emulator. */
export async function createEmulatorConnection(
  store: Store,
  hotmart: RunningEmulator,
  now: number,
): Promise<void> {
  await store.createConnection(
    {
      id: CONNECTION,
      kind: 'hotmart',
      name: 'Emulated Hotmart',
      hottoks: ['test-hottok'],
      credentials: { clientId: hotmart.credentials.clientId, clientSecret: hotmart.credentials.clientSecret },
      settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl },
    },
    now,
  );
}

/** Stores one webhook body in the inbox, as the webhook route does after the hottok check. */
export async function deliver(
  store: Store,
  payload: { id: string },
  connectionId = CONNECTION,
): Promise<string> {
  const outcome = await store.ingest({
    connectionId,
    eventId: payload.id,
    receivedAt: Date.now(),
    contentType: 'application/json',
    headers: {},
    body: JSON.stringify(payload),
  });
  if (outcome !== 'stored') throw new Error(`delivery ${payload.id} was a ${outcome}`);
  return payload.id;
}

/** Polls until `probe` returns a value (not null/undefined/false). */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits for a run to finish and returns it; fails fast when it dies. */
export async function waitForCompletedRun(store: Store, runId: string) {
  const run = await waitFor(async () => {
    const found = await store.getRun(runId);
    return found && ['completed', 'dead', 'cancelled'].includes(found.status) ? found : null;
  }, `run ${runId}`);
  if (run.status !== 'completed') throw new Error(`run ${runId} is ${run.status}: ${run.error?.message}`);
  return run;
}
