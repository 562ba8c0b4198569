/**
 * Studio forms carry a whole definition (the shipped building permit is ~43 KB, more than the
 * general form limit): they get the same limit as the API's definition upload. Urlencoding can
 * triple a YAML's size, hence the factor.
 */
import { MAX_SOURCE_BYTES } from '../../process-definitions/loader';

export const DEFINITION_FORM_LIMIT_BYTES = 3 * MAX_SOURCE_BYTES;

export function isDefinitionFormPath(path: string): boolean {
  return /^\/studio\/[^/]+(\/diagnostics)?$/.test(path);
}
