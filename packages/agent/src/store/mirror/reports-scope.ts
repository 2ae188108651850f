import { StoreError } from '../errors.ts';
import { checkTimeZone } from './reports-time.ts';

/**
 * What every report is scoped by: one Hotmart connection (or every connection when `connectionId` is absent) and
 * the time zone whose calendar days the report counts in.
 *
 * @example
 * import type { ReportScope } from './reports-scope.ts';
 * const scope: ReportScope = { connectionId: 'main', timeZone: 'America/Sao_Paulo' };
 */
export interface ReportScope {
  /** The Hotmart connection to report on; every connection when absent or null. */
  connectionId?: string | null | undefined;
  /** IANA time zone, e.g. `America/Sao_Paulo`: dates are this zone's calendar days. */
  timeZone: string;
}

/**
 * A checked scope: the connection id (null for all) and the time zone.
 *
 * @example
 * import type { CheckedScope } from './reports-scope.ts';
 * const scope: CheckedScope = { connectionId: null, timeZone: 'UTC' };
 */
export interface CheckedScope {
  connectionId: string | null;
  timeZone: string;
}

/**
 * Checks a report scope; a bad connection id or an unknown time zone is a `StoreError('invalid')`.
 *
 * @example
 * import { checkScope } from './reports-scope.ts';
 * checkScope({ timeZone: 'UTC' }); // { connectionId: null, timeZone: 'UTC' }
 */
export function checkScope(scope: ReportScope): CheckedScope {
  if (scope === null || typeof scope !== 'object')
    throw new StoreError('invalid', 'report params are missing');
  const { connectionId } = scope;
  if (connectionId !== undefined && connectionId !== null) {
    if (typeof connectionId !== 'string' || connectionId.length === 0 || connectionId.length > 200) {
      throw new StoreError('invalid', 'connectionId must be a non-empty string of at most 200 characters');
    }
  }
  return { connectionId: connectionId ?? null, timeZone: checkTimeZone(scope.timeZone) };
}

/**
 * SQL restricting `alias`'s rows to the scope's connection (`AND alias.connection_id = ?`, the value bound with
 * `bind`), or nothing for all connections.
 *
 * @example
 * import { connectionFilter } from './reports-scope.ts';
 * import { createParams } from './reports-sql.ts';
 * const params = createParams();
 * connectionFilter('s', 'main', params.bind); // ' AND s.connection_id = ?' (params.values: ['main'])
 */
export function connectionFilter(
  alias: string,
  connectionId: string | null,
  bind: (value: unknown) => string,
): string {
  return connectionId === null ? '' : ` AND ${alias}.connection_id = ${bind(connectionId)}`;
}
