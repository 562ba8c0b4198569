/**
 * What case data the interpreter accepts, as pure checks that return problems instead of throwing.
 * The interpreter enforces them (startCase throws, an event is rejected) and the API runs the very
 * same functions before it writes or signals anything, so the workflow never meets data it refuses.
 */
import type { CaseFieldSchema, CompiledDefinition, JsonValue } from '../domain/definition';
import type { RejectionCode } from './case-model';
import { hasValue } from './human-task-rules';

export interface CaseDataRuleProblem {
  readonly field: string;
  readonly code: Extract<
    RejectionCode,
    'UNKNOWN_FIELD' | 'FIELD_NOT_EDITABLE' | 'INVALID_FIELD_VALUE' | 'REQUIRED_FIELD_MISSING'
  >;
  readonly message: string;
}

/** Own keys only, so `__proto__` and `constructor` are names like any other (and unknown). */
const isField = (definition: CompiledDefinition, field: string): boolean => definition.caseData.fields.includes(field);

/** The data a case starts with: every key a field of the definition, every required field given. */
export function startDataProblems(
  definition: CompiledDefinition,
  data: Readonly<Record<string, JsonValue>> | undefined,
): CaseDataRuleProblem[] {
  const problems: CaseDataRuleProblem[] = [];
  const given: Record<string, JsonValue> = {};
  for (const [field, value] of Object.entries(data ?? {})) {
    if (!isField(definition, field))
      problems.push({ field, code: 'UNKNOWN_FIELD', message: `"${field}" is not a field of ${definition.id}` });
    else if (value !== undefined) given[field] = value;
  }
  for (const field of definition.caseData.required) {
    if (!hasValue(given[field]))
      problems.push({ field, code: 'REQUIRED_FIELD_MISSING', message: `${field} is required` });
  }
  return problems;
}

/**
 * Data an action or event writes: each key a field, editable there (`allowed`), of the field's basic
 * type. `where` names the action or event in messages.
 */
export function writeDataProblems(
  definition: CompiledDefinition,
  data: Readonly<Record<string, JsonValue>> | undefined,
  allowed: readonly string[],
  where: string,
): CaseDataRuleProblem[] {
  const problems: CaseDataRuleProblem[] = [];
  for (const [field, value] of Object.entries(data ?? {})) {
    if (!isField(definition, field)) {
      problems.push({ field, code: 'UNKNOWN_FIELD', message: `"${field}" is not a field of this case` });
      continue;
    }
    if (!allowed.includes(field)) {
      problems.push({ field, code: 'FIELD_NOT_EDITABLE', message: `"${field}" cannot be set by ${where}` });
      continue;
    }
    if (value === undefined) continue;
    const problem = fieldValueProblem(definition.caseData.schema.properties[field], value);
    if (problem) problems.push({ field, code: 'INVALID_FIELD_VALUE', message: `"${field}" ${problem}` });
  }
  return problems;
}

/**
 * The basic JSON Schema keywords of a case field (type, enum, bounds), so a choice never compares a
 * number with text. Full validation (formats, patterns) happens at the API edge; null clears a field.
 */
function fieldValueProblem(schema: CaseFieldSchema | undefined, value: JsonValue): string | undefined {
  if (!schema || value === null) return undefined;
  const kind = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
  switch (schema.type) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      break;
    case 'string':
    case 'boolean':
    case 'object':
    case 'array':
      if (kind !== schema.type)
        return `must be ${schema.type === 'array' ? 'a list' : schema.type === 'object' ? 'an object' : `a ${schema.type}`}`;
      break;
  }
  if (schema.enum && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value)))
    return `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `must be at least ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `must be at most ${schema.maximum}`;
  }
  if (typeof value === 'string' && schema.maxLength !== undefined && value.length > schema.maxLength)
    return `must be at most ${schema.maxLength} characters`;
  return undefined;
}
