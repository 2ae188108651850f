import { describe, expect, it } from 'vitest';
import { type Logger, lazyChild } from '../../src/kit/logger.ts';

/** A logger that records its children's bindings and every line with the bindings in force. */
function recording() {
  const children: Record<string, unknown>[] = [];
  const lines: { level: string; bindings: Record<string, unknown>; msg: string | undefined }[] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const at = (level: string) => (_obj: object, msg?: string) => lines.push({ level, bindings, msg });
    return {
      trace: at('trace'),
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      fatal: at('fatal'),
      child: (more) => {
        children.push(more);
        return make({ ...bindings, ...more });
      },
    };
  };
  return { root: make({}), children, lines };
}

describe('lazyChild', () => {
  it('makes the child on the first line only, once, with its bindings', () => {
    const { root, children, lines } = recording();
    const logger = lazyChild(root, { runId: 'r1' });
    expect(children).toEqual([]);
    logger.warn({}, 'first');
    logger.error({}, 'second');
    expect(children).toEqual([{ runId: 'r1' }]);
    expect(lines).toEqual([
      { level: 'warn', bindings: { runId: 'r1' }, msg: 'first' },
      { level: 'error', bindings: { runId: 'r1' }, msg: 'second' },
    ]);
  });

  it('passes bindings down to its own children, still lazily', () => {
    const { root, children, lines } = recording();
    const logger = lazyChild(root, { runId: 'r1' }).child({ step: 's1' });
    expect(children).toEqual([]);
    logger.info({}, 'hello');
    expect(children).toEqual([{ runId: 'r1', step: 's1' }]);
    expect(lines).toEqual([{ level: 'info', bindings: { runId: 'r1', step: 's1' }, msg: 'hello' }]);
  });
});
