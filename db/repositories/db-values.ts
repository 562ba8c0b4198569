/**
 * Values as Postgres will accept them. Postgres text and jsonb cannot hold U+0000 or unpaired
 * surrogates; a hostile string carrying one would otherwise fail an insert every time, and a retried
 * activity would fail forever. Such characters become U+FFFD instead.
 */
import type { Knex } from 'knex';

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storableText(value: string): string {
  return value.replace(UNSTORABLE, '\uFFFD');
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) result[storableText(key)] = clean(member);
    return result;
  }
  return value;
}

/**
 * The JSON value exactly as a jsonb column will store it: round-tripped through JSON (dates become
 * ISO strings, undefined members vanish) and with unstorable characters replaced.
 */
export function storableJson<T>(value: T): T {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('value cannot be represented as JSON');
  return clean(JSON.parse(text)) as T;
}

/** Serialised for a jsonb binding. (Bind as text: the pg driver would turn a JS array into a Postgres array.) */
export function jsonb(value: unknown): string {
  return JSON.stringify(storableJson(value));
}

export function storableOptionalText<T extends string | null | undefined>(value: T): T {
  return (typeof value === 'string' ? storableText(value) : value) as T;
}

/** One SQL expression (a function call) and its bindings, for a repository to run inside another's statement. */
export interface SqlCall {
  sql: string;
  bindings: readonly Knex.RawBinding[];
}
