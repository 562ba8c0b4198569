/**
 * The case-data JSON Schema must itself compile, and the fields it requires must exist. The same
 * compiled validator checks case data at the edge (see createCaseDataValidator).
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import type { CaseDataDocument } from '../../../domain/definition';
import type { CheckContext } from '../check-context';

const cache = new Map<string, ValidateFunction>();
const CACHE_SIZE = 64;

/** Compiled validators are cached by schema text: compiling is the slowest part of loading. */
export function compileCaseDataSchema(schema: CaseDataDocument): ValidateFunction {
  const key = JSON.stringify(schema);
  const cached = cache.get(key);
  if (cached) return cached;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'personal', schemaType: 'boolean' });
  const validate = ajv.compile(schema);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, validate);
  return validate;
}

export function checkCaseData(ctx: CheckContext): void {
  const { caseData } = ctx.doc;
  (caseData.required ?? []).forEach((field, i) => {
    if (!ctx.fields.has(field)) ctx.sink.error('REF_FIELD_UNKNOWN', ['caseData', 'required', i], `required field "${field}" is not among the properties`);
  });
  try {
    compileCaseDataSchema(caseData);
  } catch (error) {
    ctx.sink.error('CASE_DATA_SCHEMA_INVALID', ['caseData'], `the case-data schema does not compile: ${error instanceof Error ? error.message : String(error)}`);
  }
}
