import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { type Logger, type LoggerLevel, lazyChild, silentLogger } from '../../src/kit/logger.ts';
import { createPinoLogger } from '../../src/kit/pino.ts';

/** A logger that records its children's bindings and every line with the bindings in force. */
function recording(): {
  root: Logger;
  children: Record<string, unknown>[];
  lines: { level: string; bindings: Record<string, unknown>; msg: string | undefined }[];
} {
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

const LEVELS: readonly LoggerLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** Like `recording`, with a level its root reports through `isLevelEnabled` (changeable, as pino's is). */
function levelled(level: LoggerLevel) {
  const recorded = recording();
  const state = { level };
  const root: Logger = {
    ...recorded.root,
    isLevelEnabled: (asked) => LEVELS.indexOf(asked) >= LEVELS.indexOf(state.level),
  };
  return { ...recorded, root, state };
}

/** JSON lines written by a pino logger. */
function jsonLines(): { destination: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { destination, lines };
}

describe('lazyChild and levels', () => {
  it('makes no child for a level the parent drops, and makes it with the bindings for one it writes', () => {
    const { root, children, lines } = levelled('info');
    const logger = lazyChild(root, { runId: 'r1' });
    logger.trace({ n: 1 }, 'trace line');
    logger.debug({ n: 2 }, 'debug line');
    expect(children).toEqual([]);
    expect(lines).toEqual([]);
    expect(logger.isLevelEnabled?.('debug')).toBe(false);
    expect(logger.isLevelEnabled?.('info')).toBe(true);

    logger.info({}, 'info line');
    logger.debug({}, 'still dropped');
    logger.error({}, 'error line');
    expect(children).toEqual([{ runId: 'r1' }]);
    expect(lines).toEqual([
      { level: 'info', bindings: { runId: 'r1' }, msg: 'info line' },
      { level: 'error', bindings: { runId: 'r1' }, msg: 'error line' },
    ]);
  });

  it('asks the parent on every line, so a level changed at run time counts at once', () => {
    const { root, children, lines, state } = levelled('error');
    const logger = lazyChild(root, { runId: 'r1' }).child({ step: 's1' });
    logger.debug({}, 'dropped');
    expect(children).toEqual([]);
    state.level = 'debug';
    logger.debug({}, 'written');
    expect(children).toEqual([{ runId: 'r1', step: 's1' }]);
    expect(lines).toEqual([{ level: 'debug', bindings: { runId: 'r1', step: 's1' }, msg: 'written' }]);
    state.level = 'warn';
    logger.info({}, 'dropped again');
    expect(lines).toHaveLength(1);
  });

  it('writes every level through a parent without isLevelEnabled', () => {
    const { root, children, lines } = recording();
    const logger = lazyChild(root, { runId: 'r1' });
    expect(logger.isLevelEnabled?.('trace')).toBe(true);
    logger.trace({}, 'trace line');
    expect(children).toEqual([{ runId: 'r1' }]);
    expect(lines).toEqual([{ level: 'trace', bindings: { runId: 'r1' }, msg: 'trace line' }]);
  });

  it('says no level is enabled on the silent logger', () => {
    expect(LEVELS.map((level) => silentLogger.isLevelEnabled?.(level))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('makes no pino child for a level the pino logger drops', () => {
    const { destination, lines } = jsonLines();
    const parent = createPinoLogger({ level: 'error', destination });
    expect(parent.isLevelEnabled?.('debug')).toBe(false);
    expect(parent.isLevelEnabled?.('error')).toBe(true);
    const child = vi.spyOn(parent, 'child');
    const logger = lazyChild(parent, { runId: 'r1', step: 's1' });
    logger.trace({ a: 1 }, 'trace line');
    logger.debug({ a: 2 }, 'debug line');
    logger.info({ a: 3 }, 'info line');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);

    logger.error({ a: 4 }, 'error line');
    expect(child).toHaveBeenCalledTimes(1);
    expect(child).toHaveBeenCalledWith({ runId: 'r1', step: 's1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, runId: 'r1', step: 's1', a: 4, msg: 'error line' });
  });

  it('follows a pino level changed at run time for a child not made yet', () => {
    const { destination, lines } = jsonLines();
    const parent = pino({ level: 'error' }, destination);
    const logger = lazyChild(parent, { runId: 'r2' });
    logger.debug({}, 'dropped');
    parent.level = 'debug';
    logger.debug({}, 'written');
    expect(lines.map((line) => [line['level'], line['runId'], line['msg']])).toEqual([[20, 'r2', 'written']]);
  });
});
