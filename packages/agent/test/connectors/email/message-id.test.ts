import { describe, expect, it } from 'vitest';
import { messageIdFor } from '../../../src/connectors/email/message-id.ts';

describe('messageIdFor', () => {
  it('keeps atext and escapes everything else, deterministically', () => {
    expect(messageIdFor('run_1:send-day-1')).toBe('<run_1%3Asend-day-1@hotpilot>');
    expect(messageIdFor('sequence:welcome:ana@example.com:send-tips')).toBe(
      '<sequence%3Awelcome%3Aana%40example.com%3Asend-tips@hotpilot>',
    );
    expect(messageIdFor('ação <x> 100%')).toBe('<a%C3%A7%C3%A3o%20%3Cx%3E%20100%25@hotpilot>');
    expect(messageIdFor('a:b')).toBe(messageIdFor('a:b'));
  });

  it('never produces a leading, trailing or doubled dot', () => {
    expect(messageIdFor('.a..b.')).toBe('<%2Ea%2E.b%2E@hotpilot>');
    expect(messageIdFor('...')).toBe('<%2E%2E%2E@hotpilot>');
  });

  it('digests keys too long for a header line, and refuses an empty key', () => {
    const id = messageIdFor(`run:${'x'.repeat(300)}`);
    expect(id).toMatch(/^<sha256\.[A-Za-z0-9_-]{43}@hotpilot>$/);
    expect(messageIdFor(`run:${'x'.repeat(300)}`)).toBe(id);
    expect(messageIdFor(`run:${'y'.repeat(300)}`)).not.toBe(id);
    expect(() => messageIdFor('')).toThrow('messageIdFor: the key must not be empty');
  });
});
