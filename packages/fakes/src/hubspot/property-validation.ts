import type { CrmObjectType, Pipeline, PropertyDefinition } from './crm-schema.ts';
import { HubspotApiError, type PropertyProblem } from './hubspot-error.ts';

// Properties HubSpot refuses to create a record without (the deals and notes guides list them as required; the
// leads guide says a lead "must have a lead name").
const REQUIRED_ON_CREATE: Readonly<Record<CrmObjectType, readonly string[]>> = {
  contacts: [],
  deals: ['dealname', 'dealstage'],
  notes: ['hs_timestamp'],
  leads: ['hs_lead_name'],
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks the `properties` of a create or update against the property definitions, the way HubSpot does: unknown
 * and read-only properties, values of the wrong type, options outside an enumeration, invalid e-mails and deal
 * stages outside the deal's pipeline are all reported at once. Values come back normalised to HubSpot's text form
 * (e-mail lower-cased, datetimes as ISO 8601); `''` clears a value and comes back as `null`.
 *
 * @example
 * const values = validateProperties('contacts', { email: 'Ana@Example.com' }, definitions, { pipelines, creating: true });
 * values.email; // 'ana@example.com'
 */
export function validateProperties(
  type: CrmObjectType,
  input: unknown,
  definitions: ReadonlyMap<string, PropertyDefinition>,
  context: {
    pipelines: readonly Pipeline[];
    creating: boolean;
    current?: Readonly<Record<string, string | null>>;
  },
): Record<string, string | null> {
  if (input === undefined && !context.creating) return {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw HubspotApiError.validation(
      'Invalid input JSON: "properties" must be an object of property values.',
      'properties',
    );
  }
  const problems: PropertyProblem[] = [];
  const values: Record<string, string | null> = {};
  const problem = (name: string, error: string, message: string) =>
    problems.push({ isValid: false, message, error, name });

  for (const [name, raw] of Object.entries(input)) {
    const definition = definitions.get(name);
    if (!definition) {
      problem(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
      continue;
    }
    if (definition.modificationMetadata?.readOnlyValue) {
      problem(name, 'READ_ONLY_VALUE', `Property "${name}" is read-only and cannot be set`);
      continue;
    }
    if (raw !== null && typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      problem(name, 'INVALID_TYPE', `Property "${name}" must be a string, number or boolean`);
      continue;
    }
    const text = raw === null ? '' : String(raw).trim();
    if (text === '') {
      values[name] = null;
      continue;
    }
    const normalised = normaliseValue(type, definition, text);
    if (typeof normalised === 'string') values[name] = normalised;
    else problem(name, normalised.error, normalised.message);
  }

  if (type === 'deals') checkPipeline(values, context, problem);
  if (context.creating) {
    for (const name of REQUIRED_ON_CREATE[type]) {
      if (values[name] === undefined || values[name] === null) {
        if (!problems.some((p) => p.name === name))
          problem(name, 'REQUIRED_PROPERTY', `Property "${name}" is required`);
      }
    }
  }
  if (problems.length > 0) throw HubspotApiError.invalidProperties(problems);
  return values;
}

function normaliseValue(
  type: CrmObjectType,
  definition: PropertyDefinition,
  text: string,
): string | { error: string; message: string } {
  if (type === 'contacts' && definition.name === 'email') {
    // HubSpot stores e-mail addresses lower-cased; uniqueness is therefore case-insensitive.
    return EMAIL.test(text)
      ? text.toLowerCase()
      : { error: 'INVALID_EMAIL', message: `Email address ${text} is invalid` };
  }
  if (type === 'deals' && definition.name === 'deal_currency_code') {
    return /^[A-Z]{3}$/.test(text)
      ? text
      : {
          error: 'INVALID_OPTION',
          message: `${text} was not one of the allowed options: ISO 4217 currency codes`,
        };
  }
  switch (definition.type) {
    case 'number':
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) && Number.isFinite(Number(text))
        ? text
        : { error: 'INVALID_FLOAT', message: `${text} is not a valid number` };
    case 'datetime':
    case 'date': {
      const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
      if (!Number.isFinite(ms)) return { error: 'INVALID_DATE', message: `${text} is not a valid date` };
      const date = new Date(ms);
      if (definition.type === 'date') {
        // Date properties hold a day: HubSpot wants midnight UTC and answers with the day alone.
        if (ms % 86_400_000 !== 0) {
          return {
            error: 'INVALID_DATE',
            message: `${text} is not midnight UTC; date properties hold a day`,
          };
        }
        return date.toISOString().slice(0, 10);
      }
      return date.toISOString();
    }
    case 'bool':
      return text === 'true' || text === 'false'
        ? text
        : { error: 'INVALID_BOOLEAN', message: `${text} is not a valid boolean; use true or false` };
    case 'enumeration': {
      const allowed = (definition.options ?? []).map((o) => o.value);
      return allowed.includes(text)
        ? text
        : {
            error: 'INVALID_OPTION',
            message: `${text} was not one of the allowed options: [${allowed.join(', ')}]`,
          };
    }
    default:
      return text;
  }
}

function checkPipeline(
  values: Record<string, string | null>,
  context: {
    pipelines: readonly Pipeline[];
    creating: boolean;
    current?: Readonly<Record<string, string | null>>;
  },
  problem: (name: string, error: string, message: string) => void,
): void {
  const pipelineId = values['pipeline'] ?? context.current?.['pipeline'] ?? 'default';
  const pipeline = context.pipelines.find((p) => p.id === pipelineId);
  if (!pipeline) {
    const allowed = context.pipelines.map((p) => p.id).join(', ');
    problem('pipeline', 'INVALID_OPTION', `${pipelineId} was not one of the allowed options: [${allowed}]`);
    return;
  }
  // A new record without a pipeline lands in the default one, as in HubSpot.
  if (context.creating && values['pipeline'] === undefined) values['pipeline'] = pipeline.id;
  const stage = values['dealstage'];
  if (stage === undefined || stage === null) {
    if (values['pipeline'] !== undefined && !context.creating) {
      const currentStage = context.current?.['dealstage'];
      if (currentStage && !pipeline.stages.some((s) => s.id === currentStage)) {
        problem(
          'dealstage',
          'INVALID_OPTION',
          `${currentStage} is not a stage of pipeline ${pipeline.id}; set dealstage too`,
        );
      }
    }
    return;
  }
  if (!pipeline.stages.some((s) => s.id === stage)) {
    const allowed = pipeline.stages.map((s) => s.id).join(', ');
    problem('dealstage', 'INVALID_OPTION', `${stage} was not one of the allowed options: [${allowed}]`);
  }
}
