import { createGoogleFake, type GoogleFake, type GoogleFakeOptions } from './google/google-fake.ts';
import { createHubspotFake, type HubspotFake, type HubspotFakeOptions } from './hubspot/hubspot-fake.ts';
import type { Clock } from './internal/fake-host.ts';
import { type RunningFake, serveFake } from './serve-fake.ts';
import { createSlackFake, type SlackFake, type SlackFakeOptions } from './slack/slack-fake.ts';
import { createZendeskFake, type ZendeskFake, type ZendeskFakeOptions } from './zendesk/zendesk-fake.ts';

/**
 * Options of `startFakes`: each vendor's options, a clock shared by all (unless a vendor sets its own) and the
 * host to listen on (loopback by default; every fake gets a free port).
 *
 * @example
 * const options: StartFakesOptions = { slack: { channels: ['sales'] }, hubspot: { accessTokens: ['pat-test'] } };
 */
export interface StartFakesOptions {
  hubspot?: HubspotFakeOptions;
  zendesk?: ZendeskFakeOptions;
  slack?: SlackFakeOptions;
  google?: GoogleFakeOptions;
  now?: Clock;
  hostname?: string;
}

/**
 * The four fakes, each listening, with its base URL next to its handle; Google's also names its token URL.
 *
 * @example
 * const fakes: RunningFakes = await startFakes();
 * fakes.google.tokenUrl; // 'http://127.0.0.1:PORT/token'
 */
export interface RunningFakes {
  readonly hubspot: HubspotFake & { readonly url: string };
  readonly zendesk: ZendeskFake & { readonly url: string };
  readonly slack: SlackFake & { readonly url: string };
  readonly google: GoogleFake & { readonly url: string; readonly tokenUrl: string };
  /** Stops all four (ending hanging requests first). */
  close(): Promise<void>;
}

/**
 * Creates and starts every fake on its own free port, for tests, benchmarks and `hotpilot demo`.
 *
 * @example
 * const fakes = await startFakes({ slack: { channels: ['sales'] } });
 * try {
 *   await fetch(`${fakes.slack.url}/api/auth.test`, { method: 'POST', headers: { authorization: `Bearer ${fakes.slack.botTokens[0]}` } });
 * } finally {
 *   await fakes.close();
 * }
 */
export async function startFakes(options: StartFakesOptions = {}): Promise<RunningFakes> {
  const withClock = <T extends { now?: Clock }>(vendor: T | undefined): T =>
    ({ ...(options.now ? { now: options.now } : {}), ...(vendor ?? {}) }) as T;
  const hubspot = createHubspotFake(withClock(options.hubspot));
  const zendesk = createZendeskFake(withClock(options.zendesk));
  const slack = createSlackFake(withClock(options.slack));
  const google = createGoogleFake(withClock(options.google));
  const serve = { ...(options.hostname ? { hostname: options.hostname } : {}) };

  const started: RunningFake[] = [];
  const start = async (fake: Parameters<typeof serveFake>[0]) => {
    const running = await serveFake(fake, serve);
    started.push(running);
    return running;
  };
  try {
    const [h, z, s, g] = [
      await start(hubspot),
      await start(zendesk),
      await start(slack),
      await start(google),
    ] as const;
    return {
      hubspot: { ...hubspot, url: h.url },
      zendesk: { ...zendesk, url: z.url },
      slack: { ...slack, url: s.url },
      google: { ...google, url: g.url, tokenUrl: `${g.url}/token` },
      close: async () => {
        await Promise.all(started.map((r) => r.close()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((r) => r.close()));
    throw error;
  }
}
