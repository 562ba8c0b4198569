/**
 * Visibility: Temporal's SQL-like list filter, as a pure module (no I/O, no engine state).
 *
 * How the engine uses it, for ListWorkflowExecutions / CountWorkflowExecutions:
 *
 *   let query: VisibilityQuery;
 *   try { query = parseVisibilityQuery(request.query ?? ''); }
 *   catch (e) { if (e instanceof VisibilityQueryError) → gRPC INVALID_ARGUMENT with e.message; else rethrow }
 *   const records: VisibilityRecord[] = executions.map(toRecord);        // engine-side mapping
 *   const page = records.filter((r) => matchesVisibilityQuery(query, r)).sort(compareForOrder(query));
 *   // Count with `GROUP BY ExecutionStatus`: query.groupBy is ['ExecutionStatus'].
 *
 * where a record's custom search attributes come from the execution's `indexedFields` payloads:
 *   searchAttributes: decodeSearchAttributes(indexedFields)         // Datetime → Date, KeywordList → string[]
 *   searchAttributeTypes: searchAttributeTypesOf(indexedFields)     // optional; enables Text matching
 * and upsertSearchAttributes(current, upsert) merges an UpsertWorkflowSearchAttributes command
 * (a null / binary/null payload removes the attribute).
 *
 * Supported language:
 *   fields       WorkflowId, WorkflowType, RunId, TaskQueue (keyword); ExecutionStatus ('Running',
 *                'Completed', 'Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut');
 *                StartTime, CloseTime, ExecutionTime (RFC 3339 literals); any custom search attribute
 *                (Keyword, KeywordList, Text, Int, Double, Bool, Datetime), `backquoted` if need be.
 *   predicates   = != <> > >= < <=, [NOT] IN (...), [NOT] BETWEEN a AND b, [NOT] STARTS_WITH 'p',
 *                IS [NOT] NULL; combined with AND, OR and parentheses (AND binds tighter).
 *   tail         [GROUP BY ExecutionStatus] [ORDER BY StartTime|CloseTime|ExecutionTime [ASC|DESC], ...]
 *   literals     'single' or "double" quoted strings (quote doubled or backslash-escaped), numbers,
 *                true / false. Keywords are case-insensitive; attribute names are case-sensitive.
 * Semantics: SQL NULLs (comparisons with a missing value are false; only IS NULL matches it); a
 * KeywordList matches when any element does (!= / NOT IN: when none does); Text `=` matches when
 * every word of the literal is a word of the value. Default order: open executions first, then
 * CloseTime DESC, StartTime DESC, RunId. Times are compared in milliseconds.
 */
export { parseVisibilityQuery } from './visibility-query-parser';
export type { ParseVisibilityQueryOptions } from './visibility-query-parser';
export { matchesVisibilityQuery, compareForOrder } from './visibility-query-matcher';
export { VisibilityQueryError } from './visibility-query-error';
export { executionStatusName } from './visibility-record';
export type { VisibilityRecord, Instant } from './visibility-record';
export { decodeSearchAttributes, searchAttributeTypesOf, upsertSearchAttributes } from './search-attributes-decoder';
export type { IndexedFields, SearchAttributePayload, PayloadBytes } from './search-attributes-decoder';
export { EXECUTION_STATUS_NAMES, SEARCH_ATTRIBUTE_TYPES } from './visibility-query';
export type {
  VisibilityQuery,
  Condition,
  FieldRef,
  Literal,
  OrderTerm,
  SearchAttributeType,
  ExecutionStatusName,
} from './visibility-query';
