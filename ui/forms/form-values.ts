/** Case data → the strings a form shows (to pre-fill an action's form with what the case holds). Pure. */
import type { JsonValue } from '../../domain/definition';
import { formatLocalDate, wallClockOf, zoneOf } from '../../interpreter/local-time';
import type { FormDescriptor } from './field-descriptor';
import { fieldText } from './field-text';

function datetimeLocal(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = wallClockOf(ms, zoneOf(timeZone));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatLocalDate(local.epochDay)}T${pad(local.hour)}:${pad(local.minute)}`;
}

export function formValues(
  form: FormDescriptor,
  data: Readonly<Record<string, JsonValue | undefined>>,
): Record<string, string | string[]> {
  const values: [string, string | string[]][] = [];
  for (const field of form.fields) {
    const value = Object.hasOwn(data, field.name) ? data[field.name] : field.defaultValue;
    if (value === undefined || value === null) continue;
    if (field.kind === 'checkboxes')
      values.push([field.name, Array.isArray(value) ? value.map(fieldText) : [fieldText(value)]]);
    else if (field.kind === 'list')
      values.push([field.name, Array.isArray(value) ? value.map(fieldText).join('\n') : fieldText(value)]);
    else if (field.kind === 'checkbox') values.push([field.name, value === true ? 'true' : '']);
    else if (field.kind === 'datetime-local' && typeof value === 'string')
      values.push([field.name, datetimeLocal(value, field.timeZone ?? 'UTC')]);
    else if (typeof value !== 'object') values.push([field.name, String(value)]);
  }
  return Object.fromEntries(values);
}
