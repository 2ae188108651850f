import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, type StartEmulatorOptions, startEmulator } from '../src/index.ts';

/**
 * Hotmart's published API samples, beside the repository checkout (`shared/fixtures/hotmart/api`); override
 * with HOTMART_FIXTURES_DIR.
 */
const FIXTURES_DIR =
  process.env['HOTMART_FIXTURES_DIR'] ??
  fileURLToPath(new URL('../../../../shared/fixtures/hotmart/api', import.meta.url));

/** Reads one API fixture by name (without `.json`). */
export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(`${FIXTURES_DIR}/${name}.json`, 'utf8')) as unknown;
}

/** A fixture's `items` (or the fixture itself when it is a bare array). */
export function fixtureItems(name: string): unknown[] {
  const data = fixture(name);
  if (Array.isArray(data)) return data;
  return (data as { items: unknown[] }).items;
}

type Shape =
  | { kind: 'object'; fields: Map<string, { shape: Shape; required: boolean }> }
  | { kind: 'array'; element?: Shape }
  | { kind: 'string' | 'number' | 'boolean' | 'null' | 'mixed' };

const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

/** The shape several samples share: keys present in all are required, keys in some are optional. */
function mergeShapes(values: readonly unknown[]): Shape {
  const kinds = new Set(values.map(kindOf));
  if (kinds.size !== 1) return { kind: 'mixed' };
  const kind = kindOf(values[0]);
  if (kind === 'object') {
    const objects = values as Record<string, unknown>[];
    const keys = new Set(objects.flatMap((object) => Object.keys(object)));
    const fields = new Map<string, { shape: Shape; required: boolean }>();
    for (const key of keys) {
      const present = objects.filter((object) => key in object).map((object) => object[key]);
      fields.set(key, { shape: mergeShapes(present), required: present.length === objects.length });
    }
    return { kind: 'object', fields };
  }
  if (kind === 'array') {
    const elements = (values as unknown[][]).flat();
    return elements.length === 0 ? { kind: 'array' } : { kind: 'array', element: mergeShapes(elements) };
  }
  return { kind: kind as 'string' | 'number' | 'boolean' };
}

interface ShapeAllowances {
  extras: ReadonlySet<string>;
  optional: ReadonlySet<string>;
}

function check(
  actual: unknown,
  shape: Shape,
  path: string,
  allow: ShapeAllowances,
  problems: string[],
): void {
  if (shape.kind === 'mixed') return;
  const kind = kindOf(actual);
  if (kind !== shape.kind) {
    problems.push(`${path}: expected ${shape.kind}, got ${kind}`);
    return;
  }
  if (shape.kind === 'object') {
    const object = actual as Record<string, unknown>;
    for (const [key, field] of shape.fields) {
      const at = `${path}.${key}`;
      if (field.required && !(key in object) && !allow.optional.has(at)) problems.push(`${at}: missing`);
      else if (key in object) check(object[key], field.shape, at, allow, problems);
    }
    for (const key of Object.keys(object)) {
      if (!shape.fields.has(key) && !allow.extras.has(`${path}.${key}`))
        problems.push(`${path}.${key}: not in the fixture`);
    }
  } else if (shape.kind === 'array' && shape.element) {
    for (const [index, element] of (actual as unknown[]).entries()) {
      check(element, shape.element, `${path}[]`, allow, problems);
      if (index > 20) break;
    }
  }
}

/**
 * Compares a value's shape with Hotmart's samples: same keys (required = in every sample, optional = in some),
 * same value types, no keys the samples lack. `extras` lists paths (like `$.page_id`) the emulator may add;
 * `optional` lists sample keys the emulator only sends when the record has them. Returns the problems found, so
 * an assertion shows all of them.
 */
export function shapeProblems(
  actual: unknown,
  samples: readonly unknown[],
  allow: { extras?: readonly string[]; optional?: readonly string[] } = {},
): string[] {
  const problems: string[] = [];
  const allowances = { extras: new Set(allow.extras ?? []), optional: new Set(allow.optional ?? []) };
  check(actual, mergeShapes(samples), '$', allowances, problems);
  return problems;
}

/** A running emulator with a token. */
export interface TestEmulator {
  hotmart: RunningEmulator;
  token: string;
  /** Fetch an API path with the bearer token. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Fetch an API path and parse JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are walked dynamically in assertions
  json<T = any>(path: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }>;
  /** Call the control API. */
  control(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** Requests a token with the default credentials. */
export async function requestToken(hotmart: RunningEmulator): Promise<string> {
  const { clientId, clientSecret, basic } = hotmart.credentials;
  const response = await fetch(
    `${hotmart.tokenUrl}?grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}`,
    { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' } },
  );
  if (response.status !== 200) throw new Error(`token request failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * Starts an emulator on port 0 (small account, rate limit off unless asked) and gets a token.
 */
export async function startTestEmulator(options: StartEmulatorOptions = {}): Promise<TestEmulator> {
  const hotmart = await startEmulator({ seed: 7, sales: 3_000, rateLimit: false, ...options });
  const token = await requestToken(hotmart);
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${hotmart.apiBaseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
  return {
    hotmart,
    token,
    api,
    async json(path, init) {
      const response = await api(path, init);
      const text = await response.text();
      return {
        status: response.status,
        body: text === '' ? undefined : JSON.parse(text),
        headers: response.headers,
      };
    },
    control: (path, init = {}) =>
      fetch(`${hotmart.controlUrl}${path}`, {
        ...init,
        headers: { 'content-type': 'application/json', ...init.headers },
      }),
    close: () => hotmart.close(),
  };
}
