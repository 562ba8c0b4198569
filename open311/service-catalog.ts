/**
 * The Open311 service list, derived from the published process definitions. Pure: no I/O.
 *
 * - A definition whose case data has a `category` string enum offers one service per category
 *   (code `<definition id>:<category>`, e.g. `service-complaint:pothole`); any other definition is
 *   one service (code = definition id).
 * - Open311's standard request fields fill case fields found by name (description, address,
 *   latitude/longitude, the resident's name, email and phone); a `channel` enum gets the app channel.
 * - Every other case field the resident can give becomes a service-definition attribute: required
 *   fields always, and optional ones unless they are written later (a later step's form, an action's
 *   `requires` or `set`, an automated step's output, a later event). A required field a standard
 *   parameter fills is advertised too, so the service definition names everything a request needs.
 */
import type { CaseFieldSchema, CompiledDefinition } from '../domain/definition';
import { humanise as humanize } from '../domain/humanise';

export type Open311Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

/** How a submitted attribute string becomes a case-data value. */
export type AttributeValueKind =
  'string' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime' | 'enum' | 'enum-list';

export interface Open311Attribute {
  /** The attribute code is the case-data field name. */
  code: string;
  datatype: Open311Datatype;
  required: boolean;
  description: string;
  datatypeDescription: string | null;
  order: number;
  values: { key: string; name: string }[];
  valueKind: AttributeValueKind;
  schema: CaseFieldSchema;
}

/** Case fields that Open311's own request fields fill. */
export interface StandardFieldMap {
  description?: string;
  address?: string;
  lat?: string;
  long?: string;
  name?: string;
  email?: string;
  phone?: string;
  /** The `channel` enum field and the value requests from Open311 get. */
  channel?: { field: string; value: string };
}

export interface Open311Service {
  code: string;
  name: string;
  description: string;
  group: string;
  keywords: string;
  definitionId: string;
  definitionVersion: string;
  /** Set for category services: which case field holds the category, and its value. */
  category?: { field: string; value: string };
  standardFields: StandardFieldMap;
  /** The address case field is required: a request with only lat/long fills it with the point. */
  addressRequired: boolean;
  attributes: Open311Attribute[];
}

export interface Open311Catalog {
  services: Open311Service[];
  byCode: ReadonlyMap<string, Open311Service>;
  definitions: ReadonlyMap<string, CompiledDefinition>;
}

const CATEGORY_FIELD = 'category';
const CHANNEL_FIELD = 'channel';
const PREFERRED_CHANNELS = ['mobile-app', 'web', 'open311', 'online', 'app'];

/** Candidate case-field names per Open311 field, first match wins. */
const STANDARD_NAMES: Record<
  Exclude<keyof StandardFieldMap, 'channel'>,
  { names: string[]; type: 'string' | 'number' }
> = {
  description: { names: ['description', 'projectDescription', 'details'], type: 'string' },
  address: { names: ['address', 'addressString', 'location', 'propertyAddress', 'homeAddress'], type: 'string' },
  lat: { names: ['latitude', 'lat'], type: 'number' },
  long: { names: ['longitude', 'long', 'lng'], type: 'number' },
  name: { names: ['residentName', 'applicantName', 'reporterName', 'name'], type: 'string' },
  email: { names: ['residentEmail', 'applicantEmail', 'reporterEmail', 'email'], type: 'string' },
  phone: { names: ['residentPhone', 'applicantPhone', 'reporterPhone', 'phone'], type: 'string' },
};

function properties(definition: CompiledDefinition): Record<string, CaseFieldSchema> {
  return definition.caseData.schema.properties ?? {};
}

/** Which case fields hold the standard things (description, address, coordinates, contact); also used to find a case's place. */
export function standardFields(definition: CompiledDefinition): StandardFieldMap {
  const props = properties(definition);
  const map: StandardFieldMap = {};
  for (const [target, { names, type }] of Object.entries(STANDARD_NAMES) as [
    Exclude<keyof StandardFieldMap, 'channel'>,
    { names: string[]; type: string },
  ][]) {
    const found = names.find((name) => {
      const schema = props[name];
      if (!schema || schema.enum !== undefined) return false;
      return type === 'number'
        ? schema.type === 'number' || schema.type === 'integer'
        : schema.type === 'string' || schema.type === undefined;
    });
    if (found) map[target] = found;
  }
  const channel = props[CHANNEL_FIELD];
  if (channel && Array.isArray(channel.enum)) {
    const values = channel.enum.filter((v): v is string => typeof v === 'string');
    const value = PREFERRED_CHANNELS.find((v) => values.includes(v)) ?? values[0];
    if (value !== undefined) map.channel = { field: CHANNEL_FIELD, value };
  }
  return map;
}

/**
 * Fields written after intake: a later step's form, any action's `requires` and `set`, automated
 * steps' outputs and the fields later events carry.
 */
function staffWrittenFields(definition: CompiledDefinition): Set<string> {
  const fields = new Set<string>();
  for (const event of Object.values(definition.events)) event.fields.forEach((field) => fields.add(field));
  for (const step of Object.values(definition.steps)) {
    if (step.type === 'automated' && step.task.kind === 'activity')
      step.task.output.forEach((field) => fields.add(field));
    if (step.type !== 'human') continue;
    if (step.id !== definition.start) step.form.forEach((field) => fields.add(field));
    for (const action of Object.values(step.actions)) {
      action.requires.forEach((field) => fields.add(field));
      Object.keys(action.set).forEach((field) => fields.add(field));
    }
  }
  return fields;
}

function enumValues(values: readonly unknown[]): { key: string; name: string }[] {
  return values
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .map((v) => ({ key: String(v), name: typeof v === 'string' ? humanize(v) : String(v) }));
}

function describeRange(schema: CaseFieldSchema, noun: string): string {
  if (schema.minimum !== undefined && schema.maximum !== undefined)
    return `${noun} from ${schema.minimum} to ${schema.maximum}`;
  if (schema.minimum !== undefined) return `${noun}, at least ${schema.minimum}`;
  if (schema.maximum !== undefined) return `${noun}, at most ${schema.maximum}`;
  return noun;
}

/** The attribute for one case field, or undefined when Open311 cannot carry it (objects, free arrays). */
export function attributeFor(
  code: string,
  schema: CaseFieldSchema,
  required: boolean,
  order: number,
): Open311Attribute | undefined {
  const base = { code, required, order, description: schema.description ?? schema.title ?? humanize(code), schema };
  if (Array.isArray(schema.enum)) {
    return {
      ...base,
      datatype: 'singlevaluelist',
      datatypeDescription: 'Pick one value',
      values: enumValues(schema.enum),
      valueKind: 'enum',
    };
  }
  switch (schema.type) {
    case 'boolean':
      return {
        ...base,
        datatype: 'singlevaluelist',
        datatypeDescription: 'Yes or no',
        values: [
          { key: 'true', name: 'Yes' },
          { key: 'false', name: 'No' },
        ],
        valueKind: 'boolean',
      };
    case 'integer':
      return {
        ...base,
        datatype: 'number',
        datatypeDescription: describeRange(schema, 'A whole number'),
        values: [],
        valueKind: 'integer',
      };
    case 'number':
      return {
        ...base,
        datatype: 'number',
        datatypeDescription: describeRange(schema, 'A number'),
        values: [],
        valueKind: 'number',
      };
    case 'array': {
      const items = schema.items as { enum?: unknown[] } | undefined;
      if (!items || !Array.isArray(items.enum)) return undefined;
      return {
        ...base,
        datatype: 'multivaluelist',
        datatypeDescription: 'Pick any number of values',
        values: enumValues(items.enum),
        valueKind: 'enum-list',
      };
    }
    case 'object':
      return undefined;
    default:
      if (schema.format === 'date')
        return {
          ...base,
          datatype: 'datetime',
          datatypeDescription: 'A date, e.g. 2026-05-01',
          values: [],
          valueKind: 'date',
        };
      if (schema.format === 'date-time')
        return {
          ...base,
          datatype: 'datetime',
          datatypeDescription: 'A date and time with its offset, e.g. 2026-05-01T09:30:00-07:00',
          values: [],
          valueKind: 'datetime',
        };
      if (schema.maxLength !== undefined && schema.maxLength > 255)
        return {
          ...base,
          datatype: 'text',
          datatypeDescription: `Free text, up to ${schema.maxLength} characters`,
          values: [],
          valueKind: 'string',
        };
      if (schema.format === 'email')
        return {
          ...base,
          datatype: 'string',
          datatypeDescription: 'An email address, e.g. resident@example.org',
          values: [],
          valueKind: 'string',
        };
      // The definition's own validation checks a pattern: say it, so a client can send a valid value.
      if (schema.pattern !== undefined)
        return {
          ...base,
          datatype: 'string',
          datatypeDescription: `Text matching the pattern ${schema.pattern}`,
          values: [],
          valueKind: 'string',
        };
      return {
        ...base,
        datatype: 'string',
        datatypeDescription: schema.maxLength !== undefined ? `Up to ${schema.maxLength} characters` : null,
        values: [],
        valueKind: 'string',
      };
  }
}

/** Open311 parameters that may stand in for a required attribute (GeoReport clients send them unasked). */
const STANDARD_PARAMETERS: Partial<Record<keyof StandardFieldMap, string>> = {
  description: 'description',
  name: 'first_name and last_name',
  email: 'email',
  phone: 'phone',
};

function attributesOf(
  definition: CompiledDefinition,
  mapped: StandardFieldMap,
  categoryField: string | undefined,
): Open311Attribute[] {
  const required = new Set(definition.caseData.required);
  // A required field filled by a standard parameter is still advertised, so a client that reads only the
  // service definition learns it must send it; location fields are filled by lat/long or address_string.
  const advertised = new Map<string, string>();
  for (const [target, parameter] of Object.entries(STANDARD_PARAMETERS) as [keyof StandardFieldMap, string][]) {
    const field = mapped[target];
    if (typeof field === 'string' && required.has(field)) advertised.set(field, parameter);
  }
  const taken = new Set<string>([
    ...Object.values(mapped).filter((v): v is string => typeof v === 'string' && !advertised.has(v)),
    ...(mapped.channel ? [mapped.channel.field] : []),
    ...(categoryField ? [categoryField] : []),
  ]);
  const staff = staffWrittenFields(definition);
  const attributes: Open311Attribute[] = [];
  const props = properties(definition);
  // `fields` keeps the order the definition declares (the stored jsonb schema does not).
  const order = definition.caseData.fields.length > 0 ? definition.caseData.fields : Object.keys(props);
  for (const field of order) {
    const schema = props[field];
    if (!schema || taken.has(field)) continue;
    if (!required.has(field) && staff.has(field)) continue;
    const attribute = attributeFor(field, schema, required.has(field), attributes.length + 1);
    const parameter = advertised.get(field);
    if (attribute)
      attributes.push(
        parameter ? { ...attribute, description: `${attribute.description} (or send ${parameter})` } : attribute,
      );
  }
  return attributes;
}

function categoryOf(definition: CompiledDefinition): { field: string; values: string[] } | undefined {
  const schema = properties(definition)[CATEGORY_FIELD];
  if (!schema || !Array.isArray(schema.enum)) return undefined;
  const values = schema.enum.filter((v): v is string => typeof v === 'string');
  return values.length > 0 ? { field: CATEGORY_FIELD, values } : undefined;
}

/**
 * Whether the definition's cases are public by nature: only services the definition offers on the
 * public portal (`portal: { public: true }`) appear in Open311 reads for callers without the
 * personal-data scope. A benefit application, say, never does.
 */
export function isPublicService(definition: CompiledDefinition | undefined): boolean {
  return definition?.portal?.public === true;
}

export function servicesOf(definition: CompiledDefinition): Open311Service[] {
  const mapped = standardFields(definition);
  const category = categoryOf(definition);
  const attributes = attributesOf(definition, mapped, category?.field);
  const common = {
    group: definition.title,
    definitionId: definition.id,
    definitionVersion: definition.version,
    standardFields: mapped,
    addressRequired: mapped.address !== undefined && definition.caseData.required.includes(mapped.address),
    attributes,
  };
  if (!category) {
    return [
      {
        ...common,
        code: definition.id,
        name: definition.title,
        description: definition.title,
        keywords: definition.id.replace(/-/g, ', '),
      },
    ];
  }
  return category.values.map((value) => ({
    ...common,
    code: `${definition.id}:${value}`,
    name: humanize(value),
    description: `${humanize(value)} (${definition.title})`,
    keywords: value.split('-').join(', '),
    category: { field: category.field, value },
  }));
}

export function buildServiceCatalog(definitions: readonly CompiledDefinition[]): Open311Catalog {
  const services = [...definitions].sort((a, b) => a.id.localeCompare(b.id)).flatMap(servicesOf);
  return {
    services,
    byCode: new Map(services.map((service) => [service.code, service])),
    definitions: new Map(definitions.map((definition) => [definition.id, definition])),
  };
}

/** The service a case belongs to now (a re-categorised case moves to its new category's service). */
export function serviceForCase(
  catalog: Open311Catalog,
  definitionId: string,
  caseData: Record<string, unknown>,
  storedCode: string | undefined,
): Open311Service | undefined {
  const definition = catalog.definitions.get(definitionId);
  if (definition) {
    const category = categoryOf(definition);
    const value = category ? caseData[category.field] : undefined;
    const code = category ? (typeof value === 'string' ? `${definitionId}:${value}` : undefined) : definitionId;
    const found = code !== undefined ? catalog.byCode.get(code) : undefined;
    if (found) return found;
  }
  return storedCode !== undefined ? catalog.byCode.get(storedCode) : undefined;
}
