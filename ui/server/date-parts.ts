/** Pure: the three boxes of a DateInput → an ISO date (YYYY-MM-DD), or a message for the person. */
import type { FormFields } from './form-body';
import { textField } from './form-body';

export type ParsedDate = { ok: true; date: string } | { ok: false; message: string };

export function parseDateParts(fields: FormFields, name: string, label: string): ParsedDate {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => textField(fields, `${name}-${part}`).trim());
  if (!day && !month && !year) return { ok: false, message: `Enter ${label}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return {
      ok: false,
      message: `${label[0].toUpperCase()}${label.slice(1)} must be a real date, for example 27 3 2026`,
    };
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (
    date.getUTCFullYear() !== Number(year) ||
    date.getUTCMonth() !== Number(month) - 1 ||
    date.getUTCDate() !== Number(day)
  ) {
    return { ok: false, message: `${label[0].toUpperCase()}${label.slice(1)} must be a real date` };
  }
  return { ok: true, date: date.toISOString().slice(0, 10) };
}
