/**
 * Coded problems found in a process definition. Every problem the loader reports carries one of these
 * codes, a severity and a file position; the table below keeps the list complete and documented
 * (the compiler rejects a code without a description).
 */

export type ProblemSeverity = 'error' | 'warning';

export const DEFINITION_PROBLEMS = {
  // Reading the file
  FILE_UNREADABLE: 'the file cannot be read',
  FILE_TOO_LARGE: 'the file is larger than the 1 MB limit',
  YAML_SYNTAX: 'the YAML is malformed',
  YAML_DUPLICATE_KEY: 'a key appears twice in one mapping',
  YAML_MULTIPLE_DOCUMENTS: 'the file holds more than one YAML document',
  YAML_ALIAS_LIMIT: 'too many alias expansions (anchor/alias bomb)',
  YAML_ALIAS_UNRESOLVED: 'an alias names an anchor that is not defined before it',
  YAML_TOO_DEEP: 'the YAML nests deeper than the limit',
  INCLUDE_NOT_ALLOWED: 'an $include path is absolute, leaves the definition folder, or is combined with other keys',
  INCLUDE_UNREADABLE: 'an included file is missing, unreadable or invalid',
  YAML_UNSUPPORTED_VALUE: 'a value of a kind definitions do not use (binary, non-string key, custom tag)',
  // JSON Schema
  SCHEMA_MISSING_PROPERTY: 'a required property is missing',
  SCHEMA_UNKNOWN_PROPERTY: 'a property the language does not know',
  SCHEMA_WRONG_TYPE: 'a value of the wrong type',
  SCHEMA_INVALID_VALUE: 'a value outside the allowed set',
  SCHEMA_INVALID_FORMAT: 'a value that does not match the required format',
  SCHEMA_VIOLATION: 'the document breaks a schema rule',
  // References
  REF_STEP_UNKNOWN: 'a step reference does not resolve',
  REF_ROLE_UNKNOWN: 'a role reference does not resolve',
  REF_DEPARTMENT_UNKNOWN: 'a department reference does not resolve',
  REF_FIELD_UNKNOWN: 'a case-data field reference does not resolve',
  REF_CALENDAR_UNKNOWN: 'a calendar reference does not resolve',
  REF_TEMPLATE_UNKNOWN: 'a template reference does not resolve',
  REF_STATUS_UNKNOWN: 'a status reference does not resolve',
  REF_OUTCOME_UNKNOWN: 'an outcome reference does not resolve',
  REF_RETENTION_UNKNOWN: 'a retention class reference does not resolve',
  REF_EVENT_UNKNOWN: 'an event reference does not resolve',
  REF_PAUSE_REASON_UNKNOWN: 'a clock pause reason does not resolve',
  TEMPLATE_PLACEHOLDER_UNKNOWN: 'a {{placeholder}} names neither a field nor a system value',
  DECLARATION_UNUSED: 'a status, template, event, outcome or retention class that nothing uses',
  ACTIVITY_UNKNOWN: 'an automated step names an activity that is not registered',
  CONNECTION_UNKNOWN: 'an automated step sends a work order to a connection that is not configured',
  CONNECTION_MISPLACED: 'a work order without a connection, or a connection on a step that sends no work order',
  TRANSLATION_MISSING: 'a resident-facing text has no translation in a language the i18n block declares',
  TRANSLATION_UNKNOWN: 'a translation names a field, choice or status the definition does not have',
  // Flow
  STEP_UNREACHABLE: 'a step cannot be reached from the start',
  STEP_CANNOT_END: 'from this step no end can be reached',
  CYCLE_WITHOUT_EXIT: 'a cycle of steps has no way out',
  START_NOT_ALLOWED: 'the start step cannot be an end or sit inside a parallel branch',
  CHOICE_NO_DEFAULT: 'a choice has no default',
  CHOICE_DUPLICATE_CONDITION: 'two branches of a choice test the same condition',
  HUMAN_NO_ACTIONS: 'a human task has no actions',
  HUMAN_REQUIRED_FIELD_UNKNOWN: 'an action requires a field the case data does not define',
  ACTION_FIELD_NOT_ON_FORM: 'an action requires a field that is neither on the form nor set by the action',
  ACTION_SET_VALUE_INVALID: 'an action sets a field to a value its schema does not allow',
  PERSONAL_FIELD_HIDDEN: 'a task asks a role to fill personal-data fields the role may not see',
  SOD_STEP_NOT_HUMAN: 'separation of duties names a step that is not a human task',
  SOD_STEP_NEVER_BEFORE: 'separation of duties names a step that can never come before this one',
  PARALLEL_QUORUM_TOO_LARGE: 'a join quorum exceeds the number of branches',
  PARALLEL_BRANCH_NO_JOIN: 'a parallel branch can never reach $join',
  PARALLEL_BRANCH_ESCAPES: 'a parallel branch leads out of the branch other than by $join',
  PARALLEL_BRANCH_OVERLAP: 'a step belongs to more than one parallel branch',
  PARALLEL_BRANCH_ENTERED: 'a step outside a branch jumps into it',
  PARALLEL_NESTED: 'parallel steps inside parallel branches are not supported',
  JOIN_OUTSIDE_BRANCH: '$join used by a step that is not inside a parallel branch',
  END_WITHOUT_OUTCOME: 'an end step sets no outcome',
  END_WITHOUT_RETENTION: 'an end step resolves to no retention class',
  END_APPEAL_NOT_NOTIFIED: 'an appealable outcome ends without notifying the applicant',
  // Time
  DURATION_INVALID: 'a duration does not parse',
  DATE_INVALID: 'a date does not exist',
  SLA_MISSING: 'a human or wait step has no SLA (write `sla: none` to say so)',
  SLA_THRESHOLDS_NOT_ASCENDING: 'SLA warning and escalation thresholds do not ascend',
  SLA_WARNING_NOT_BEFORE_DUE: 'the SLA warning is not before the due time',
  SLA_THRESHOLD_INCOMPARABLE: 'a threshold is in another basis or unit than the due duration',
  SLA_ESCALATION_EMPTY: 'an escalation level does nothing',
  WAIT_RECIPIENT_UNRESOLVED: 'a wait step escalates to assignee/supervisor but names no role to follow up',
  CALENDAR_REQUIRED: 'working time is used but no calendar applies',
  CALENDAR_TIME_ZONE_UNKNOWN: 'a calendar names an unknown time zone',
  CALENDAR_HOURS_INVALID: 'business hours are malformed, reversed or overlapping',
  CALENDAR_NO_WORKING_TIME: 'a calendar has no working time at all',
  CLOCK_MISSING: 'a step pauses the statutory clock but the definition has none',
  CLOCK_EXTENSION_INVALID: 'statutory clock extension limits are inconsistent',
  // Expressions
  EXPRESSION_SYNTAX: 'an expression does not parse',
  EXPRESSION_FUNCTION_NOT_ALLOWED: 'an expression calls a function outside the allow-list',
  EXPRESSION_UNSUPPORTED: 'an expression uses a construct the language does not allow',
  EXPRESSION_FIELD_UNKNOWN: 'an expression reads a field the case data does not define',
  EXPRESSION_TYPE_MISMATCH:
    'an expression compares a field with a value of another type or outside its enum (never true)',
  // Case data
  CASE_DATA_SCHEMA_INVALID: 'the case-data JSON Schema does not compile',
  CASE_DATA_KEYWORD_UNKNOWN: 'a case-data field uses a keyword JSON Schema does not know (a typo is ignored silently)',
  CASE_FIELD_CHANGED: 'a case-data field of the previous version was removed or changed type',
  // Scenarios
  SCENARIO_DUPLICATE_NAME: 'two scenarios share a name',
  SCENARIO_REF_UNKNOWN: 'a scenario names a step, action, actor, event or outcome that does not exist',
  // Versions
  VERSION_ID_MISMATCH: 'the two files define different processes',
  VERSION_NOT_INCREASED: 'the new version is not higher than the previous one',
  EFFECTIVE_DATE_EARLIER: 'a newer version takes effect before the version it follows',
  PUBLISHED_VERSION_MODIFIED: 'a published version was changed without a new version number',
  MIGRATION_MISSING: 'a removed step where cases may wait has no migration mapping',
  MIGRATION_TARGET_UNKNOWN: 'a migration maps to a step this version does not have',
  ACTION_REMOVED: 'an action offered by the previous version is gone',
  // The validator itself
  CHECK_CRASHED: 'a static check failed unexpectedly (a validator bug; please report it)',
} as const;

export type DefinitionProblemCode = keyof typeof DEFINITION_PROBLEMS;

export const DEFINITION_PROBLEM_CODES = Object.keys(DEFINITION_PROBLEMS) as DefinitionProblemCode[];

/** One problem, positioned in the source (1-based line and column). */
export interface DefinitionProblem {
  readonly code: DefinitionProblemCode;
  readonly severity: ProblemSeverity;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** JSON-pointer-like path into the document, e.g. "/steps/review/actions/approve/next". */
  readonly path: string;
}

/** Thrown where a caller needs a valid definition and gets an invalid one (e.g. publishing). */
export class DefinitionInvalidError extends Error {
  readonly code = 'DEFINITION_INVALID' as const;
  constructor(readonly problems: readonly DefinitionProblem[]) {
    super(
      `definition invalid: ${problems
        .filter((p) => p.severity === 'error')
        .map((p) => `${p.file}:${p.line}:${p.col} ${p.code}`)
        .slice(0, 5)
        .join('; ')}`,
    );
    this.name = 'DefinitionInvalidError';
  }
}
