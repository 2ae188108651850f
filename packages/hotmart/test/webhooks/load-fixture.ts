import { readdirSync, readFileSync } from 'node:fs';

// test/webhooks → test → hotmart → packages → main → the workspace folder that holds `shared/`.
const FIXTURES = new URL('../../../../../shared/fixtures/hotmart/webhooks/', import.meta.url);

/** The names of the published webhook samples (reference §10), without `.json`. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** The bytes of one sample, exactly as published. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(`${name}.json`, FIXTURES));
}

/** One sample as a parsed JSON object. */
export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(fixtureBytes(name).toString('utf8')) as Record<string, unknown>;
}
