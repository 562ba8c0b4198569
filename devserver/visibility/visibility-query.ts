/** The parsed form of a visibility query (the AST `parseVisibilityQuery` returns). */

/** Temporal's search attribute value types, as written in a payload's `type` metadata. */
export type SearchAttributeType = 'Keyword' | 'KeywordList' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime';

export const SEARCH_ATTRIBUTE_TYPES: readonly SearchAttributeType[] = [
  'Keyword',
  'KeywordList',
  'Text',
  'Int',
  'Double',
  'Bool',
  'Datetime',
];

/** Execution status names as the query language spells them. */
export type ExecutionStatusName =
  'Running' | 'Completed' | 'Failed' | 'Canceled' | 'Terminated' | 'ContinuedAsNew' | 'TimedOut';

export const EXECUTION_STATUS_NAMES: readonly ExecutionStatusName[] = [
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
];

export type KeywordSystemField = 'WorkflowId' | 'WorkflowType' | 'RunId' | 'TaskQueue';
export type TimeSystemField = 'StartTime' | 'CloseTime' | 'ExecutionTime';

export type FieldRef =
  | { kind: 'keyword'; name: KeywordSystemField }
  | { kind: 'time'; name: TimeSystemField }
  | { kind: 'status'; name: 'ExecutionStatus' }
  /** A custom (or non-core system) search attribute, looked up in `record.searchAttributes`. */
  | { kind: 'custom'; name: string; declaredType?: SearchAttributeType };

/** A literal after parse-time normalisation: times of system fields are epoch milliseconds. */
export type Literal = string | number | boolean;

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'and'; operands: Condition[] }
  | { kind: 'or'; operands: Condition[] }
  | { kind: 'compare'; field: FieldRef; operator: ComparisonOperator; value: Literal }
  | { kind: 'in'; field: FieldRef; values: Literal[]; negated: boolean }
  | { kind: 'between'; field: FieldRef; low: Literal; high: Literal; negated: boolean }
  | { kind: 'startsWith'; field: FieldRef; prefix: string; negated: boolean }
  | { kind: 'isNull'; field: FieldRef; negated: boolean };

export type OrderField = 'StartTime' | 'CloseTime' | 'ExecutionTime';

export interface OrderTerm {
  field: OrderField;
  direction: 'ASC' | 'DESC';
}

export interface VisibilityQuery {
  /** The query text as given. */
  text: string;
  /** Absent for an empty query (or one with only ORDER BY / GROUP BY): every record matches. */
  filter?: Condition;
  /** Empty means the default order (see `compareForOrder`). */
  orderBy: OrderTerm[];
  /** `GROUP BY ExecutionStatus`, which CountWorkflowExecutions supports; empty otherwise. */
  groupBy: 'ExecutionStatus'[];
}
