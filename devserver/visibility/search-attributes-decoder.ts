import { SEARCH_ATTRIBUTE_TYPES, SearchAttributeType } from './visibility-query';

/**
 * Bytes as they may reach the server: a Buffer/Uint8Array (decoded proto), a JSON-serialised Buffer
 * (`{type: 'Buffer', data: [...]}`, e.g. after a snapshot round trip) or a base64 string (proto JSON).
 */
export type PayloadBytes = Uint8Array | { type: 'Buffer'; data: number[] } | string;

/** A `temporal.api.common.v1.Payload` as found in `SearchAttributes.indexedFields`. */
export interface SearchAttributePayload {
  metadata?: Record<string, PayloadBytes | null | undefined> | null;
  data?: PayloadBytes | null;
}

export type IndexedFields = Record<string, SearchAttributePayload | null | undefined> | null | undefined;

/**
 * Decodes search attribute payloads (`json/plain`, with the SDK's `type` metadata) into plain values:
 * Keyword/Text → string, Int/Double → number, Bool → boolean, Datetime → Date, KeywordList → string[].
 * A `binary/null` payload or JSON null means "unset" and leaves the key out. Untyped (legacy) values
 * are arrays; a single-element one is unwrapped. Undecodable payloads are skipped.
 */
export function decodeSearchAttributes(indexedFields: IndexedFields): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  for (const [name, payload] of Object.entries(indexedFields ?? {})) {
    const attribute = decodeAttribute(payload);
    if (attribute !== undefined) decoded[name] = attribute.value;
  }
  return decoded;
}

/**
 * The type of each set search attribute: from its `type` metadata, or inferred from its value for
 * untyped (legacy) payloads. Pass the result as `VisibilityRecord.searchAttributeTypes`.
 */
export function searchAttributeTypesOf(indexedFields: IndexedFields): Record<string, SearchAttributeType> {
  const types: Record<string, SearchAttributeType> = {};
  for (const [name, payload] of Object.entries(indexedFields ?? {})) {
    const attribute = decodeAttribute(payload);
    if (attribute !== undefined) types[name] = attribute.type;
  }
  return types;
}

/** Merges an upsert into existing indexed fields: an unset (null) payload removes the attribute. */
export function upsertSearchAttributes(
  current: Record<string, SearchAttributePayload>,
  upsert: IndexedFields,
): Record<string, SearchAttributePayload> {
  const merged = { ...current };
  for (const [name, payload] of Object.entries(upsert ?? {})) {
    if (payload && decodeAttribute(payload) !== undefined) merged[name] = payload;
    else delete merged[name];
  }
  return merged;
}

function decodeAttribute(
  payload: SearchAttributePayload | null | undefined,
): { value: unknown; type: SearchAttributeType } | undefined {
  if (!payload) return undefined;
  const encoding = metadataText(payload, 'encoding');
  if (encoding !== undefined && encoding !== 'json/plain') return undefined;
  const bytes = toBuffer(payload.data);
  if (bytes === undefined || bytes.length === 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (value === null) return undefined;
  const declared = normaliseType(metadataText(payload, 'type'));
  if (declared === undefined) return inferUntyped(value);
  if (declared === 'KeywordList') return { value: Array.isArray(value) ? value : [value], type: declared };
  if (Array.isArray(value)) {
    if (value.length !== 1) return undefined;
    value = value[0];
  }
  if (declared === 'Datetime') {
    const date = new Date(String(value));
    return Number.isNaN(date.getTime()) ? undefined : { value: date, type: declared };
  }
  return { value, type: declared };
}

function inferUntyped(value: unknown): { value: unknown; type: SearchAttributeType } | undefined {
  const scalar = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (Array.isArray(scalar)) return scalar.length === 0 ? undefined : { value: scalar, type: 'KeywordList' };
  if (typeof scalar === 'number') return { value: scalar, type: Number.isInteger(scalar) ? 'Int' : 'Double' };
  if (typeof scalar === 'boolean') return { value: scalar, type: 'Bool' };
  if (typeof scalar === 'string') return { value: scalar, type: 'Keyword' };
  return undefined;
}

/** Accepts the usual PascalCase names and the proto's INDEXED_VALUE_TYPE_* spelling. */
function normaliseType(text: string | undefined): SearchAttributeType | undefined {
  if (text === undefined) return undefined;
  const bare = text
    .replace(/^INDEXED_VALUE_TYPE_/, '')
    .replace(/_/g, '')
    .toLowerCase();
  return SEARCH_ATTRIBUTE_TYPES.find((type) => type.toLowerCase() === bare);
}

function metadataText(payload: SearchAttributePayload, key: string): string | undefined {
  return toBuffer(payload.metadata?.[key])?.toString('utf8');
}

function toBuffer(bytes: PayloadBytes | null | undefined): Buffer | undefined {
  if (bytes === null || bytes === undefined) return undefined;
  if (typeof bytes === 'string') return Buffer.from(bytes, 'base64');
  if (bytes instanceof Uint8Array) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.type === 'Buffer' && Array.isArray(bytes.data)) return Buffer.from(bytes.data);
  return undefined;
}
