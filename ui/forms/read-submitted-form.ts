/**
 * A posted form → typed case data, or field errors to show beside the fields. Only the descriptors'
 * fields are read (looked up by name, never by walking the post), so unknown names, `__proto__` and
 * `constructor` are never copied. Values are checked against the same case-data schema the services
 * validate with (process-definitions' case-data checker), then worded for people.
 */
import type { JsonValue } from '../../domain/definition';
import { instantOfLocal, parseLocalDate, zoneOf } from '../../interpreter/local-time';
import { caseFieldOf, createCaseDataChecker } from '../../process-definitions/loader/case-data-validator';
import { missingMessage, notAChoiceMessage, notADateMessage, notANumberMessage, schemaMessage } from './error-messages';
import type { FieldDescriptor, FormDescriptor } from './field-descriptor';
import { fieldText } from './field-text';

export type PostedBody = Readonly<Record<string, string | string[] | undefined>>;

export interface FieldError {
  /** The control's name (a case field, or the comment), for the link in the error summary. */
  readonly field: string;
  readonly message: string;
}

export type SubmittedForm =
  | { readonly ok: true; readonly data: Record<string, JsonValue>; readonly comment?: string }
  /** `values`: what was posted, per field, to fill the form again beside its errors. */
  | {
      readonly ok: false;
      readonly errors: readonly FieldError[];
      readonly values: Readonly<Record<string, string | string[]>>;
    };

type Coerced = { readonly value: JsonValue } | { readonly error: string } | { readonly empty: true };

const CHECKED = new Set(['true', 'on', 'yes', '1']);

/** The posted value of one name: own properties only, strings only. */
function posted(body: PostedBody, name: string): string[] {
  if (!Object.hasOwn(body, name)) return [];
  const raw: unknown = body[name];
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.filter((item): item is string => typeof item === 'string');
  return [];
}

/** Browsers post CRLF; the schema's lengths count characters people typed. */
const text = (value: string | undefined): string => (value ?? '').replace(/\r\n?/g, '\n').trim();

function enumValues(form: FormDescriptor, field: FieldDescriptor): readonly JsonValue[] {
  const schema = form.schema.properties[field.name];
  const values = field.kind === 'checkboxes' ? (schema.items as { enum?: JsonValue[] } | undefined)?.enum : schema.enum;
  return values ?? [];
}

function coerce(form: FormDescriptor, field: FieldDescriptor, values: string[]): Coerced {
  switch (field.kind) {
    case 'checkbox':
      return { value: values.some((value) => CHECKED.has(value.trim().toLowerCase())) };
    case 'checkboxes': {
      const chosen = new Set(values.map((value) => value.trim()).filter((value) => value !== ''));
      if (chosen.size === 0) return { empty: true };
      const allowed = enumValues(form, field);
      if ([...chosen].some((value) => !allowed.some((option) => fieldText(option) === value)))
        return { error: notAChoiceMessage(field) };
      return { value: allowed.filter((option) => chosen.has(fieldText(option))) };
    }
    case 'list': {
      const items = values
        .flatMap((value) => text(value).split('\n'))
        .map((item) => item.trim())
        .filter((item) => item !== '');
      return items.length === 0 ? { empty: true } : { value: items };
    }
    default:
      break;
  }
  const value = text(values[0]);
  if (value === '') return { empty: true };
  switch (field.kind) {
    case 'number': {
      const plain = value.replace(/[,\s]/g, '');
      return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(plain) ? { value: Number(plain) } : { error: notANumberMessage(field) };
    }
    case 'integer': {
      const plain = value.replace(/[,\s]/g, '');
      return /^[-+]?\d+$/.test(plain) && Number.isSafeInteger(Number(plain))
        ? { value: Number(plain) }
        : { error: notANumberMessage(field) };
    }
    case 'date':
      return isRealDate(value) ? { value } : { error: notADateMessage(field) };
    case 'datetime-local': {
      const instant = localDateTimeToIso(value, field.timeZone ?? 'UTC');
      return instant ? { value: instant } : { error: notADateMessage(field) };
    }
    case 'select':
    case 'radios': {
      const match = enumValues(form, field).find((option) => fieldText(option) === value);
      return match === undefined ? { error: notAChoiceMessage(field) } : { value: match };
    }
    default:
      return { value };
  }
}

function isRealDate(value: string): boolean {
  try {
    parseLocalDate(value);
    return true;
  } catch {
    return false;
  }
}

/** "2026-12-04T14:30" on the agency's wall clock → an ISO instant (DST gaps move forward, as the interpreter does). */
function localDateTimeToIso(value: string, timeZone: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::00)?$/.exec(value);
  if (!match || !isRealDate(match[1])) return undefined;
  const hour = Number(match[2]);
  const minute = Number(match[3]);
  if (hour > 23 || minute > 59) return undefined;
  return new Date(instantOfLocal(parseLocalDate(match[1]), hour * 60 + minute, zoneOf(timeZone))).toISOString();
}

export function readSubmittedForm(form: FormDescriptor, body: PostedBody): SubmittedForm {
  const entries: [string, JsonValue][] = [];
  const errors = new Map<string, string>();
  const values: [string, string | string[]][] = [];
  for (const field of form.fields) {
    if (field.kind === 'unsupported') continue;
    const raw = posted(body, field.name);
    values.push([field.name, field.kind === 'checkboxes' ? raw : (raw[0] ?? '')]);
    const result = coerce(form, field, raw);
    if ('error' in result) errors.set(field.name, result.error);
    else if ('empty' in result) {
      if (field.required) errors.set(field.name, missingMessage(field));
    } else if (field.kind === 'checkbox' && field.required && result.value !== true)
      errors.set(field.name, missingMessage(field));
    else entries.push([field.name, result.value]);
  }
  // fromEntries defines own properties: even a field named like a prototype key could not reach the prototype.
  const data = Object.fromEntries(entries) as Record<string, JsonValue>;
  const byName = new Map(form.fields.map((field) => [field.name, field]));
  for (const error of createCaseDataChecker(form.schema)(data, { partial: true })) {
    const name = caseFieldOf(error);
    const field = byName.get(name);
    if (field && !errors.has(name)) errors.set(name, schemaMessage(field, error));
  }
  let comment: string | undefined;
  if (form.comment) {
    comment = text(posted(body, form.comment.name)[0]);
    values.push([form.comment.name, comment]);
    if (form.comment.required && comment === '') errors.set(form.comment.name, 'Enter the reasons');
  }
  if (errors.size > 0) {
    // In the order of the form, so the error summary reads top to bottom.
    const order = [...form.fields.map((field) => field.name), ...(form.comment ? [form.comment.name] : [])];
    return {
      ok: false,
      errors: order
        .filter((name) => errors.has(name))
        .map((name) => ({ field: name, message: errors.get(name) as string })),
      values: Object.fromEntries(values),
    };
  }
  return { ok: true, data, ...(comment ? { comment } : {}) };
}
