/** One case-data property → one field descriptor. Pure. */
import type { CaseFieldSchema, JsonValue } from '../../domain/definition';
import type { ChoiceOption, ControlKind, FieldConstraints, FieldDescriptor } from './field-descriptor';
import { humanise } from '../../domain/humanise';
import { fieldText } from './field-text';

/** Strings allowed to be longer than this get a textarea: a one-line box hides what was typed. */
export const TEXTAREA_ABOVE_LENGTH = 200;
/** Up to this many choices are radios (all visible at once); more are a select. */
export const RADIOS_UP_TO = 5;

/** Names that must never become object keys or be read from a post. */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

function optionsOf(values: readonly JsonValue[]): ChoiceOption[] {
  return values.map((value) => ({
    value: fieldText(value),
    label: typeof value === 'string' ? humanise(value) : fieldText(value),
  }));
}

function itemsOf(schema: CaseFieldSchema): { type?: string; enum?: JsonValue[] } {
  const items = schema.items;
  return items && typeof items === 'object' ? items : {};
}

function kindOf(name: string, schema: CaseFieldSchema): ControlKind {
  if (Array.isArray(schema.enum) && schema.enum.length > 0)
    return schema.enum.length <= RADIOS_UP_TO ? 'radios' : 'select';
  switch (schema.type) {
    case 'boolean':
      return 'checkbox';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'array': {
      const items = itemsOf(schema);
      if (Array.isArray(items.enum) && items.enum.length > 0) return 'checkboxes';
      return items.type === 'string' && items.enum === undefined ? 'list' : 'unsupported';
    }
    case 'object':
      return 'unsupported';
    default:
      break;
  }
  switch (schema.format) {
    case 'date':
      return 'date';
    case 'date-time':
      return 'datetime-local';
    case 'email':
      return 'email';
    case 'uri':
    case 'url':
      return 'url';
    default:
      break;
  }
  // The language has no phone format; the shipped definitions name phone fields "...Phone".
  if (/phone$/i.test(name)) return 'tel';
  return (schema.maxLength ?? 0) > TEXTAREA_ABOVE_LENGTH ? 'textarea' : 'text';
}

function constraintsOf(kind: ControlKind, schema: CaseFieldSchema): FieldConstraints {
  const constraints: { -readonly [K in keyof FieldConstraints]: FieldConstraints[K] } = {};
  const set = <K extends keyof FieldConstraints>(key: K, value: FieldConstraints[K] | undefined) => {
    if (value !== undefined) constraints[key] = value;
  };
  set('minimum', numberOf(schema.minimum));
  set('maximum', numberOf(schema.maximum));
  set('exclusiveMinimum', numberOf(schema.exclusiveMinimum));
  set('exclusiveMaximum', numberOf(schema.exclusiveMaximum));
  set('minLength', numberOf(schema.minLength));
  set('maxLength', numberOf(schema.maxLength));
  set('pattern', typeof schema.pattern === 'string' ? schema.pattern : undefined);
  if (kind === 'integer') constraints.step = '1';
  if (kind === 'number') constraints.step = 'any';
  return constraints;
}

export function describeField(
  name: string,
  schema: CaseFieldSchema,
  options: { required: boolean; timeZone: string },
): FieldDescriptor {
  if (FORBIDDEN_NAMES.has(name)) throw new Error(`"${name}" cannot be a form field`);
  const kind = kindOf(name, schema);
  const enumValues = kind === 'checkboxes' ? itemsOf(schema).enum : schema.enum;
  return {
    name,
    label: typeof schema.title === 'string' && schema.title.trim() !== '' ? schema.title : humanise(name),
    ...(typeof schema.description === 'string' ? { hint: schema.description } : {}),
    kind,
    required: options.required,
    personal: schema.personal === true,
    constraints: constraintsOf(kind, schema),
    ...(enumValues && (kind === 'select' || kind === 'radios' || kind === 'checkboxes')
      ? { options: optionsOf(enumValues) }
      : {}),
    ...(schema.default !== undefined ? { defaultValue: schema.default } : {}),
    ...(kind === 'datetime-local' ? { timeZone: options.timeZone } : {}),
  };
}
