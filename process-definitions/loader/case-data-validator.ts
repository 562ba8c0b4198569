/**
 * Validates case data against a compiled definition's case-data schema (at the API edge, before a
 * case is created or a form is applied, and in the staff pages' forms). Node-only (ajv generates code):
 * never import it in workflows.
 */
import type { ErrorObject } from 'ajv';
import type { CaseDataDocument, CompiledDefinition } from '../../domain/definition';
import { compileCaseDataSchema } from './checks/case-data-checks';

export interface CaseDataProblem {
  readonly field: string;
  readonly message: string;
}

export type CaseDataValidator = (data: unknown, options?: { partial?: boolean }) => CaseDataProblem[];

/**
 * The raw ajv errors of case data against the schema (`partial`: the schema's `required` left out, for
 * data that only touches some fields). For callers that word problems themselves (the pages' forms).
 */
export type CaseDataChecker = (data: unknown, options?: { partial?: boolean }) => readonly ErrorObject[];

export function createCaseDataChecker(schema: CaseDataDocument): CaseDataChecker {
  const full = compileCaseDataSchema(schema);
  const partial = compileCaseDataSchema({ ...schema, required: [] });
  return (data, options = {}) => {
    const validate = options.partial ? partial : full;
    return validate(data) ? [] : [...(validate.errors ?? [])];
  };
}

/** The top-level case field an ajv error is about ('' when it is about the whole object). */
export function caseFieldOf(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  return params.missingProperty ?? params.additionalProperty ?? error.instancePath.split('/')[1] ?? '';
}

export function createCaseDataValidator(definition: CompiledDefinition): CaseDataValidator {
  const check = createCaseDataChecker(definition.caseData.schema);
  return (data, options = {}) =>
    check(data, options).map((error) => {
      const field = caseFieldOf(error);
      return { field, message: `${field || 'case data'} ${error.message ?? 'is invalid'}` };
    });
}
