/**
 * What audit views show of a disposed case's entries. The audit table is append-only and its entries
 * are hashed, so disposal cannot rewrite them (see api/README.md, "Disposal and the audit trail");
 * instead every view of a disposed case's entries replaces the values of personal fields (and the
 * resident's contact and free-text comments) with a marker. The stored entries, and so the chain
 * check, are unchanged. Pure.
 */
import type { JsonObject, JsonValue } from '../../../domain/audit';

export const DISPOSED_MARKER = '[removed at disposal]';

/** Keys whose values are personal whatever the definition says. */
const ALWAYS_PERSONAL = ['residentContact', 'contact', 'email', 'phone', 'text', 'comment', 'note', 'resolutionNote'];

function redactValue(value: JsonValue, personal: ReadonlySet<string>): JsonValue {
  if (Array.isArray(value)) return value.map((item) => redactValue(item, personal));
  if (value !== null && typeof value === 'object') return redactDisposedDetails(value, personal);
  return value;
}

export function redactDisposedDetails(details: JsonObject, personal: ReadonlySet<string>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(details)) {
    out[key] = personal.has(key) || ALWAYS_PERSONAL.includes(key) ? DISPOSED_MARKER : redactValue(value, personal);
  }
  return out;
}
