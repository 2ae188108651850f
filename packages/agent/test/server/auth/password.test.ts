import { describe, expect, it } from 'vitest';
import {
  createPasswordHasher,
  DEFAULT_SCRYPT_COST,
  defaultPasswordHasher,
} from '../../../src/store/access/password-hash.ts';
import { checkPassword, describePasswordProblem } from '../../../src/store/access/password-policy.ts';

const fast = createPasswordHasher({ cost: { ln: 10 } });

describe('scrypt password hashes', () => {
  it('stores the parameters, a per-hash salt and the key in the hash string', async () => {
    const a = await fast.hash('a long passphrase of mine');
    const b = await fast.hash('a long passphrase of mine');
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    // Same password, different salt, different hash.
    expect(a).not.toBe(b);
    expect(a.split('$')[3]).not.toBe(b.split('$')[3]);
    expect(a).not.toContain('passphrase');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await fast.hash('correct horse battery staple');
    await expect(fast.verify('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(fast.verify('correct horse battery stapl', stored)).resolves.toBe(false);
    await expect(fast.verify('Correct horse battery staple', stored)).resolves.toBe(false);
    await expect(fast.verify('', stored)).resolves.toBe(false);
  });

  it('verifies hashes made with another cost (the cost travels with the hash)', async () => {
    const other = createPasswordHasher({ cost: { ln: 11, r: 4, p: 2 } });
    const stored = await other.hash('another long passphrase');
    expect(stored.startsWith('$scrypt$ln=11,r=4,p=2$')).toBe(true);
    await expect(fast.verify('another long passphrase', stored)).resolves.toBe(true);
    expect(fast.needsRehash(stored)).toBe(true);
    expect(other.needsRehash(stored)).toBe(false);
  });

  it('treats composed and decomposed accents as the same password (NFKC)', async () => {
    const stored = await fast.hash('senha do coração 2025');
    await expect(fast.verify('senha do corac\u0327a\u0303o 2025', stored)).resolves.toBe(true);
  });

  it('answers false for malformed or out-of-range hashes after doing the same work', async () => {
    const stored = await fast.hash('a long passphrase of mine');
    const tampered = stored.replace('ln=10', 'ln=25');
    for (const bad of [
      '',
      'plain-text',
      '$scrypt$ln=10,r=8,p=1$short$short',
      tampered,
      stored.slice(0, -5),
    ]) {
      await expect(fast.verify('a long passphrase of mine', bad)).resolves.toBe(false);
      expect(fast.needsRehash(bad)).toBe(true);
    }
  });

  it('refuses a cost outside the accepted range', () => {
    expect(() => createPasswordHasher({ cost: { ln: 9 } })).toThrow(RangeError);
    expect(() => createPasswordHasher({ cost: { ln: 21 } })).toThrow(/ln in 10–20/);
    expect(() => createPasswordHasher({ cost: { r: 0 } })).toThrow(RangeError);
    expect(() => createPasswordHasher({ cost: { p: 1.5 } })).toThrow(RangeError);
  });

  it('uses N = 2^15, r = 8, p = 1 by default', async () => {
    expect(DEFAULT_SCRYPT_COST).toEqual({ ln: 15, r: 8, p: 1 });
    expect(defaultPasswordHasher.cost).toEqual({ ln: 15, r: 8, p: 1 });
    const stored = await defaultPasswordHasher.hash('a long passphrase of mine');
    expect(stored.startsWith('$scrypt$ln=15,r=8,p=1$')).toBe(true);
    await expect(defaultPasswordHasher.verify('a long passphrase of mine', stored)).resolves.toBe(true);
  });

  it('keeps one decoy hash of its own cost for unknown users', async () => {
    const decoy = await fast.decoyHash();
    expect(decoy).toBe(await fast.decoyHash());
    expect(decoy.startsWith('$scrypt$ln=10,r=8,p=1$')).toBe(true);
    expect(fast.needsRehash(decoy)).toBe(false);
  });
});

describe('password rules', () => {
  it('needs at least 12 characters, counted as characters not bytes', () => {
    expect(checkPassword('elevenchars', 'ana@example.com')).toEqual(['too_short']);
    expect(checkPassword('twelve chars', 'ana@example.com')).toEqual([]);
    // 12 code points, 24 UTF-16 units: emoji count once each.
    expect(checkPassword('😀'.repeat(12), 'ana@example.com')).toEqual([]);
    expect(checkPassword('😀'.repeat(11), 'ana@example.com')).toEqual(['too_short']);
  });

  it('refuses the e-mail address or its local part, whatever the case', () => {
    expect(checkPassword('Ana.Souza@Example.com', 'ana.souza@example.com')).toEqual(['is_email']);
    expect(checkPassword('ANA.SOUZA.LONGNAME', 'ana.souza.longname@example.com')).toEqual(['is_email']);
    expect(checkPassword('x@y.co', 'x@y.co')).toEqual(['too_short', 'is_email']);
  });

  it('caps the length', () => {
    expect(checkPassword('a'.repeat(1025), 'ana@example.com')).toEqual(['too_long']);
    expect(describePasswordProblem('too_long')).toBe('must have at most 1024 characters');
    expect(describePasswordProblem('too_short')).toBe('must have at least 12 characters');
    expect(describePasswordProblem('is_email')).toBe('must not be the e-mail address');
  });
});
