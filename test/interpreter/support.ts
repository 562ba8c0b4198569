import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CompiledDefinition } from '../../domain/definition';
import { formatProblems, loadDefinitionText } from '../../process-definitions/loader';
import type { Actor, CaseCommand, CaseState, CaseStepResult } from '../../interpreter';

const root = path.resolve(__dirname, '..', '..');

export function loadDefinition(relativePath: string): CompiledDefinition {
  const file = path.join(root, relativePath);
  const result = loadDefinitionText(readFileSync(file, 'utf8'), { file: relativePath });
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

export const staff = (id: string, roles: string[], department?: string): Actor => ({ id, roles, ...(department ? { department } : {}), kind: 'staff' });

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
    throw new Error(`expected acceptance, got ${result.outcome}: ${result.outcome === 'rejected' ? `${result.rejection.code} ${result.rejection.reason}` : result.reason}`);
  }
  return frozen(result.state);
}

export const commandsOf = <T extends CaseCommand['type']>(result: { commands: CaseCommand[] }, type: T): Extract<CaseCommand, { type: T }>[] =>
  result.commands.filter((c): c is Extract<CaseCommand, { type: T }> => c.type === type);

export const auditTypes = (result: { commands: CaseCommand[] }): string[] => commandsOf(result, 'audit').map((c) => c.entry.type);

export const onSteps = (state: CaseState): string[] => state.active.map((a) => a.stepId).sort();
