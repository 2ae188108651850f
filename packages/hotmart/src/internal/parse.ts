import type { z } from 'zod';
import { InvalidInputError } from '../errors.ts';
import type { HotmartLogger } from './logger.ts';
import { toIssues } from './options.ts';
import { schemaCheck } from './schema-check.ts';

/**
 * Validates caller input (query parameters or a request body) with its strict schema and returns the wire form
 * (dates as epoch ms, repeatable filters as arrays). Throws `InvalidInputError` naming every bad field before
 * anything is sent.
 *
 * @example
 * const query = parseInput(SalesHistoryParams, { max_results: 50 }, 'sales.history parameters');
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidInputError(subject, toIssues(parsed.error));
  return parsed.data;
}

/**
 * Parses a Hotmart response with its loose schema. Hotmart's docs are not a formal spec (STYLE convention 2), so a
 * body that does not match is logged as drift (paths and messages only, never values) and returned unchanged
 * instead of failing the call.
 *
 * A body that passes the schema's compiled check (`schemaCheck`: the same checks, without zod's copy of every
 * object) is returned as it is — what zod would have returned, minus the copy, which for a 500-sale page is most
 * of the cost. zod parses whatever fails the check (to report the drift) and schemas the check cannot compile.
 *
 * @example
 * const me = parseResponse(UserMe, body, { operation: 'user.me', logger });
 */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  body: unknown,
  context: { operation: string; logger: HotmartLogger },
): z.output<S> {
  if (schemaCheck(schema)?.(body)) return body as z.output<S>;
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  context.logger.warn(
    {
      operation: context.operation,
      issues: parsed.error.issues
        .slice(0, 20)
        .map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      issueCount: parsed.error.issues.length,
    },
    'hotmart response does not match its schema; returning it unchanged',
  );
  return body as z.output<S>;
}
