/** A JSON value as the text a form field shows and posts back. Pure. */
import type { JsonValue } from '../../domain/definition';

/**
 * Scalars as `String` writes them (what a browser posts back for a choice); arrays and objects as JSON,
 * so two different values never share one text (`String` would make every object "[object Object]").
 */
export function fieldText(value: JsonValue): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
