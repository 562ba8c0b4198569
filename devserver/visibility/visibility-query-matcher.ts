import { parseDatetimeLiteral, toEpochMillis } from './datetime-literal';
import {
  ComparisonOperator,
  Condition,
  FieldRef,
  Literal,
  OrderTerm,
  SearchAttributeType,
  VisibilityQuery,
} from './visibility-query';
import { executionStatusName, VisibilityRecord } from './visibility-record';

/**
 * Whether a record satisfies the query's filter. NULL semantics follow SQL: a comparison with a
 * missing attribute (or CloseTime of an open execution) is false, even for != and NOT IN; only
 * IS NULL matches it. A list value (KeywordList) satisfies a positive predicate when any element
 * does, and a negated one (!=, NOT IN, NOT BETWEEN, NOT STARTS_WITH) when no element satisfies the
 * positive form.
 */
export function matchesVisibilityQuery(query: VisibilityQuery, record: VisibilityRecord): boolean {
  return query.filter === undefined || evaluate(query.filter, record);
}

function evaluate(condition: Condition, record: VisibilityRecord): boolean {
  switch (condition.kind) {
    case 'and':
      return condition.operands.every((operand) => evaluate(operand, record));
    case 'or':
      return condition.operands.some((operand) => evaluate(operand, record));
    case 'isNull':
      return isNull(fieldValue(condition.field, record)) !== condition.negated;
    default:
      return evaluatePredicate(condition, record);
  }
}

type Predicate = Exclude<Condition, { kind: 'and' | 'or' | 'isNull' }>;

function evaluatePredicate(condition: Predicate, record: VisibilityRecord): boolean {
  const value = fieldValue(condition.field, record);
  if (isNull(value)) return false;
  const type = valueType(condition.field, record);
  const negated = condition.kind === 'compare' ? condition.operator === '!=' : condition.negated;
  const positive = (element: unknown): boolean => holds(condition, element, type);
  const elements = Array.isArray(value) ? value : [value];
  return negated ? !elements.some(positive) : elements.some(positive);
}

/** The positive form of a predicate (`!=` tests `=`, NOT IN tests IN, ...) for one scalar value. */
function holds(condition: Predicate, value: unknown, type: ValueType): boolean {
  switch (condition.kind) {
    case 'compare': {
      const operator = condition.operator === '!=' ? '=' : condition.operator;
      if (type === 'Text' && operator === '=') return textContains(value, condition.value);
      return compareWith(operator, order(value, condition.value, type));
    }
    case 'in':
      return condition.values.some((literal) => order(value, literal, type) === 0);
    case 'between': {
      const low = order(value, condition.low, type);
      const high = order(value, condition.high, type);
      return low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
    case 'startsWith':
      return typeof value === 'string' && value.startsWith(condition.prefix);
  }
}

function compareWith(operator: Exclude<ComparisonOperator, '!='>, ordering: number | undefined): boolean {
  if (ordering === undefined) return false;
  switch (operator) {
    case '=':
      return ordering === 0;
    case '<':
      return ordering < 0;
    case '<=':
      return ordering <= 0;
    case '>':
      return ordering > 0;
    case '>=':
      return ordering >= 0;
  }
}

type ValueType = SearchAttributeType | 'Status' | 'Inferred';

function valueType(field: FieldRef, record: VisibilityRecord): ValueType {
  switch (field.kind) {
    case 'keyword':
      return 'Keyword';
    case 'time':
      return 'Datetime';
    case 'status':
      return 'Status';
    case 'custom':
      return field.declaredType ?? record.searchAttributeTypes?.[field.name] ?? 'Inferred';
  }
}

/** Sign of (value - literal) in the type's domain, or undefined when they are not comparable. */
function order(value: unknown, literal: Literal, type: ValueType): number | undefined {
  switch (type) {
    case 'Status':
      return executionStatusName(value) === literal ? 0 : 1;
    case 'Datetime':
      return numeric(
        toEpochMillis(value),
        typeof literal === 'number' ? literal : parseDatetimeLiteral(String(literal)),
      );
    case 'Int':
    case 'Double':
      return numeric(toNumber(value), toNumber(literal));
    case 'Bool': {
      const left = toBool(value);
      const right = toBool(literal);
      return left === undefined || right === undefined ? undefined : Number(left) - Number(right);
    }
    case 'Keyword':
    case 'KeywordList':
    case 'Text':
      return typeof value === 'string' ? lexical(value, String(literal)) : undefined;
    case 'Inferred':
      if (value instanceof Date) return order(value, literal, 'Datetime');
      if (typeof value === 'number') return order(value, literal, 'Double');
      if (typeof value === 'boolean') return order(value, literal, 'Bool');
      if (typeof value !== 'string') return undefined;
      // An untyped RFC 3339 string against an RFC 3339 literal (legacy Datetime attributes) compares as time.
      if (
        typeof literal === 'string' &&
        /^\d{4}-\d{2}-\d{2}/.test(value) &&
        parseDatetimeLiteral(value) !== undefined &&
        parseDatetimeLiteral(literal) !== undefined
      ) {
        return order(value, literal, 'Datetime');
      }
      return lexical(value, String(literal));
  }
}

function numeric(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : Math.sign(a - b);
}

function lexical(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

function toBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** Simple full-text match for Text attributes: every word of the literal occurs as a word in the value. */
function textContains(value: unknown, literal: Literal): boolean {
  if (typeof value !== 'string') return false;
  const words = new Set(tokenizeText(value));
  const wanted = tokenizeText(String(literal));
  return wanted.length > 0 && wanted.every((word) => words.has(word));
}

function tokenizeText(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

function isNull(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function fieldValue(field: FieldRef, record: VisibilityRecord): unknown {
  switch (field.kind) {
    case 'keyword':
      return {
        WorkflowId: record.workflowId,
        WorkflowType: record.workflowType,
        RunId: record.runId,
        TaskQueue: record.taskQueue,
      }[field.name];
    case 'status':
      return record.status;
    case 'time':
      return timeOf(field.name, record);
    case 'custom':
      return Object.prototype.hasOwnProperty.call(record.searchAttributes, field.name)
        ? record.searchAttributes[field.name]
        : undefined;
  }
}

function timeOf(field: OrderTerm['field'], record: VisibilityRecord): number | undefined {
  switch (field) {
    case 'StartTime':
      return toEpochMillis(record.startTime);
    case 'CloseTime':
      return record.closeTime === undefined || record.closeTime === null ? undefined : toEpochMillis(record.closeTime);
    case 'ExecutionTime':
      return toEpochMillis(record.executionTime ?? record.startTime);
  }
}

/** The order used when a query has no ORDER BY: open executions first, then latest close, then latest start. */
const DEFAULT_ORDER: OrderTerm[] = [
  { field: 'CloseTime', direction: 'DESC' },
  { field: 'StartTime', direction: 'DESC' },
];

/**
 * A comparator for Array.prototype.sort giving the query's result order. NULLs sort as in Postgres
 * (last when ascending, first when descending); ties break on RunId so pages are stable.
 */
export function compareForOrder(
  query: Pick<VisibilityQuery, 'orderBy'>,
): (a: VisibilityRecord, b: VisibilityRecord) => number {
  const terms = query.orderBy.length > 0 ? query.orderBy : DEFAULT_ORDER;
  return (a, b) => {
    for (const term of terms) {
      const left = timeOf(term.field, a);
      const right = timeOf(term.field, b);
      let ordering: number;
      if (left === undefined || right === undefined) ordering = left === right ? 0 : left === undefined ? 1 : -1;
      else ordering = Math.sign(left - right);
      if (ordering !== 0) return term.direction === 'ASC' ? ordering : -ordering;
    }
    return lexical(a.runId, b.runId);
  };
}
