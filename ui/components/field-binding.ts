/** What a field shown again after a refused post takes from its name: the value posted and the error. */
import { errorFor, type FieldError } from './error-summary';

export type PostedValues = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A posted value as a text field shows it: a single value, else empty. */
export function postedText(values: PostedValues, name: string): string {
  const value = values[name];
  return typeof value === 'string' ? value : '';
}

/** id and name alike, the value posted, and the field's error, for a field whose id is its name. */
export function boundField(
  name: string,
  values: PostedValues,
  errors: readonly FieldError[],
): { id: string; name: string; value: string; error: string | undefined } {
  return { id: name, name, value: postedText(values, name), error: errorFor(errors, name) };
}
