import type { Store } from '../store/port.ts';

/**
 * Where a windowed sync (sales, subscriptions) got to: every window ending at or before `until` is in the mirror.
 *
 * @example
 * import type { SyncCheckpoint } from './sync-checkpoint.ts';
 * const checkpoint: SyncCheckpoint = { until: 1780315200000, updatedAt: 1780315260000 };
 */
export interface SyncCheckpoint {
  until: number;
  updatedAt: number;
}

/**
 * The state-KV key of a connection's checkpoint for one resource.
 *
 * @example
 * import { checkpointKey } from './sync-checkpoint.ts';
 * checkpointKey('main', 'sales'); // 'mirror:checkpoint:main:sales'
 */
export function checkpointKey(connectionId: string, resource: string): string {
  return `mirror:checkpoint:${connectionId}:${resource}`;
}

/**
 * Reads a checkpoint; null when there is none or the stored value isn't one (a damaged value means "start over",
 * which only costs requests: upserts make re-reading harmless).
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { readCheckpoint } from './sync-checkpoint.ts';
 * declare const store: Store;
 * const checkpoint = await readCheckpoint(store, 'main', 'sales');
 * console.log(checkpoint ? new Date(checkpoint.until) : 'never synced');
 */
export async function readCheckpoint(
  store: Store,
  connectionId: string,
  resource: string,
): Promise<SyncCheckpoint | null> {
  const value = await store.getState<Partial<SyncCheckpoint>>(checkpointKey(connectionId, resource));
  if (!value || typeof value.until !== 'number' || !Number.isFinite(value.until)) return null;
  return { until: value.until, updatedAt: typeof value.updatedAt === 'number' ? value.updatedAt : 0 };
}

/**
 * A half-open date window `[from, to)` in epoch ms.
 *
 * @example
 * import type { DateWindow } from './sync-checkpoint.ts';
 * const window: DateWindow = { from: 0, to: 86_400_000 };
 */
export interface DateWindow {
  from: number;
  to: number;
}

/**
 * Cuts `[from, to)` into consecutive windows of `size` ms (the last one shorter): no gap, no overlap.
 *
 * @example
 * import { dateWindows } from './sync-checkpoint.ts';
 * dateWindows(0, 25, 10); // [{ from: 0, to: 10 }, { from: 10, to: 20 }, { from: 20, to: 25 }]
 */
export function dateWindows(from: number, to: number, size: number): DateWindow[] {
  if (!(size > 0) || !Number.isFinite(size))
    throw new RangeError('window size must be a positive number of ms');
  const windows: DateWindow[] = [];
  for (let start = from; start < to; start += size)
    windows.push({ from: start, to: Math.min(start + size, to) });
  return windows;
}
