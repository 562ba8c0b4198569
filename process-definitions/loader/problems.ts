import {
  DEFINITION_PROBLEMS,
  type DefinitionProblem,
  type DefinitionProblemCode,
  type ProblemSeverity,
} from '../../domain/errors';

export type { DefinitionProblem, DefinitionProblemCode, ProblemSeverity } from '../../domain/errors';

/** A path into the parsed document: map keys and sequence indexes. */
export type DocPath = readonly (string | number)[];

export interface Position {
  readonly line: number;
  readonly col: number;
}

/** Where a problem sits; `key: true` points at the map key rather than the value. */
export interface Locator {
  locate(path: DocPath, key?: boolean): Position;
}

export function pointer(path: DocPath): string {
  return path.length === 0
    ? ''
    : `/${path.map((part) => String(part).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** Collects problems for one file. */
export class ProblemSink {
  readonly problems: DefinitionProblem[] = [];
  constructor(
    readonly file: string,
    private readonly locator: Locator,
  ) {}

  error(code: DefinitionProblemCode, path: DocPath, message: string, options: { key?: boolean } = {}): void {
    this.add(code, 'error', path, message, options.key);
  }

  warning(code: DefinitionProblemCode, path: DocPath, message: string, options: { key?: boolean } = {}): void {
    this.add(code, 'warning', path, message, options.key);
  }

  add(code: DefinitionProblemCode, severity: ProblemSeverity, path: DocPath, message: string, key = false): void {
    const { line, col } = this.locator.locate(path, key);
    this.problems.push({
      code,
      severity,
      message: message || DEFINITION_PROBLEMS[code],
      file: this.file,
      line,
      col,
      path: pointer(path),
    });
  }

  get hasErrors(): boolean {
    return this.problems.some((problem) => problem.severity === 'error');
  }
}

export function sortProblems(problems: readonly DefinitionProblem[]): DefinitionProblem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code),
  );
}

const keyCache = new WeakMap<object, string[]>();

/** The keys of a document map, computed once per map (unknown references ask for them often). */
export function keysOf(map: object | undefined): string[] {
  if (map === undefined) return [];
  let keys = keyCache.get(map);
  if (!keys) {
    keys = Object.keys(map);
    keyCache.set(map, keys);
  }
  return keys;
}

/**
 * Edit-distance work allowed per validation: a hostile file with thousands of unknown references
 * against thousands of names must not turn suggestions into a hang. Reset by the loader per file.
 */
const SUGGESTION_BUDGET = 20_000_000;
let suggestionBudget = SUGGESTION_BUDGET;

export function resetSuggestionBudget(): void {
  suggestionBudget = SUGGESTION_BUDGET;
}

/** "did you mean" for unknown references. */
export function suggest(name: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > 3) continue;
    suggestionBudget -= (name.length + 1) * (candidate.length + 1);
    if (suggestionBudget < 0) return '';
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3))
    ? ` (did you mean "${best}"?)`
    : '';
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3 || a.length > 64 || b.length > 64) return 99;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
