import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Asks questions on a terminal (`hotpilot init` without flags).
 *
 * @example
 * import type { Prompter } from './prompt.ts';
 * async function askName(prompter: Prompter) {
 *   return prompter.ask('Your name', { default: 'Ana' });
 * }
 */
export interface Prompter {
  /**
   * Prints `question` and resolves with the trimmed answer, or `default` when the answer is empty. With `secret`,
   * what is typed is not echoed (passwords, client secrets, hottoks). Rejects when the input ends first.
   */
  ask(question: string, options?: { default?: string; secret?: boolean }): Promise<string>;
  /** Releases the terminal. */
  close(): void;
}

/**
 * A {@link Prompter} on a readable terminal and a writable one (standard input and standard error, so standard
 * output stays clean for what the command prints). Returns null when `input` is not a terminal: scripts and CI pass
 * flags instead. Lines typed (or pasted) ahead of a question are kept for it, in order.
 *
 * @example
 * import { createPrompter } from './prompt.ts';
 * const prompter = createPrompter(process.stdin, process.stderr);
 * const email = await prompter?.ask('Admin e-mail');
 * prompter?.close();
 */
export function createPrompter(
  input: NodeJS.ReadableStream & { isTTY?: boolean },
  output: NodeJS.WritableStream,
): Prompter | null {
  if (input.isTTY !== true) return null;
  let muted = false;
  // readline echoes what is typed through its output; a gate in front of the real output hides secrets.
  const gate = new Writable({
    write(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void) {
      if (!muted) output.write(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
      callback();
    },
  });
  const lines: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  let ended = false;
  let rl: Interface | null = null;
  const readline = () => {
    if (rl) return rl;
    rl = createInterface({ input, output: gate, terminal: true });
    rl.on('line', (line) => {
      const next = waiting.shift();
      if (next) next.resolve(line);
      else lines.push(line);
    });
    rl.on('close', () => {
      ended = true;
      for (const next of waiting.splice(0))
        next.reject(new Error('the input ended before the question was answered'));
    });
    return rl;
  };
  const nextLine = () => {
    readline();
    const line = lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (ended) return Promise.reject(new Error('the input ended before the question was answered'));
    return new Promise<string>((resolve, reject) => waiting.push({ resolve, reject }));
  };
  return {
    async ask(question, options = {}) {
      const hint = options.default ? ` [${options.default}]` : '';
      output.write(`${question}${hint}: `);
      muted = options.secret === true;
      let answer: string;
      try {
        answer = await nextLine();
      } finally {
        if (muted) output.write('\n');
        muted = false;
      }
      const trimmed = answer.trim();
      return trimmed === '' ? (options.default ?? '') : trimmed;
    },
    close() {
      rl?.close();
      rl = null;
    },
  };
}
