import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where Hotmart's published API samples live: `shared/fixtures/hotmart/api`, beside the repository checkout
 * (read-only data, kept byte-for-byte outside the repo); `HOTMART_API_FIXTURES` overrides it.
 *
 * @example
 * loadFixture('sales-history.json');
 */
export const API_FIXTURES_DIR =
  process.env['HOTMART_API_FIXTURES'] ??
  fileURLToPath(new URL('../../../../../shared/fixtures/hotmart/api', import.meta.url));

/**
 * Reads one API fixture as parsed JSON.
 *
 * @example
 * const body = loadFixture('club-modules.json');
 */
export function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(join(API_FIXTURES_DIR, name), 'utf8'));
}

/**
 * Lists the fixture file names.
 *
 * @example
 * listFixtures().includes('sales-history.json'); // true
 */
export function listFixtures(): string[] {
  return readdirSync(API_FIXTURES_DIR).filter((name) => name.endsWith('.json'));
}
