/**
 * Typed template variables. Each template declares its fields once; the declaration gives both the
 * TypeScript type callers must supply and the runtime check of data that crossed a Temporal boundary
 * as plain JSON. A missing or malformed variable is a typed error, never "undefined" in a message.
 */
import { NotificationError } from './notification-error';
import { isTimeZone } from '../domain/time-zone';

export interface Field<In, Out, Optional extends boolean = boolean> {
  readonly optional: Optional;
  /** Documentation for template authors. */
  readonly description: string;
  /** Returns the parsed value or a problem text; called only for present values. */
  parse(value: unknown): { ok: true; value: Out } | { ok: false; problem: string };
  /** Phantom: the accepted input type. */
  readonly input?: In;
}

export type FieldSpec = Readonly<Record<string, Field<any, any, boolean>>>;

type InputOf<F> = F extends Field<infer In, unknown, boolean> ? In : never;
type OutputOf<F> = F extends Field<unknown, infer Out, boolean> ? Out : never;
type OptionalKeys<S extends FieldSpec> = { [K in keyof S]: S[K]['optional'] extends true ? K : never }[keyof S];
type RequiredKeys<S extends FieldSpec> = Exclude<keyof S, OptionalKeys<S>>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** What a caller supplies (JSON-friendly: dates as ISO strings). */
export type FieldsInput<S extends FieldSpec> = Simplify<
  { [K in RequiredKeys<S>]: InputOf<S[K]> } & { [K in OptionalKeys<S>]?: InputOf<S[K]> | null }
>;

/** What a template's compose function receives (parsed: dates as Date). */
export type FieldsOutput<S extends FieldSpec> = Simplify<
  { [K in RequiredKeys<S>]: OutputOf<S[K]> } & { [K in OptionalKeys<S>]?: OutputOf<S[K]> }
>;

function field<In, Out>(description: string, parse: Field<In, Out>['parse']) {
  return {
    required: (): Field<In, Out, false> => ({ optional: false, description, parse }),
    optional: (): Field<In, Out, true> => ({ optional: true, description, parse }),
  };
}

const ok = <T>(value: T) => ({ ok: true as const, value });
const bad = (problem: string) => ({ ok: false as const, problem });

function parseText(value: unknown) {
  if (typeof value === 'number' && Number.isFinite(value)) return ok(String(value));
  if (typeof value !== 'string') return bad(`must be text, got ${describe(value)}`);
  const trimmed = value.trim();
  return trimmed === '' ? bad('must not be empty') : ok(trimmed);
}

function parseUrl(value: unknown) {
  if (typeof value !== 'string') return bad(`must be a URL, got ${describe(value)}`);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return bad(`must be an absolute URL, got ${JSON.stringify(value)}`);
  }
  // Only web links: a javascript: or data: URL in an email is an attack, not a link.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return bad(`must be an http(s) URL, got ${url.protocol}`);
  return ok(url.toString());
}

/**
 * A date alone ("2026-12-31", an appeal deadline) means that calendar day wherever the agency is:
 * it is read as noon UTC, which falls on the same date in every zone from UTC-11 to UTC+11.
 */
export function parseDateValue(value: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
}

function parseInstant(value: unknown) {
  if (typeof value !== 'string' && !(value instanceof Date))
    return bad(`must be an ISO 8601 instant, got ${describe(value)}`);
  const date = typeof value === 'string' ? parseDateValue(value.trim()) : new Date(value);
  if (Number.isNaN(date.getTime())) return bad(`must be an ISO 8601 instant, got ${JSON.stringify(value)}`);
  if (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(value))
    return bad(`must be an ISO 8601 instant, got ${JSON.stringify(value)}`);
  return ok(date);
}

function parseTextList(value: unknown) {
  if (typeof value === 'string') return parseText(value).ok ? ok([value.trim()]) : bad('must not be empty');
  if (!Array.isArray(value)) return bad(`must be a list of texts, got ${describe(value)}`);
  const items: string[] = [];
  for (const [index, item] of value.entries()) {
    const parsed = parseText(item);
    if (!parsed.ok) return bad(`item ${index} ${parsed.problem}`);
    items.push(parsed.value);
  }
  return items.length === 0 ? bad('must list at least one item') : ok(items);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}

/** How a resident reaches the agency; every resident message says it. */
export interface AgencyContact {
  /** "City of Los Angeles, Department of Building and Safety". */
  name: string;
  phone?: string;
  email?: string;
  /** http(s) URL of the agency's help page. */
  website?: string;
  /** "Monday to Friday, 8 am to 5 pm". */
  hours?: string;
  /** IANA zone dates are shown in; default UTC. */
  timeZone?: string;
}

function parseAgency(value: unknown) {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return bad(`must be an object with the agency's name and contact, got ${describe(value)}`);
  const record = value as Record<string, unknown>;
  const name = parseText(record.name);
  if (!name.ok) return bad(`name ${name.problem}`);
  const agency: AgencyContact = { name: name.value };
  for (const key of ['phone', 'email', 'hours'] as const) {
    if (record[key] === undefined || record[key] === null) continue;
    const parsed = parseText(record[key]);
    if (!parsed.ok) return bad(`${key} ${parsed.problem}`);
    agency[key] = parsed.value;
  }
  if (record.website !== undefined && record.website !== null) {
    const website = parseUrl(record.website);
    if (!website.ok) return bad(`website ${website.problem}`);
    agency.website = website.value;
  }
  if (agency.phone === undefined && agency.email === undefined && agency.website === undefined) {
    return bad('needs a phone number, an email address or a website so people can reach the agency');
  }
  if (record.timeZone !== undefined && record.timeZone !== null) {
    const zone = parseText(record.timeZone);
    if (!zone.ok || !isTimeZone(zone.value))
      return bad(`timeZone must be an IANA time zone, got ${JSON.stringify(record.timeZone)}`);
    agency.timeZone = zone.value;
  }
  return ok(agency);
}

export const text = (description: string) => field<string | number, string>(description, parseText);
export const url = (description: string) => field<string, string>(description, parseUrl);
export const instant = (description: string) => field<string, Date>(description, parseInstant);
export const textList = (description: string) => field<string[] | string, string[]>(description, parseTextList);
export const flag = (description: string) =>
  field<boolean, boolean>(description, (value) =>
    typeof value === 'boolean' ? ok(value) : bad(`must be true or false, got ${describe(value)}`),
  );
export const count = (description: string, min: number) =>
  field<number, number>(description, (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min
      ? ok(value)
      : bad(`must be a whole number of at least ${min}, got ${JSON.stringify(value)}`),
  );
export const agency = (description: string) => field<AgencyContact, AgencyContact>(description, parseAgency);

/** A problem found in a template's data. */
export interface FieldProblem {
  field: string;
  kind: 'missing' | 'invalid';
  message: string;
}

/** Checks data against a spec; collects every problem so one error names them all. */
export function checkFields(
  spec: FieldSpec,
  data: Readonly<Record<string, unknown>>,
): { values: Record<string, unknown>; problems: FieldProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const [name, declared] of Object.entries(spec)) {
    const raw = Object.prototype.hasOwnProperty.call(data, name) ? data[name] : undefined;
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      if (!declared.optional)
        problems.push({ field: name, kind: 'missing', message: `"${name}" is missing (${declared.description})` });
      continue;
    }
    const parsed = declared.parse(raw);
    if (parsed.ok) values[name] = parsed.value;
    else problems.push({ field: name, kind: 'invalid', message: `"${name}" ${parsed.problem}` });
  }
  return { values, problems };
}

/** Throws the typed error for a list of problems (missing wins over invalid). */
export function throwFieldProblems(template: string, problems: readonly FieldProblem[]): never {
  const missing = problems.filter((p) => p.kind === 'missing');
  const first = missing[0] ?? problems[0];
  throw new NotificationError(
    missing.length > 0 ? 'TEMPLATE_DATA_MISSING' : 'TEMPLATE_DATA_INVALID',
    `template "${template}": ${problems.map((p) => p.message).join('; ')}`,
    { template, field: first.field, fields: problems.map((p) => p.field).join(',') },
  );
}

/** Parses data for a template or throws {@link NotificationError}. */
export function parseFields<S extends FieldSpec>(
  template: string,
  spec: S,
  data: Readonly<Record<string, unknown>>,
): FieldsOutput<S> {
  const { values, problems } = checkFields(spec, data);
  if (problems.length > 0) throwFieldProblems(template, problems);
  return values as FieldsOutput<S>;
}

/** A variable only some branches of a template need (appeal deadline when appealable). */
export function requireField<T>(template: string, name: string, value: T | undefined, why: string): T {
  if (value === undefined)
    throwFieldProblems(template, [{ field: name, kind: 'missing', message: `"${name}" is missing (${why})` }]);
  return value;
}
