import path from 'node:path';
import type { CompiledDefinition, JsonValue } from '../../domain/definition';
import { formatProblems, loadDefinitionFileSync } from '../../process-definitions/loader';
import type { Actor, WorkflowCommand, CaseState, CaseStepResult } from '../../interpreter';

const root = path.resolve(__dirname, '..', '..');

export function loadDefinition(relativePath: string): CompiledDefinition {
  // The file loader resolves shared calendar includes; the text loader would not.
  const result = loadDefinitionFileSync(path.join(root, relativePath));
  if (!result.compiled) throw new Error(`${relativePath} does not compile:\n${formatProblems(result.problems)}`);
  return result.compiled;
}

/** Instants are written with explicit offsets in tests, independent of the code under test. */
export const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${iso}`);
  return ms;
};
export const iso = (text: string): string => new Date(at(text)).toISOString();

export const staff = (id: string, roles: string[], department?: string): Actor => ({
  id,
  roles,
  ...(department ? { department } : {}),
  kind: 'staff',
});

/** Deep-freezes a state so any mutation by the interpreter throws (tests run in strict mode). */
export function frozen<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) frozen(child);
  }
  return value;
}

export function accepted(result: CaseStepResult): CaseState {
  if (result.outcome !== 'accepted') {
    throw new Error(
      `expected acceptance, got ${result.outcome}: ${result.outcome === 'rejected' ? `${result.rejection.code} ${result.rejection.reason}` : result.reason}`,
    );
  }
  return frozen(result.state);
}

export const commandsOf = <T extends WorkflowCommand['type']>(
  result: { commands: WorkflowCommand[] },
  type: T,
): Extract<WorkflowCommand, { type: T }>[] =>
  result.commands.filter((c): c is Extract<WorkflowCommand, { type: T }> => c.type === type);

export const auditTypes = (result: { commands: WorkflowCommand[] }): string[] =>
  commandsOf(result, 'audit').map((c) => c.entry.type);

export const onSteps = (state: CaseState): string[] => state.active.map((a) => a.stepId).sort();

/**
 * Form data for an action: `overrides` plus a plausible value for every other field the action
 * requires, so tests keep working when a shipped definition adds a required field.
 */
export function formFor(
  definition: CompiledDefinition,
  stepId: string,
  actionId: string,
  overrides: Record<string, JsonValue> = {},
): Record<string, JsonValue> {
  const step = definition.steps[stepId];
  if (!step || step.type !== 'human' || !step.actions[actionId]) throw new Error(`no action ${stepId}.${actionId}`);
  const data: Record<string, JsonValue> = { ...overrides };
  for (const field of step.actions[actionId].requires) {
    if (field in data || field in step.actions[actionId].set) continue;
    const schema = definition.caseData.schema.properties[field] ?? {};
    if (schema.enum && schema.enum.length > 0) data[field] = schema.enum[0]!;
    else if (schema.type === 'number' || schema.type === 'integer') data[field] = schema.minimum ?? 1;
    else if (schema.type === 'boolean') data[field] = true;
    else if (schema.format === 'date') data[field] = '2026-01-05';
    else if (schema.format === 'date-time') data[field] = '2026-01-05T09:00:00Z';
    else if (schema.format === 'email') data[field] = 'someone@example.org';
    else data[field] = 'filled in';
  }
  return data;
}
