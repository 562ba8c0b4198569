/**
 * Validates case data against a compiled definition's case-data schema (at the API edge, before a
 * case is created or a form is applied). Node-only (ajv generates code): never import it in workflows.
 */
import type { CompiledDefinition } from '../../domain/definition';
import { compileCaseDataSchema } from './checks/case-data-checks';

export interface CaseDataProblem {
  readonly field: string;
  readonly message: string;
}

export type CaseDataValidator = (data: unknown, options?: { partial?: boolean }) => CaseDataProblem[];

export function createCaseDataValidator(definition: CompiledDefinition): CaseDataValidator {
  const full = compileCaseDataSchema(definition.caseData.schema);
  const partial = compileCaseDataSchema({ ...definition.caseData.schema, required: [] });
  return (data, options = {}) => {
    const validate = options.partial ? partial : full;
    if (validate(data)) return [];
    return (validate.errors ?? []).map((error) => {
      const params = error.params as { missingProperty?: string; additionalProperty?: string };
      const field = params.missingProperty ?? params.additionalProperty ?? error.instancePath.split('/')[1] ?? '';
      return { field, message: `${field || 'case data'} ${error.message ?? 'is invalid'}` };
    });
  };
}
