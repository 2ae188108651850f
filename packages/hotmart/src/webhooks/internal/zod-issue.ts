import type { z } from 'zod';

/**
 * A zod issue path as JSON-safe keys (symbols can't occur in parsed JSON, but the type allows them).
 *
 * @example
 * ```ts
 * import { jsonPath } from './zod-issue.ts';
 *
 * jsonPath(['data', 0, Symbol.for('x')]); // ['data', 0, 'Symbol(x)']
 * ```
 */
export function jsonPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((key) => (typeof key === 'number' ? key : String(key)));
}

/**
 * `data.purchase.price.value` style rendering of a path.
 *
 * @example
 * ```ts
 * import { dottedPath } from './zod-issue.ts';
 *
 * dottedPath(['data', 'plans', 0, 'id']); // 'data.plans[0].id'
 * ```
 */
export function dottedPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key),
    '',
  );
}

/**
 * The first issue of a failed parse (path prefixed with `prefix`) and a one-line description. Zod's messages name
 * expected and received *types*, never the offending value, so nothing secret can leak through them.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 *
 * import { describeIssues } from './zod-issue.ts';
 *
 * const failed = z.object({ value: z.number() }).safeParse({ value: '1' });
 * if (!failed.success) describeIssues(failed.error, ['data']).text; // 'data.value: Invalid input: expected number, …'
 * ```
 */
export function describeIssues(
  error: z.ZodError,
  prefix: readonly (string | number)[],
): { path: (string | number)[]; text: string } {
  const [first] = error.issues;
  const path = [...prefix, ...jsonPath(first?.path ?? [])];
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return { path, text: `${dottedPath(path)}: ${first?.message ?? 'invalid'}${more}` };
}
