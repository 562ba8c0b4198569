/** The one-line form every tool prints: `file:line:col: error|warning CODE message`. */
import type { DefinitionProblem } from '../../domain/errors';

export function formatProblem(problem: DefinitionProblem): string {
  return `${problem.file}:${problem.line}:${problem.col}: ${problem.severity} ${problem.code} ${problem.message}`;
}

export function formatProblems(problems: readonly DefinitionProblem[]): string {
  return problems.map(formatProblem).join('\n');
}
