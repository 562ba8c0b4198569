/**
 * The one decision on case data before anything is written or signalled: the interpreter's own rules
 * (the same functions the workflow runs, so it never meets data it would refuse) plus the full
 * JSON Schema of the definition (formats, patterns), which the workflow sandbox cannot run.
 */
import type { CompiledDefinition, JsonValue } from '../../domain/definition';
import { startDataProblems, writeDataProblems, type CaseDataRuleProblem } from '../../interpreter';
import { createCaseDataValidator, type CaseDataValidator } from '../../process-definitions/loader';
import { ApiError } from '../errors/api-error';

export interface CaseDataIssue {
  field: string;
  message: string;
  code?: CaseDataRuleProblem['code'];
}

export type CaseDataCheck = ReturnType<typeof createCaseDataCheck>;

/** Interpreter problems first; schema problems only for fields the interpreter had no quarrel with. */
function merge(
  rules: readonly CaseDataRuleProblem[],
  schema: readonly { field: string; message: string }[],
): CaseDataIssue[] {
  const named = new Set(rules.map((p) => p.field));
  return [
    ...rules.map((p) => ({ field: p.field, code: p.code, message: p.message })),
    ...schema.filter((p) => !named.has(p.field)),
  ];
}

function refuse(issues: CaseDataIssue[], message: string): void {
  if (issues.length > 0) throw new ApiError('VALIDATION_FAILED', message, { problems: issues });
}

export function createCaseDataCheck() {
  const validators = new Map<string, CaseDataValidator>();
  const validatorFor = (definition: CompiledDefinition): CaseDataValidator => {
    const key = `${definition.id}@${definition.version}`;
    let validator = validators.get(key);
    if (!validator) {
      validator = createCaseDataValidator(definition);
      validators.set(key, validator);
    }
    return validator;
  };

  return {
    /** The data a new case starts with; VALIDATION_FAILED with details.problems. */
    start(definition: CompiledDefinition, data: Record<string, JsonValue>): void {
      refuse(
        merge(startDataProblems(definition, data), validatorFor(definition)(data)),
        'the case data does not match the process definition',
      );
    },

    /**
     * The data a staff action writes. An unknown step or action is left to the workflow, which
     * answers it with its own rejection (STEP_NOT_ACTIVE, UNKNOWN_ACTION).
     */
    action(
      definition: CompiledDefinition,
      stepId: string,
      actionId: string,
      data: Record<string, JsonValue> | undefined,
    ): void {
      if (data === undefined) return;
      const step = Object.hasOwn(definition.steps, stepId) ? definition.steps[stepId] : undefined;
      if (!step || step.type !== 'human' || !Object.hasOwn(step.actions, actionId)) return;
      const action = step.actions[actionId];
      const rules = writeDataProblems(definition, data, [...step.form, ...action.requires], `action "${action.id}"`);
      // null clears a field: the interpreter allows it, the schema would call it the wrong type.
      const values = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null));
      refuse(
        merge(rules, validatorFor(definition)(values, { partial: true })),
        'the action data does not match the process definition',
      );
    },
  };
}
