import { isSensitiveKey } from '../kit/redact.ts';
import { html, joinHtml, type SafeHtml } from './html.ts';
import type { PageContext } from './page-context.ts';

/**
 * A JSON Schema node as `z.toJSONSchema` writes it (only the keywords the form reads are typed).
 *
 * @example
 * import type { JsonSchemaNode } from './schema-form.ts';
 * const node: JsonSchemaNode = { type: 'boolean', default: false, description: 'Run this agent.' };
 */
export interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchemaNode[];
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  additionalProperties?: boolean | JsonSchemaNode;
  required?: string[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  [keyword: string]: unknown;
}

type FieldKind =
  | { kind: 'boolean' }
  | { kind: 'enum'; options: string[] }
  | { kind: 'number'; integer: boolean; minimum: number | undefined; maximum: number | undefined }
  | { kind: 'string' }
  | { kind: 'list' }
  | { kind: 'object'; properties: [string, JsonSchemaNode][] }
  | { kind: 'json' };

type FieldShape = FieldKind & { nullable: boolean; description: string | null };

const isNull = (node: JsonSchemaNode) => node.type === 'null';

/**
 * How a schema node is edited: a checkbox, a select, a number or text box, a list (one item per line), a group
 * of fields, or — for anything else (maps of product ids to URLs…) — a JSON text area. `anyOf [X, null]` (zod's
 * `.nullable()`) is X that may be left empty.
 *
 * @example
 * import { fieldShape } from './schema-form.ts';
 * fieldShape({ anyOf: [{ type: 'integer' }, { type: 'null' }] }).kind; // 'number'
 */
export function fieldShape(node: JsonSchemaNode): FieldShape {
  const description = typeof node.description === 'string' ? node.description : null;
  if (Array.isArray(node.anyOf)) {
    const others = node.anyOf.filter((option) => !isNull(option));
    const nullable = others.length < node.anyOf.length;
    if (others.length === 1) {
      const inner = fieldShape({ ...others[0]!, description: description ?? others[0]!.description });
      return { ...inner, nullable: nullable || inner.nullable };
    }
    return { kind: 'json', nullable, description };
  }
  if (Array.isArray(node.enum) && node.enum.every((value) => typeof value === 'string')) {
    return { kind: 'enum', options: node.enum as string[], nullable: false, description };
  }
  switch (node.type) {
    case 'boolean':
      return { kind: 'boolean', nullable: false, description };
    case 'integer':
    case 'number':
      return {
        kind: 'number',
        integer: node.type === 'integer',
        minimum: typeof node.minimum === 'number' ? node.minimum : undefined,
        maximum: typeof node.maximum === 'number' ? node.maximum : undefined,
        nullable: false,
        description,
      };
    case 'string':
      return { kind: 'string', nullable: false, description };
    case 'array':
      return node.items?.type === 'string' && !node.items.enum
        ? { kind: 'list', nullable: false, description }
        : { kind: 'json', nullable: false, description };
    case 'object':
      if (
        node.properties &&
        Object.keys(node.properties).length > 0 &&
        !isRecord(node.additionalProperties)
      ) {
        return { kind: 'object', properties: Object.entries(node.properties), nullable: false, description };
      }
      return { kind: 'json', nullable: false, description };
    default:
      return { kind: 'json', nullable: false, description };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A field's label from its key: `hubspotConnectionId` → `Hubspot connection id`.
 *
 * @example
 * import { fieldLabel } from './schema-form.ts';
 * fieldLabel('recoveryWindowDays'); // 'Recovery window days'
 */
export function fieldLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Options of {@link renderSchemaFields}.
 *
 * @example
 * import type { SchemaFieldOptions } from './schema-form.ts';
 * const options: SchemaFieldOptions = { prefix: 'sales', errors: new Map(), secret: false };
 */
export interface SchemaFieldOptions {
  /** Field names are the dotted path below this prefix (`sales.dealStage`); `''` for top-level fields. */
  prefix: string;
  /** Problems by dotted path; each is shown under the field it belongs to (or the nearest group). */
  errors: ReadonlyMap<string, readonly string[]>;
  /** Credentials: values are never written back into the page, and secret-looking keys are password boxes. */
  secret?: boolean;
}

const idOf = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
const join = (prefix: string, key: string) => (prefix === '' ? key : `${prefix}.${key}`);

/**
 * The form fields of an object schema, filled with `value`. Every label, description and value is escaped.
 *
 * @example
 * import { renderSchemaFields } from './schema-form.ts';
 * const fields = renderSchemaFields(page, schema, { enabled: true }, { prefix: 'sales', errors: new Map() });
 */
export function renderSchemaFields(
  page: PageContext,
  schema: JsonSchemaNode,
  value: unknown,
  options: SchemaFieldOptions,
): SafeHtml {
  const shape = fieldShape(schema);
  if (shape.kind !== 'object')
    return renderField(page, options.prefix, options.prefix, schema, value, options);
  const current = isRecord(value) ? value : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  return joinHtml(
    shape.properties.map(([key, node]) =>
      renderField(page, key, join(options.prefix, key), node, current[key], options, {
        // A field that may be left out and has no default is as optional as a nullable one.
        optional: !required.includes(key) && node.default === undefined,
      }),
    ),
  );
}

function renderField(
  page: PageContext,
  key: string,
  path: string,
  node: JsonSchemaNode,
  value: unknown,
  options: SchemaFieldOptions,
  presence: { optional: boolean } = { optional: false },
): SafeHtml {
  const shape = fieldShape(node);
  const mayBeEmpty = shape.nullable || presence.optional;
  const id = idOf(path);
  const problems = [...options.errors.entries()]
    .filter(([at]) => at === path || (shape.kind !== 'object' && at.startsWith(`${path}.`)))
    .flatMap(([, messages]) => messages);
  const help = shape.description ? html`<small class="help">${shape.description}</small>` : '';
  const errors = problems.map((message) => html`<small class="field-error" role="alert">${message}</small>`);
  const shown = options.secret ? undefined : value;
  const optional = mayBeEmpty ? html` <span class="muted">(${page.t('formOptional')})</span>` : '';

  switch (shape.kind) {
    case 'object':
      return html`<fieldset><legend>${fieldLabel(key)}</legend>${help}${errors}${renderSchemaFields(
        page,
        node,
        value,
        { ...options, prefix: path },
      )}</fieldset>`;
    case 'boolean':
      return html`<div class="field check"><label><input type="checkbox" id="${id}" name="${path}" value="true"${
        shown === true ? html` checked` : ''
      }> ${fieldLabel(key)}</label>${help}${errors}</div>`;
    case 'enum': {
      const options_ = [
        ...(mayBeEmpty
          ? [html`<option value=""${shown === null || shown === undefined ? html` selected` : ''}>—</option>`]
          : []),
        ...shape.options.map(
          (option) =>
            html`<option value="${option}"${shown === option ? html` selected` : ''}>${option}</option>`,
        ),
      ];
      return html`<div class="field"><label for="${id}">${fieldLabel(key)}${optional}</label><select id="${id}" name="${path}">${options_}</select>${help}${errors}</div>`;
    }
    case 'number':
      return html`<div class="field"><label for="${id}">${fieldLabel(key)}${optional}</label><input type="number" id="${id}" name="${path}" step="${
        shape.integer ? '1' : 'any'
      }"${shape.minimum === undefined ? '' : html` min="${shape.minimum}"`}${
        shape.maximum === undefined || shape.maximum > 1e12 ? '' : html` max="${shape.maximum}"`
      } value="${typeof shown === 'number' ? String(shown) : ''}">${help}${errors}</div>`;
    case 'string': {
      const type = options.secret && isSensitiveKey(key) ? 'password' : 'text';
      return html`<div class="field"><label for="${id}">${fieldLabel(key)}${optional}</label><input type="${type}" id="${id}" name="${path}" autocomplete="off" value="${
        typeof shown === 'string' ? shown : ''
      }">${help}${errors}</div>`;
    }
    case 'list':
      return html`<div class="field"><label for="${id}">${fieldLabel(key)} <span class="muted">(${page.t(
        'formOnePerLine',
      )})</span></label><textarea id="${id}" name="${path}" rows="3">${
        Array.isArray(shown) ? shown.map(String).join('\n') : ''
      }</textarea>${help}${errors}</div>`;
    case 'json':
      return html`<div class="field"><label for="${id}">${fieldLabel(key)} <span class="muted">(JSON)</span></label><textarea id="${id}" name="${path}" rows="4" spellcheck="false" class="code">${
        shown === undefined || shown === null ? '' : JSON.stringify(shown, null, 2)
      }</textarea>${help}${errors}</div>`;
  }
}

/**
 * One problem found while reading a form (a number box with letters, JSON that doesn't parse).
 *
 * @example
 * import type { FormProblem } from './schema-form.ts';
 * const problem: FormProblem = { path: 'sales.minutesPerRun', message: 'must be a number' };
 */
export interface FormProblem {
  path: string;
  message: string;
}

/**
 * Reads the fields {@link renderSchemaFields} wrote back into a value for the schema: checkboxes as booleans,
 * empty boxes as null (optional fields) or left out (so the schema's default applies), numbers, lists, JSON. The
 * result is then checked by the schema itself; only what can't even be read is a problem here.
 *
 * @example
 * import { readSchemaForm } from './schema-form.ts';
 * const { value, problems } = readSchemaForm(page, schema, { 'sales.enabled': 'true' }, 'sales');
 */
export function readSchemaForm(
  page: Pick<PageContext, 't'>,
  schema: JsonSchemaNode,
  form: Readonly<Record<string, unknown>>,
  prefix: string,
): { value: unknown; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const read = (node: JsonSchemaNode, path: string): unknown => {
    const shape = fieldShape(node);
    if (shape.kind === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of shape.properties) {
        const item = read(child, join(path, key));
        if (item !== undefined) out[key] = item;
      }
      return out;
    }
    const raw = form[path];
    const text = typeof raw === 'string' ? raw : Array.isArray(raw) ? String(raw.at(-1) ?? '') : '';
    if (shape.kind === 'boolean') return text === 'true';
    const trimmed = text.trim();
    if (trimmed === '') return shape.nullable ? null : undefined;
    switch (shape.kind) {
      case 'enum':
        return trimmed;
      case 'number': {
        const number = Number(trimmed.replace(',', '.'));
        if (!Number.isFinite(number)) {
          problems.push({ path, message: page.t('formNotNumber') });
          return undefined;
        }
        return number;
      }
      case 'string':
        return text;
      case 'list':
        return trimmed
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== '');
      case 'json':
        try {
          return JSON.parse(trimmed) as unknown;
        } catch {
          problems.push({ path, message: page.t('formNotJson') });
          return undefined;
        }
    }
  };
  return { value: read(schema, prefix), problems };
}

/**
 * Groups problems by path for {@link SchemaFieldOptions.errors}.
 *
 * @example
 * import { problemsByPath } from './schema-form.ts';
 * problemsByPath([{ path: 'a', message: 'x' }]).get('a'); // ['x']
 */
export function problemsByPath(problems: readonly FormProblem[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const problem of problems) map.set(problem.path, [...(map.get(problem.path) ?? []), problem.message]);
  return map;
}
