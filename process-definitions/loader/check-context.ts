/**
 * What every static check receives: the schema-valid document, a problem sink and small helpers that
 * parse durations and expressions while reporting their problems at the right place.
 */
import type { DefinitionDocument } from '../../domain/definition';
import { type DurationSpec, parseDuration } from '../../domain/durations';
import { type ParsedExpression, parseExpression } from '../../domain/expressions';
import { expressionTypeProblems } from './checks/expression-types';
import { type DocPath, type ProblemSink, suggest } from './problems';

export interface ValidateOptions {
  /** Names of registered activities; when given, automated steps must name one of them. */
  readonly knownActivities?: readonly string[];
  /** Names in the connections file; when given, a work-order step must name one of them. */
  readonly knownConnections?: readonly string[];
}

/** Placeholders the platform fills in every template besides case-data fields. */
export const SYSTEM_PLACEHOLDERS: readonly string[] = [
  'trackingNumber',
  'caseId',
  'processTitle',
  'status',
  'statusLabel',
  'outcome',
  'outcomeLabel',
  'step',
  'stepTitle',
  'dueDate',
  'statutoryDueDate',
  'appealRights',
  'assignee',
  'department',
  'portalUrl',
];

export class CheckContext {
  readonly fields: ReadonlySet<string>;

  constructor(
    readonly doc: DefinitionDocument,
    readonly sink: ProblemSink,
    readonly options: ValidateOptions = {},
  ) {
    this.fields = new Set(Object.keys(doc.caseData.properties));
  }

  has(map: object | undefined, key: string): boolean {
    return map !== undefined && Object.prototype.hasOwnProperty.call(map, key);
  }

  duration(path: DocPath, text: string): DurationSpec | undefined {
    const result = parseDuration(text);
    if (result.ok) return result.duration;
    this.sink.error('DURATION_INVALID', path, result.message);
    return undefined;
  }

  /** Parses an expression, reporting syntax, function and field problems. */
  expression(path: DocPath, source: string): ParsedExpression | undefined {
    const result = parseExpression(source);
    if (!result.ok) {
      const code =
        result.kind === 'function'
          ? 'EXPRESSION_FUNCTION_NOT_ALLOWED'
          : result.kind === 'unsupported'
            ? 'EXPRESSION_UNSUPPORTED'
            : 'EXPRESSION_SYNTAX';
      const at = result.index !== undefined ? ` at character ${result.index + 1}` : '';
      this.sink.error(code, path, `expression "${source}": ${result.message}${at}`);
      return undefined;
    }
    for (const field of result.fields) {
      if (!this.fields.has(field)) {
        this.sink.error(
          'EXPRESSION_FIELD_UNKNOWN',
          path,
          `expression "${source}" reads "${field}", which is not a case-data field${suggest(field, this.fields)}`,
        );
      }
    }
    for (const problem of expressionTypeProblems(result.compiled.ast, this.doc.caseData.properties)) {
      this.sink.warning('EXPRESSION_TYPE_MISMATCH', path, `expression "${source}": ${problem}`);
    }
    return result;
  }

  /** The calendar that applies: the named one, else the default, else the only one defined. */
  calendarFor(explicit: string | undefined): string | undefined {
    if (explicit !== undefined) return explicit;
    if (this.doc.defaultCalendar !== undefined) return this.doc.defaultCalendar;
    const ids = Object.keys(this.doc.calendars ?? {});
    return ids.length === 1 ? ids[0] : undefined;
  }
}
