/** Reads an application/x-www-form-urlencoded body (byte-limited) into a plain field map. */
import type { Context } from 'koa';
import { ApiError } from '../../api/errors/api-error';
import { readRawBody } from '../../api/middleware/body';

export type FormFields = Readonly<Record<string, string | string[]>>;

export async function readFormBody(ctx: Context, limitBytes: number): Promise<FormFields> {
  if (!ctx.is('application/x-www-form-urlencoded'))
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send the form as application/x-www-form-urlencoded');
  const text = (await readRawBody(ctx, limitBytes)).toString('utf8');
  const fields: Record<string, string | string[]> = {};
  for (const [name, raw] of new URLSearchParams(text)) {
    // Postgres text cannot hold NUL; nobody types one.
    const value = raw.replace(/\u0000/g, '');
    const existing = fields[name];
    if (existing === undefined) fields[name] = value;
    else fields[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return fields;
}

/** One text value of a field ('' when absent; the first when sent twice). */
export function textField(fields: FormFields, name: string): string {
  const value = fields[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Every value of a field (checkboxes). */
export function listField(fields: FormFields, name: string): string[] {
  const value = fields[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
