import type { PropertyDefinition } from './crm-schema.ts';
import { HubspotApiError } from './hubspot-error.ts';

/**
 * The search operators of the CRM search API (https://developers.hubspot.com/docs/api/crm/search#filter-search-results).
 *
 * @example
 * const operator: SearchOperator = 'EQ';
 */
export type SearchOperator =
  | 'EQ'
  | 'NEQ'
  | 'LT'
  | 'LTE'
  | 'GT'
  | 'GTE'
  | 'BETWEEN'
  | 'IN'
  | 'NOT_IN'
  | 'HAS_PROPERTY'
  | 'NOT_HAS_PROPERTY'
  | 'CONTAINS_TOKEN'
  | 'NOT_CONTAINS_TOKEN';

const OPERATORS = new Set<string>([
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
]);

// Limits of the search API: up to five filter groups of up to six filters, eighteen filters in all, 200 results a
// page.
const MAX_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 6;
const MAX_FILTERS = 18;

/**
 * The largest page a search answers.
 *
 * @example
 * const limit = Math.min(500, MAX_SEARCH_LIMIT); // 200
 */
export const MAX_SEARCH_LIMIT = 200;

/**
 * One checked filter.
 *
 * @example
 * const filter: SearchFilter = { propertyName: 'email', operator: 'EQ', value: 'ana@example.com' };
 */
export interface SearchFilter {
  propertyName: string;
  operator: SearchOperator;
  value?: string;
  highValue?: string;
  values?: string[];
}

/**
 * Checks the `filterGroups` of a search body and returns them parsed; throws a 400 `VALIDATION_ERROR` naming the
 * bad field otherwise. Groups are ORed; filters inside a group are ANDed.
 *
 * @example
 * parseFilterGroups([{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'a@b.co' }] }], definitions);
 */
export function parseFilterGroups(
  input: unknown,
  definitions: ReadonlyMap<string, PropertyDefinition>,
): SearchFilter[][] {
  if (input === undefined) return [];
  if (!Array.isArray(input))
    throw HubspotApiError.validation('filterGroups must be an array', 'filterGroups');
  if (input.length > MAX_GROUPS) {
    throw HubspotApiError.validation(
      `Too many filter groups (${input.length}); the limit is ${MAX_GROUPS}`,
      'filterGroups',
    );
  }
  let total = 0;
  return input.map((group, g) => {
    const filters = (group as { filters?: unknown } | null)?.filters;
    if (!Array.isArray(filters)) {
      throw HubspotApiError.validation(
        `filterGroups[${g}].filters must be an array`,
        `filterGroups[${g}].filters`,
      );
    }
    if (filters.length > MAX_FILTERS_PER_GROUP) {
      throw HubspotApiError.validation(
        `Too many filters in filterGroups[${g}] (${filters.length}); the limit is ${MAX_FILTERS_PER_GROUP}`,
        `filterGroups[${g}].filters`,
      );
    }
    total += filters.length;
    if (total > MAX_FILTERS) {
      throw HubspotApiError.validation(
        `Too many filters; the limit is ${MAX_FILTERS} in all`,
        'filterGroups',
      );
    }
    return filters.map((raw, f) => parseFilter(raw, `filterGroups[${g}].filters[${f}]`, definitions));
  });
}

function parseFilter(
  raw: unknown,
  where: string,
  definitions: ReadonlyMap<string, PropertyDefinition>,
): SearchFilter {
  const filter = (raw ?? {}) as Record<string, unknown>;
  const { propertyName, operator } = filter;
  if (typeof propertyName !== 'string' || propertyName === '') {
    throw HubspotApiError.validation(`${where}.propertyName is required`, `${where}.propertyName`);
  }
  if (!definitions.has(propertyName)) {
    throw HubspotApiError.validation(
      `${where}: Property "${propertyName}" does not exist`,
      `${where}.propertyName`,
    );
  }
  const op = operator ?? 'EQ';
  if (typeof op !== 'string' || !OPERATORS.has(op)) {
    throw HubspotApiError.validation(
      `${where}.operator: ${String(op)} is not a valid operator`,
      `${where}.operator`,
    );
  }
  const parsed: SearchFilter = { propertyName, operator: op as SearchOperator };
  const scalar = (key: 'value' | 'highValue') => {
    const value = filter[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return String(value);
    throw HubspotApiError.validation(`${where}.${key} is required for operator ${op}`, `${where}.${key}`);
  };
  if (op === 'IN' || op === 'NOT_IN') {
    const values = filter['values'];
    if (!Array.isArray(values) || values.length === 0) {
      throw HubspotApiError.validation(
        `${where}.values must be a non-empty array for operator ${op}`,
        `${where}.values`,
      );
    }
    parsed.values = values.map(String);
  } else if (op === 'BETWEEN') {
    parsed.value = scalar('value');
    parsed.highValue = scalar('highValue');
  } else if (op !== 'HAS_PROPERTY' && op !== 'NOT_HAS_PROPERTY') {
    parsed.value = scalar('value');
  }
  return parsed;
}

/**
 * Whether a record's properties satisfy the filter groups (any group whose filters all hold). Text compares
 * case-insensitively, numbers numerically and datetimes by instant, as in HubSpot.
 *
 * @example
 * matchesFilterGroups({ email: 'ana@example.com' }, [[{ propertyName: 'email', operator: 'EQ', value: 'ANA@example.com' }]], defs); // true
 */
export function matchesFilterGroups(
  properties: Readonly<Record<string, string | null>>,
  groups: readonly SearchFilter[][],
  definitions: ReadonlyMap<string, PropertyDefinition>,
): boolean {
  if (groups.length === 0) return true;
  return groups.some((filters) =>
    filters.every((f) => matches(properties[f.propertyName] ?? null, f, definitions)),
  );
}

function matches(
  actual: string | null,
  filter: SearchFilter,
  definitions: ReadonlyMap<string, PropertyDefinition>,
): boolean {
  const kind = definitions.get(filter.propertyName)?.type ?? 'string';
  const has = actual !== null && actual !== '';
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'NEQ':
      return !has || compare(actual, filter.value ?? '', kind) !== 0;
    case 'NOT_IN':
      return !has || !isIn(actual, filter, kind);
    case 'NOT_CONTAINS_TOKEN':
      return !has || !containsToken(actual, filter.value ?? '');
    default:
      break;
  }
  if (!has) return false;
  switch (filter.operator) {
    case 'EQ':
      return compare(actual, filter.value ?? '', kind) === 0;
    case 'LT':
      return compare(actual, filter.value ?? '', kind) < 0;
    case 'LTE':
      return compare(actual, filter.value ?? '', kind) <= 0;
    case 'GT':
      return compare(actual, filter.value ?? '', kind) > 0;
    case 'GTE':
      return compare(actual, filter.value ?? '', kind) >= 0;
    case 'BETWEEN':
      return (
        compare(actual, filter.value ?? '', kind) >= 0 && compare(actual, filter.highValue ?? '', kind) <= 0
      );
    case 'IN':
      return isIn(actual, filter, kind);
    case 'CONTAINS_TOKEN':
      return containsToken(actual, filter.value ?? '');
    default:
      return false;
  }
}

// The lower-cased values of text `IN`/`NOT_IN` filters, built once per filter: a search of 100 e-mails tests each
// candidate against a set instead of lower-casing and comparing every value again.
const textValueSets = new WeakMap<SearchFilter, ReadonlySet<string>>();

function isIn(actual: string, filter: SearchFilter, kind: PropertyDefinition['type']): boolean {
  const values = filter.values ?? [];
  if (kind === 'number' || kind === 'datetime' || kind === 'date') {
    return values.some((v) => compare(actual, v, kind) === 0);
  }
  let set = textValueSets.get(filter);
  if (!set) {
    set = new Set(values.map((v) => v.toLowerCase()));
    textValueSets.set(filter, set);
  }
  return set.has(actual.toLowerCase());
}

/**
 * Orders two property values by the property's type: numbers numerically, datetimes by instant (ISO text or epoch
 * milliseconds), anything else as case-insensitive text.
 *
 * @example
 * compare('10', '9', 'number'); // 1
 */
export function compare(a: string, b: string, kind: PropertyDefinition['type']): number {
  if (kind === 'number') return Math.sign(Number(a) - Number(b));
  if (kind === 'datetime' || kind === 'date') return Math.sign(instant(a) - instant(b));
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function instant(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}

function containsToken(actual: string, token: string): boolean {
  // Tokens are words split on anything that is not a letter or digit; `*` in the searched token is a wildcard.
  const pattern = new RegExp(
    `^${token
      .toLowerCase()
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  const text = actual.toLowerCase();
  if (pattern.test(text)) return true;
  return text.split(/[^\p{L}\p{N}]+/u).some((word) => word !== '' && pattern.test(word));
}
