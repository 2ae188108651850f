import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function output(
  child: ChildProcess,
  until?: RegExp,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (until?.test(stdout)) resolve({ stdout, stderr, code: null });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ stdout, stderr, code }));
  });
}

describe('hotmart-emulator CLI', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('starts, prints the URLs and default credentials, serves them, and stops on SIGTERM', async () => {
    child = run(['--port', '0', '--seed', '3', '--size', '300', '--token-ttl', '120', '--no-rate-limit']);
    const { stdout } = await output(child, /Rate limit\s*: .*\n/);
    expect(stdout).toContain('300 sales');
    const field = (name: string) => new RegExp(`${name}\\s*: (\\S+)`).exec(stdout)?.[1] as string;
    const tokenUrl = field('Token URL');
    const apiBaseUrl = field('API base URL');
    expect(tokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/security\/oauth\/token$/);
    expect(field('Rate limit')).toBe('off');
    const response = await fetch(
      `${tokenUrl}?grant_type=client_credentials&client_id=${field('client_id')}&client_secret=${field('client_secret')}`,
      { method: 'POST', headers: { authorization: `Basic ${field('Basic')}` } },
    );
    expect(response.status).toBe(200);
    const token = (await response.json()) as { access_token: string; expires_in: number };
    expect(token.expires_in).toBe(120);
    const me = await fetch(`${apiBaseUrl}/user/api/v1/me`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(me.status).toBe(200);
    const exited = output(child);
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });

  it('prints help, and refuses bad arguments with a message', async () => {
    const [help, bad, unknown] = await Promise.all([
      output(run(['--help'])),
      output(run(['--size', 'lots'])),
      output(run(['--colour'])),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--no-rate-limit');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--size');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('colour');
  });
});
