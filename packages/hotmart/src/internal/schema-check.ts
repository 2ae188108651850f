import type { z } from 'zod';

/**
 * Whether a value passes a schema, answered without building the copy zod returns. Compiled (by `schemaCheck`)
 * only for schemas whose parse would return the value unchanged, so when it answers `true` the value itself is the
 * parse result.
 *
 * @example
 * const check: SchemaCheck = (value) => typeof value === 'string';
 */
export type SchemaCheck = (value: unknown) => boolean;

/** The parts of a zod 4 schema definition the compiler reads (`schema._zod.def`). */
interface Def {
  readonly type: string;
  readonly checks?: readonly unknown[];
  readonly coerce?: boolean;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly catchall?: z.ZodType;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly entries?: Readonly<Record<string, unknown>>;
  readonly values?: readonly unknown[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const compiled = new WeakMap<z.ZodType, SchemaCheck | null>();

/**
 * Compiles a response schema into a predicate, cached per schema. Response schemas are loose (STYLE convention 2),
 * and for a loose schema without transforms, defaults or coercion zod's output is the input copied key by key;
 * copying a 500-item page is most of what parsing it costs. The predicate checks exactly what zod checks, so a
 * caller that gets `true` can use the value as parsed — and still ask zod for the issues when it gets `false`.
 *
 * The predicate is generated JavaScript, one function per object shape, as zod's own parser is: about four times
 * faster than a tree of closures over a history page. Where code generation is not allowed (Node's
 * `--disallow-code-generation-from-strings`), nothing is compiled and callers parse with zod.
 *
 * Supported: loose and strict objects, arrays, optional, nullable, unions, enums, literals, strings, numbers,
 * booleans, null, unknown and any; primitives with checks (`.int()`, `.min()`…) are checked by zod itself and
 * count as passing only when zod returns the value unchanged. Anything else (`z.object`, which strips unknown
 * keys, transforms, defaults, records…) makes the schema uncompilable: `undefined`, so the caller parses with zod.
 *
 * @example
 * const check = schemaCheck(z.looseObject({ id: z.number() }));
 * check?.({ id: 1, extra: true }); // true
 * check?.({ id: '1' }); // false
 */
export function schemaCheck(schema: z.ZodType): SchemaCheck | undefined {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = compile(schema) ?? null;
    compiled.set(schema, check);
  }
  return check ?? undefined;
}

function compile(schema: z.ZodType): SchemaCheck | undefined {
  const compiler = new Compiler();
  const check = compiler.expression(schema, 'value');
  if (check === undefined) return undefined;
  const source = `${compiler.functions.join('\n')}\nreturn function check(value) { return ${check}; };`;
  try {
    return new Function('refs', 'hasOwn', source)(
      compiler.refs,
      Object.prototype.hasOwnProperty,
    ) as SchemaCheck;
  } catch {
    // Code generation from strings is disabled: zod parses instead.
    return undefined;
  }
}

/** Turns a schema into a JavaScript boolean expression over a variable, with helper functions for objects. */
class Compiler {
  /** Values the generated code reads as `refs[i]`: enum sets, delegated checks. */
  readonly refs: unknown[] = [];
  /** Function declarations, one per object or array schema. */
  readonly functions: string[] = [];

  /** An expression that is true when `variable` passes `schema`, or `undefined` if the schema cannot compile. */
  expression(schema: z.ZodType, variable: string): string | undefined {
    const def = defOf(schema);
    if (def.coerce) return undefined;
    const hasChecks = def.checks !== undefined && def.checks.length > 0;
    switch (def.type) {
      case 'string':
      case 'number':
      case 'int':
      case 'boolean':
      case 'enum':
      case 'literal':
      case 'null':
        return hasChecks || def.type === 'int'
          ? `${this.#ref(delegated(schema))}(${variable})`
          : this.#primitive(def, variable);
      case 'unknown':
      case 'any':
        return hasChecks ? undefined : 'true';
      case 'optional': {
        const inner = def.innerType && this.expression(def.innerType, variable);
        return inner && `(${variable} === undefined || ${inner})`;
      }
      case 'nullable': {
        const inner = def.innerType && this.expression(def.innerType, variable);
        return inner && `(${variable} === null || ${inner})`;
      }
      case 'union': {
        const options = (def.options ?? []).map((option) => this.expression(option, variable));
        if (hasChecks || options.length === 0 || options.some((option) => option === undefined))
          return undefined;
        return `(${options.join(' || ')})`;
      }
      case 'array': {
        const element = !hasChecks && def.element ? this.expression(def.element, 'item') : undefined;
        if (element === undefined) return undefined;
        const name = this.#function(
          'list',
          `if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!(${element})) return false;
  }
  return true;`,
        );
        return `${name}(${variable})`;
      }
      case 'object':
        return hasChecks ? undefined : this.#object(def, variable);
      default:
        return undefined;
    }
  }

  #primitive(def: Def, variable: string): string | undefined {
    switch (def.type) {
      case 'string':
        return `typeof ${variable} === 'string'`;
      // zod's number refuses NaN and ±Infinity, as Number.isFinite does (and it is false for non-numbers).
      case 'number':
        return `Number.isFinite(${variable})`;
      case 'boolean':
        return `typeof ${variable} === 'boolean'`;
      case 'null':
        return `${variable} === null`;
      case 'enum':
        return `${this.#ref(new Set(Object.values(def.entries ?? {})))}.has(${variable})`;
      case 'literal':
        return `${this.#ref(new Set(def.values ?? []))}.has(${variable})`;
      default:
        return undefined;
    }
  }

  #object(def: Def, variable: string): string | undefined {
    // No catchall means `z.object`: zod strips unknown keys, so its output is not the input.
    const catchall = def.catchall ? defOf(def.catchall) : undefined;
    if (catchall === undefined || def.shape === undefined) return undefined;
    const strict = catchall.type === 'never';
    if (!strict && !(catchall.type === 'unknown' || catchall.type === 'any')) return undefined;
    const keys = Object.keys(def.shape);
    const lines: string[] = [];
    for (const [i, key] of keys.entries()) {
      const field = this.expression(def.shape[key] as z.ZodType, `field${i}`);
      if (field === undefined) return undefined;
      lines.push(`const field${i} = object[${JSON.stringify(key)}];\n  if (!(${field})) return false;`);
    }
    if (strict) {
      const known = this.#ref(new Set(keys));
      lines.push(`for (const key in object) if (!${known}.has(key)) return false;`);
    }
    const name = this.#function(
      'object',
      `if (typeof object !== 'object' || object === null || Array.isArray(object)) return false;
  // zod never copies an own \`__proto__\` key into its output; leave such a value to zod.
  if (hasOwn.call(object, '__proto__')) return false;
  ${lines.join('\n  ')}
  return true;`,
    );
    return `${name}(${variable})`;
  }

  #ref(value: unknown): string {
    this.refs.push(value);
    return `refs[${this.refs.length - 1}]`;
  }

  #function(parameter: string, body: string): string {
    const name = `check${this.functions.length}`;
    this.functions.push(`function ${name}(${parameter}) {\n  ${body}\n}`);
    return name;
  }
}

/** A primitive with checks: zod decides, and the value counts as parsed only if zod returned it as it was. */
function delegated(schema: z.ZodType): SchemaCheck {
  return (value) => {
    const parsed = schema.safeParse(value);
    return parsed.success && Object.is(parsed.data, value);
  };
}
