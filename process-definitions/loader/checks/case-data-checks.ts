/**
 * The case-data JSON Schema must itself compile, and the fields it requires must exist. The same
 * compiled validator checks case data at the edge (see createCaseDataValidator).
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import type { CaseDataDocument } from '../../../domain/definition';
import type { CheckContext } from '../check-context';

export function compileCaseDataSchema(schema: CaseDataDocument): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'personal', schemaType: 'boolean' });
  return ajv.compile(schema);
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
