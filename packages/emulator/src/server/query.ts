import { invalidParameter, invalidValue } from './errors.ts';

/**
 * Reads and validates query parameters the way the API's 400s need: a malformed value is `invalid_parameter`, a
 * well-formed value Hotmart would refuse is `invalid_value_parameter`, each naming the parameter. Multi-valued
 * filters repeat the key (`?status=A&status=B`, reference §3.4); comma-joined values are not split.
 *
 * @example
 * const query = new QueryReader(new URL('http://x/?max_results=10'));
 * query.int('max_results', { min: 1 }); // 10
 */
export class QueryReader {
  readonly params: URLSearchParams;

  constructor(url: URL) {
    this.params = url.searchParams;
  }

  has(name: string): boolean {
    return this.params.has(name);
  }

  /** A single-valued string; repeating it is an error. Empty values count as absent. */
  string(name: string, options: { maxLength?: number } = {}): string | undefined {
    const values = this.params.getAll(name).filter((value) => value !== '');
    if (values.length === 0) return undefined;
    if (values.length > 1) throw invalidParameter(name, 'must be given once');
    const value = values[0] as string;
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      throw invalidValue(name, `longer than ${options.maxLength} characters`);
    }
    return value;
  }

  /** A required single-valued string. */
  required(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw invalidParameter(name, 'is required');
    return value;
  }

  /** Every value of a repeatable parameter. */
  strings(name: string): string[] {
    return this.params.getAll(name).filter((value) => value !== '');
  }

  /** A single integer in [min, max]. */
  int(name: string, options: { min?: number; max?: number } = {}): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!/^-?\d+$/.test(raw)) throw invalidParameter(name, 'must be an integer');
    const value = Number(raw);
    if (!Number.isSafeInteger(value)) throw invalidParameter(name, 'must be an integer');
    if (options.min !== undefined && value < options.min)
      throw invalidValue(name, `must be at least ${options.min}`);
    if (options.max !== undefined && value > options.max)
      throw invalidValue(name, `must be at most ${options.max}`);
    return value;
  }

  /** An epoch-milliseconds date (reference §3.1). */
  date(name: string): number | undefined {
    return this.int(name, { min: 0 });
  }

  /** `true` or `false`. */
  bool(name: string): boolean | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    throw invalidParameter(name, 'must be true or false');
  }

  /** One value of an enumeration. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(raw)) throw invalidValue(name, `unknown value '${raw}'`);
    return raw as T;
  }

  /** Every value of a repeatable enumeration filter, as a set (undefined when absent). */
  manyOf<T extends string>(name: string, allowed: readonly T[]): Set<T> | undefined {
    const values = this.strings(name);
    if (values.length === 0) return undefined;
    for (const value of values) {
      if (!(allowed as readonly string[]).includes(value))
        throw invalidValue(name, `unknown value '${value}'`);
    }
    return new Set(values as T[]);
  }

  /** A `[start, end]` range from two date parameters; start after end is refused. */
  dateRange(startName: string, endName: string): { start?: number; end?: number } {
    const start = this.date(startName);
    const end = this.date(endName);
    if (start !== undefined && end !== undefined && start > end) {
      throw invalidValue(endName, `must not be before ${startName}`);
    }
    return { ...(start !== undefined && { start }), ...(end !== undefined && { end }) };
  }

  /**
   * The query's filter parameters in a canonical form (sorted, paging and `select` removed): page tokens carry
   * a fingerprint of it, so a token is refused when replayed against another query.
   */
  canonicalFilters(): string {
    const pairs: string[] = [];
    for (const [key, value] of this.params) {
      if (key === 'page_token' || key === 'max_results' || key === 'select') continue;
      pairs.push(`${key}=${value}`);
    }
    return pairs.sort().join('&');
  }
}
