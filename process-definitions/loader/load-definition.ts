/**
 * The loader's front door: YAML text or a file in, coded problems with positions and (when valid)
 * the compiled, content-hashed definition out. Never throws on bad input.
 */
import { promises as fs, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { CompiledDefinition, DefinitionDocument } from '../../domain/definition';
import { DefinitionInvalidError, type DefinitionProblem } from '../../domain/errors';
import { CheckContext, type ValidateOptions } from './check-context';
import { checkCaseData } from './checks/case-data-checks';
import { checkFlow } from './checks/flow-checks';
import { checkReferences } from './checks/reference-checks';
import { checkScenarios } from './checks/scenario-checks';
import { checkSteps } from './checks/step-checks';
import { checkTime } from './checks/time-checks';
import { checkUsage } from './checks/usage-checks';
import { checkTranslations } from './checks/translation-checks';
import { compareVersions } from './compare-versions';
import { fileIncludeResolver, inlineCalendarIncludes, type IncludeResolver } from './calendar-includes';
import { compileDefinition } from './compile-definition';
import { type Locator, ProblemSink, resetSuggestionBudget, sortProblems } from './problems';
import { validateAgainstSchema } from './schema-validator';
import { MAX_SOURCE_BYTES, readYaml } from './yaml-reader';

export type { ValidateOptions } from './check-context';

export interface LoadResult {
  /** True when there is no problem of severity error (warnings allowed). */
  readonly ok: boolean;
  readonly file: string;
  /** Sorted by position. */
  readonly problems: readonly DefinitionProblem[];
  /** The document, present once it satisfies the JSON Schema. */
  readonly document?: DefinitionDocument;
  /** The compiled definition, present when ok. */
  readonly compiled?: CompiledDefinition;
  readonly locator: Locator;
}

export interface LoadOptions extends ValidateOptions {
  /** Name used in problem positions; default "<definition>". */
  readonly file?: string;
  /** Resolves `$include` of shared calendar files; loadDefinitionFile resolves against the file's folder. */
  readonly resolveInclude?: IncludeResolver;
}

const STATIC_CHECKS: readonly [string, (ctx: CheckContext) => void][] = [
  ['case data', checkCaseData],
  ['references', checkReferences],
  ['flow', checkFlow],
  ['time', checkTime],
  ['steps', checkSteps],
  ['scenarios', checkScenarios],
  ['usage', checkUsage],
  ['translations', checkTranslations],
];

/** Validate and compile definition YAML. */
export function loadDefinitionText(text: string, options: LoadOptions = {}): LoadResult {
  const file = options.file ?? '<definition>';
  resetSuggestionBudget();
  const { value, locator, sink } = readYaml(text.replace(/^\uFEFF/, ''), file);
  if (value === undefined || sink.hasErrors) return finish(file, sink, locator);
  const resolved = inlineCalendarIncludes(value, sink, options.resolveInclude);
  if (resolved === undefined) return finish(file, sink, locator);
  if (!validateAgainstSchema(resolved, sink)) return finish(file, sink, locator);
  // The JSON Schema has just accepted the value, so it has the document's shape.
  const document = resolved as unknown as DefinitionDocument;
  const ctx = new CheckContext(document, sink, options);
  for (const [name, check] of STATIC_CHECKS) {
    try {
      check(ctx);
    } catch (error) {
      sink.error(
        'CHECK_CRASHED',
        [],
        `the ${name} check failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (sink.hasErrors) return finish(file, sink, locator, document);
  try {
    return finish(file, sink, locator, document, compileDefinition(document));
  } catch (error) {
    sink.error('CHECK_CRASHED', [], `compilation failed: ${error instanceof Error ? error.message : String(error)}`);
    return finish(file, sink, locator, document);
  }
}

function finish(
  file: string,
  sink: ProblemSink,
  locator: Locator,
  document?: DefinitionDocument,
  compiled?: CompiledDefinition,
): LoadResult {
  const problems = sortProblems(sink.problems);
  const ok = !problems.some((problem) => problem.severity === 'error');
  return { ok, file, problems, document, compiled: ok ? compiled : undefined, locator };
}

function unreadable(file: string, code: 'FILE_UNREADABLE' | 'FILE_TOO_LARGE', message: string): LoadResult {
  const locator: Locator = { locate: () => ({ line: 1, col: 1 }) };
  const sink = new ProblemSink(file, locator);
  sink.error(code, [], message);
  return finish(file, sink, locator);
}

function decode(file: string, bytes: Buffer, options: ValidateOptions): LoadResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return unreadable(file, 'FILE_UNREADABLE', 'the file is not UTF-8 text');
  }
  return loadDefinitionText(text, { resolveInclude: fileIncludeResolver(path.dirname(file)), ...options, file });
}

function tooLarge(file: string, size: number): LoadResult {
  return unreadable(
    file,
    'FILE_TOO_LARGE',
    `the file is ${(size / 1048576).toFixed(1)} MB; definitions are limited to 1 MB`,
  );
}

/** Read, validate and compile a definition file. */
export async function loadDefinitionFile(path: string, options: ValidateOptions = {}): Promise<LoadResult> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) return unreadable(path, 'FILE_UNREADABLE', 'not a regular file');
    if (stat.size > MAX_SOURCE_BYTES) return tooLarge(path, stat.size);
    return decode(path, await fs.readFile(path), options);
  } catch (error) {
    return unreadable(
      path,
      'FILE_UNREADABLE',
      `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

export function loadDefinitionFileSync(path: string, options: ValidateOptions = {}): LoadResult {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return unreadable(path, 'FILE_UNREADABLE', 'not a regular file');
    if (stat.size > MAX_SOURCE_BYTES) return tooLarge(path, stat.size);
    return decode(path, readFileSync(path), options);
  } catch (error) {
    return unreadable(
      path,
      'FILE_UNREADABLE',
      `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

/**
 * Problems of `next` as a successor of `previous` (both loaded). Empty when either failed to
 * compile: their own problems already say why.
 */
export function checkVersionChange(previous: LoadResult, next: LoadResult): DefinitionProblem[] {
  if (!previous.compiled || !next.compiled) return [];
  return sortProblems(
    compareVersions(
      { compiled: previous.compiled, file: previous.file, locator: previous.locator },
      { compiled: next.compiled, file: next.file, locator: next.locator },
    ),
  );
}

/** The compiled definition, or a DefinitionInvalidError carrying the problems. */
export function requireCompiled(result: LoadResult): CompiledDefinition {
  if (!result.compiled) throw new DefinitionInvalidError(result.problems);
  return result.compiled;
}
