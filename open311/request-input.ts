/**
 * Parses what Open311 clients send: the form of POST requests and the query of GET requests. Pure:
 * every problem becomes an {@link Open311Error} 400 naming the parameter.
 */
import { randomBytes } from 'node:crypto';
import type { JsonValue } from '../domain/definition';
import type { Open311Fields, ResidentContact } from '../domain/case';
import { badRequest } from './open311-error';
import type { Open311Attribute, Open311Service } from './service-catalog';

export interface ServiceRequestInput {
  data: Record<string, JsonValue>;
  residentContact?: ResidentContact & { preferredChannel: 'email' | 'sms' | 'none' };
  open311: Open311Fields;
}

const MAX_TEXT = 4000;
const MAX_SHORT = 500;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const PHONE = /^\+?[0-9 ().-]{3,32}$/;

/** Values of one form parameter, blanks dropped (Open311: an empty parameter is an absent one). */
function values(form: URLSearchParams, name: string): string[] {
  return form
    .getAll(name)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function single(form: URLSearchParams, name: string, problems: string[], maxLength = MAX_SHORT): string | undefined {
  const found = values(form, name);
  if (found.length > 1) problems.push(`${name} was given more than once`);
  const value = found[0];
  if (value !== undefined && value.length > maxLength) {
    problems.push(`${name} is longer than ${maxLength} characters`);
    return undefined;
  }
  return value;
}

function coordinate(raw: string | undefined, name: string, limit: number, problems: string[]): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^[-+]?\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(value) || Math.abs(value) > limit) {
    problems.push(`${name} must be a number between -${limit} and ${limit}`);
    return undefined;
  }
  return value;
}

/** attribute[code]=v and attribute[code][]=v pairs, grouped by code. */
export function attributeValues(form: URLSearchParams): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const [key, raw] of form.entries()) {
    const match = /^attribute\[([^\]]{1,100})\](\[\])?$/.exec(key);
    if (!match) continue;
    const value = raw.trim();
    if (value === '') continue;
    grouped.set(match[1], [...(grouped.get(match[1]) ?? []), value]);
  }
  return grouped;
}

/** One attribute's submitted text(s) as a case-data value, or a problem. */
export function attributeValue(
  attribute: Open311Attribute,
  raw: readonly string[],
): { value: JsonValue } | { problem: string } {
  const name = `attribute[${attribute.code}]`;
  if (attribute.valueKind !== 'enum-list' && raw.length > 1) return { problem: `${name} takes one value` };
  const text = raw[0];
  const keys = attribute.values.map((v) => v.key);
  switch (attribute.valueKind) {
    case 'enum-list': {
      const bad = raw.filter((v) => !keys.includes(v));
      if (bad.length > 0) return { problem: `${name} must be among ${keys.join(', ')}` };
      const enumValues = (attribute.schema.items as { enum?: unknown[] } | undefined)?.enum ?? [];
      return { value: [...new Set(raw)].map((v) => (enumValues.find((e) => String(e) === v) ?? v) as JsonValue) };
    }
    case 'enum': {
      const found = (attribute.schema.enum ?? []).find((e) => String(e) === text);
      return found === undefined ? { problem: `${name} must be one of ${keys.join(', ')}` } : { value: found };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['true', 'yes', '1'].includes(lower)) return { value: true };
      if (['false', 'no', '0'].includes(lower)) return { value: false };
      return { problem: `${name} must be true or false` };
    }
    case 'integer':
    case 'number': {
      const value = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : NaN;
      if (!Number.isFinite(value)) return { problem: `${name} must be a number` };
      if (attribute.valueKind === 'integer' && !Number.isInteger(value))
        return { problem: `${name} must be a whole number` };
      return { value };
    }
    case 'date': {
      const match = /^(\d{4}-\d{2}-\d{2})(T.*)?$/.exec(text);
      if (!match || Number.isNaN(Date.parse(match[1]))) return { problem: `${name} must be a date like 2026-05-01` };
      return { value: match[1] };
    }
    case 'datetime': {
      if (
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ||
        Number.isNaN(Date.parse(text))
      ) {
        return { problem: `${name} must be a date and time with an offset, like 2026-05-01T09:30:00-07:00` };
      }
      return { value: new Date(text).toISOString() };
    }
    default:
      if (text.length > MAX_TEXT) return { problem: `${name} is longer than ${MAX_TEXT} characters` };
      return { value: text };
  }
}

/** The token a batch client uses to find its request later; unguessable, URL-safe. */
export function newRequestToken(): string {
  return randomBytes(12).toString('base64url');
}

/** Turns a POST requests form into case data, the resident's contact and the Open311 columns. */
export function parseServiceRequestForm(form: URLSearchParams, service: Open311Service): ServiceRequestInput {
  const problems: string[] = [];
  const fields = service.standardFields;
  const lat = coordinate(single(form, 'lat', problems), 'lat', 90, problems);
  const long = coordinate(single(form, 'long', problems), 'long', 180, problems);
  const addressString = single(form, 'address_string', problems);
  const addressId = single(form, 'address_id', problems, 200);
  const zipcode = single(form, 'zipcode', problems, 20);
  const description = single(form, 'description', problems, MAX_TEXT);
  const mediaUrl = single(form, 'media_url', problems, 2000);
  const email = single(form, 'email', problems, 254);
  const phone = single(form, 'phone', problems, 32);
  const firstName = single(form, 'first_name', problems, 200);
  const lastName = single(form, 'last_name', problems, 200);

  if (
    (lat === undefined) !== (long === undefined) &&
    !problems.some((p) => p.startsWith('lat') || p.startsWith('long'))
  )
    problems.push('lat and long must be sent together');
  const hasPoint = lat !== undefined && long !== undefined;
  if (!hasPoint && addressString === undefined && addressId === undefined)
    problems.push('a location is required: lat and long, address_string or address_id');
  if (email !== undefined && !EMAIL.test(email)) problems.push('email must be an email address');
  if (phone !== undefined && !PHONE.test(phone)) problems.push('phone must be a phone number');
  if (mediaUrl !== undefined) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(mediaUrl).protocol);
    } catch {
      ok = false;
    }
    if (!ok) problems.push('media_url must be an http or https URL');
  }

  const data: Record<string, JsonValue> = {};
  if (service.category) data[service.category.field] = service.category.value;
  if (fields.channel) data[fields.channel.field] = fields.channel.value;
  const name = [firstName, lastName].filter((part) => part !== undefined).join(' ');
  const put = (field: string | undefined, value: JsonValue | undefined) => {
    if (field !== undefined && value !== undefined && value !== '') data[field] = value;
  };
  put(fields.description, description);
  put(fields.address, addressString);
  put(fields.lat, hasPoint ? lat : undefined);
  put(fields.long, hasPoint ? long : undefined);
  put(fields.name, name);
  put(fields.email, email);
  put(fields.phone, phone);

  const submitted = attributeValues(form);
  for (const attribute of service.attributes) {
    const raw = submitted.get(attribute.code);
    if (raw === undefined) {
      // A required attribute a standard parameter already filled (description, name, email) is given.
      if (attribute.required && data[attribute.code] === undefined)
        problems.push(`attribute[${attribute.code}] is required`);
      continue;
    }
    const parsed = attributeValue(attribute, raw);
    if ('problem' in parsed) problems.push(parsed.problem);
    else data[attribute.code] = parsed.value;
  }
  // GeoReport lets a client send only a point: a required address field gets the point as text.
  if (fields.address !== undefined && data[fields.address] === undefined && hasPoint && service.addressRequired)
    data[fields.address] = `${lat}, ${long}`;
  if (problems.length > 0) throw badRequest(problems);

  // The contact also comes from the attributes that stand in for name, email and phone.
  const fromData = (field: string | undefined) =>
    field !== undefined && typeof data[field] === 'string' && data[field] !== '' ? data[field] : undefined;
  const contactName = name !== '' ? name : fromData(fields.name);
  const contactEmail = email ?? fromData(fields.email);
  const contactPhone = phone ?? fromData(fields.phone);
  const contact = {
    ...(contactName !== undefined ? { name: contactName } : {}),
    ...(contactEmail !== undefined ? { email: contactEmail } : {}),
    ...(contactPhone !== undefined ? { phone: contactPhone } : {}),
  };
  const open311: Open311Fields = {
    serviceCode: service.code,
    ...(description !== undefined ? { description } : {}),
    ...(hasPoint ? { lat, long } : {}),
    ...(addressString !== undefined ? { addressString } : {}),
    ...(addressId !== undefined ? { addressId } : {}),
    ...(zipcode !== undefined ? { zipcode } : {}),
    ...(mediaUrl !== undefined ? { mediaUrl } : {}),
    token: newRequestToken(),
  };
  return {
    data,
    ...(Object.keys(contact).length > 0
      ? {
          residentContact: {
            ...contact,
            preferredChannel: contactEmail !== undefined ? 'email' : contactPhone !== undefined ? 'sms' : 'none',
          },
        }
      : {}),
    open311,
  };
}

export interface RequestQuery {
  trackingNumbers?: string[];
  serviceCodes?: string[];
  createdFrom?: Date;
  createdTo?: Date;
  /** undefined: open and closed. */
  closed?: boolean;
  page: number;
  pageSize: number;
}

export const MAX_RANGE_DAYS = 90;
const DAY_MS = 86_400_000;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** w3c date-time with a zone (Z or ±HH:MM), as GeoReport requires; a bare date is read as UTC midnight. */
export function parseW3cDate(raw: string, name: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(raw);
  const date = ok ? new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw) : new Date(NaN);
  if (Number.isNaN(date.getTime()))
    throw badRequest(`${name} must be a w3c date-time with a zone, e.g. 2026-01-01T00:00:00Z`);
  return date;
}

function list(query: Record<string, string | string[] | undefined>, name: string): string[] | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const items = (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return items.length > 0 ? items : undefined;
}

function one(query: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const raw = query[name];
  const value = (Array.isArray(raw) ? raw[raw.length - 1] : raw)?.trim();
  return value === '' ? undefined : value;
}

function positive(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
    throw badRequest(`${name} must be a whole number from 1 to ${max}`);
  return Number(raw);
}

/** GET requests' filters. `service_request_id` overrides the others, as the spec says. */
export function parseRequestQuery(query: Record<string, string | string[] | undefined>, now: Date): RequestQuery {
  const page = positive(one(query, 'page'), 'page', 1, 100_000);
  const pageSize = positive(one(query, 'page_size'), 'page_size', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const ids = list(query, 'service_request_id');
  if (ids) {
    if (ids.length > MAX_PAGE_SIZE) throw badRequest(`service_request_id takes at most ${MAX_PAGE_SIZE} ids`);
    return { trackingNumbers: ids.map((id) => id.toUpperCase()), page, pageSize };
  }
  const serviceCodes = list(query, 'service_code');
  const statuses = list(query, 'status');
  const badStatus = statuses?.find((s) => s !== 'open' && s !== 'closed');
  if (badStatus !== undefined)
    throw badRequest(`status must be open or closed (got ${JSON.stringify(badStatus.slice(0, 40))})`);
  const closed =
    statuses === undefined || (statuses.includes('open') && statuses.includes('closed'))
      ? undefined
      : statuses.includes('closed');

  const startRaw = one(query, 'start_date');
  const endRaw = one(query, 'end_date');
  let from = startRaw !== undefined ? parseW3cDate(startRaw, 'start_date') : undefined;
  let to = endRaw !== undefined ? parseW3cDate(endRaw, 'end_date') : undefined;
  // Without dates: the most recent 90 days; with one date: 90 days from or up to it.
  if (from === undefined && to === undefined) to = now;
  if (from === undefined) from = new Date(to!.getTime() - MAX_RANGE_DAYS * DAY_MS);
  if (to === undefined) to = new Date(from.getTime() + MAX_RANGE_DAYS * DAY_MS);
  if (to.getTime() < from.getTime()) throw badRequest('end_date is before start_date');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
    throw badRequest(`start_date and end_date may not span more than ${MAX_RANGE_DAYS} days`);
  return {
    ...(serviceCodes ? { serviceCodes } : {}),
    createdFrom: from,
    createdTo: to,
    ...(closed !== undefined ? { closed } : {}),
    page,
    pageSize,
  };
}
