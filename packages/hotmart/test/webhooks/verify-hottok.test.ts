import { describe, expect, it } from 'vitest';

import { verifyHottok } from '../../src/webhooks/index.ts';

const CURRENT = 'Wm9Zc3BhcmtsZXNIb3R0b2sxMjM0NTY3ODkw';
const PREVIOUS = 'previous-hottok-kept-during-rotation';

describe('verifyHottok', () => {
  it('accepts an exact accepted token, including any entry of a rotation list', () => {
    expect(verifyHottok(CURRENT, [CURRENT])).toBe(true);
    expect(verifyHottok(PREVIOUS, [CURRENT, PREVIOUS])).toBe(true);
    expect(verifyHottok(CURRENT, [CURRENT, PREVIOUS])).toBe(true);
  });

  it('rejects near misses: case, whitespace, prefixes, extensions', () => {
    for (const near of [
      CURRENT.toLowerCase(),
      ` ${CURRENT}`,
      `${CURRENT}\n`,
      CURRENT.slice(0, -1),
      `${CURRENT}0`,
    ]) {
      expect(verifyHottok(near, [CURRENT, PREVIOUS])).toBe(false);
    }
  });

  it('fails closed on a missing or empty header', () => {
    expect(verifyHottok(undefined, [CURRENT])).toBe(false);
    expect(verifyHottok(null, [CURRENT])).toBe(false);
    expect(verifyHottok('', [CURRENT])).toBe(false);
  });

  it('fails closed on an empty list and never matches empty entries', () => {
    expect(verifyHottok(CURRENT, [])).toBe(false);
    expect(verifyHottok(CURRENT, [''])).toBe(false);
    expect(verifyHottok('', ['', ''])).toBe(false);
    expect(verifyHottok(CURRENT, ['', CURRENT])).toBe(true);
  });

  it('fails closed on values of the wrong type from untyped callers', () => {
    expect(verifyHottok([CURRENT] as unknown as string, [CURRENT])).toBe(false);
    expect(verifyHottok(CURRENT, CURRENT as unknown as string[])).toBe(false);
    expect(verifyHottok(CURRENT, [42 as unknown as string, CURRENT])).toBe(true);
    expect(verifyHottok(CURRENT, [null as unknown as string])).toBe(false);
  });

  it('compares Unicode tokens exactly', () => {
    expect(verifyHottok('tökén-ç', ['tökén-ç'])).toBe(true);
    // Same letters, different normalisation (NFD vs NFC): not the same token.
    expect(verifyHottok('tökén-ç'.normalize('NFD'), ['tökén-ç'.normalize('NFC')])).toBe(false);
  });
});
