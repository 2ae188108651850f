import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The file that marks a directory as the demo's own. The demo empties its data directory on every start; it only
 * ever empties a directory that carries this marker (or an empty one), so `--data-dir ~` can't wipe a home.
 *
 * @example
 * import { DEMO_MARKER } from './demo-data-dir.ts';
 * console.log(DEMO_MARKER); // '.hotpilot-demo'
 */
export const DEMO_MARKER = '.hotpilot-demo';

/**
 * Makes `path` ready for a demo run: created (mode 0700) when missing; emptied when it is a previous demo's
 * directory and `keep` is false; left as it is with `keep`. A non-empty directory without the marker is refused.
 * Returns whether the directory starts empty.
 *
 * @example
 * import { prepareDemoDataDir } from './demo-data-dir.ts';
 * const { reset } = prepareDemoDataDir('/home/ana/.hotpilot-demo', false);
 */
export function prepareDemoDataDir(path: string, keep: boolean): { reset: boolean } {
  const marker = join(path, DEMO_MARKER);
  if (!existsSync(path)) {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    writeMarker(marker);
    return { reset: true };
  }
  const entries = readdirSync(path);
  if (entries.length > 0 && !entries.includes(DEMO_MARKER)) {
    throw new Error(
      `refusing to use ${path} for the demo: it is not empty and was not made by hotpilot demo (no ${DEMO_MARKER} file); choose another --data-dir`,
    );
  }
  if (keep) {
    writeMarker(marker);
    return { reset: entries.length === 0 };
  }
  for (const entry of entries) rmSync(join(path, entry), { recursive: true, force: true });
  writeMarker(marker);
  return { reset: true };
}

function writeMarker(marker: string): void {
  writeFileSync(marker, 'This directory belongs to `hotpilot demo`, which empties it on every start.\n', {
    mode: 0o600,
  });
}
