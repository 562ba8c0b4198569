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
    if (!ctx.fields.has(field))
      ctx.sink.error(
        'REF_FIELD_UNKNOWN',
        ['caseData', 'required', i],
        `required field "${field}" is not among the properties`,
      );
  });
  try {
    compileCaseDataSchema(caseData);
  } catch (error) {
    ctx.sink.error(
      'CASE_DATA_SCHEMA_INVALID',
      ['caseData'],
      `the case-data schema does not compile: ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  }
  // Typos such as "maxLenght" are silently ignored by JSON Schema; strict mode names them.
  for (const [field, schema] of Object.entries(caseData.properties)) {
    const problem = strictProblem(schema);
    if (problem)
      ctx.sink.warning('CASE_DATA_KEYWORD_UNKNOWN', ['caseData', 'properties', field], `field "${field}": ${problem}`);
  }
}

function strictProblem(schema: object): string | undefined {
  const ajv = strictAjv ?? (strictAjv = createStrictAjv());
  try {
    ajv.compile(schema);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return /strict mode|unknown keyword/i.test(message) ? message.replace(/^strict mode: /, '') : undefined;
  } finally {
    ajv.removeSchema(schema);
  }
}

let strictAjv: Ajv2020 | undefined;

function createStrictAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    addUsedSchema: false,
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'personal', schemaType: 'boolean' });
  return ajv;
}
