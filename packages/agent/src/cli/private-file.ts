import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file only its owner can read or write (mode 0600), atomically: the text goes to a private temporary file
 * in the same directory, is flushed, and is renamed over `path`, so nobody ever reads a half-written file and the
 * content is never readable by others, even for an instant. The mode is set again after the rename, whatever the
 * umask was.
 *
 * @example
 * import { writePrivateFile } from './private-file.ts';
 * writePrivateFile('/srv/hotpilot/.env', 'HOTPILOT_PORT=3000\n');
 */
export function writePrivateFile(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  chmodSync(path, 0o600);
}
