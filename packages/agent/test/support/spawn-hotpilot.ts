import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./hotpilot-process.ts', import.meta.url));

/** A hotpilot child process started by `spawnHotpilot`. */
export interface HotpilotChild {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Base URL, from the `HOTPILOT_READY` line. */
  readonly url: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `hotpilot-process.ts` in its own Node process (the real process, not a `tsx` wrapper, so signals and
 * SIGKILL hit hotpilot itself) and resolves once it listens.
 *
 * @example
 * import { spawnHotpilot } from './spawn-hotpilot.ts';
 * const hp = await spawnHotpilot({ HOTPILOT_DATA_DIR: '/tmp/hp', HOTPILOT_PORT: '0' });
 * hp.child.kill('SIGTERM');
 * await hp.exited;
 */
export function spawnHotpilot(
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<HotpilotChild> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', SCRIPT], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    output += text;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hotpilot did not start in time:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    child.stdout?.on('data', (text: string) => {
      output += text;
      const match = /HOTPILOT_READY (\S+)/.exec(output);
      if (match && child.pid !== undefined) {
        clearTimeout(timer);
        resolve({ child, pid: child.pid, url: match[1]!, output: () => output, exited });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`hotpilot exited before it was ready (code ${code}, signal ${signal}):\n${output}`));
    });
  });
}
