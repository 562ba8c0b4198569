/** Public API of the definition loader. */
export {
  loadDefinitionText,
  loadDefinitionFile,
  loadDefinitionFileSync,
  checkVersionChange,
  requireCompiled,
  type LoadResult,
  type LoadOptions,
  type ValidateOptions,
} from './load-definition';
export { compareVersions, type VersionSide } from './compare-versions';
export { compileDefinition } from './compile-definition';
export { fileIncludeResolver, type IncludeResolver, type IncludeResult } from './calendar-includes';
export { canonicalJson, contentHash } from './content-hash';
export {
  createCaseDataValidator,
  createCaseDataChecker,
  caseFieldOf,
  type CaseDataValidator,
  type CaseDataChecker,
  type CaseDataProblem,
} from './case-data-validator';
export { formatProblem, formatProblems } from './format-problems';
export { MAX_SOURCE_BYTES, MAX_DEPTH, MAX_ALIAS_EXPANSIONS } from './yaml-reader';
export type { DefinitionProblem, DefinitionProblemCode, ProblemSeverity } from '../../domain/errors';
