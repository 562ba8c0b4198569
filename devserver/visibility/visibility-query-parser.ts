import { parseDatetimeLiteral } from './datetime-literal';
import { Token, tokenizeVisibilityQuery } from './query-tokens';
import {
  Condition,
  ComparisonOperator,
  EXECUTION_STATUS_NAMES,
  ExecutionStatusName,
  FieldRef,
  KeywordSystemField,
  Literal,
  OrderField,
  OrderTerm,
  SearchAttributeType,
  TimeSystemField,
  VisibilityQuery,
} from './visibility-query';
import { VisibilityQueryError } from './visibility-query-error';

export interface ParseVisibilityQueryOptions {
  /**
   * The namespace's registered custom search attributes. When given, an unknown attribute is an
   * error (as on a real server) and literals are checked against the attribute's type.
   */
  searchAttributeTypes?: Readonly<Record<string, SearchAttributeType>>;
}

const KEYWORD_FIELDS: readonly KeywordSystemField[] = ['WorkflowId', 'WorkflowType', 'RunId', 'TaskQueue'];
const TIME_FIELDS: readonly TimeSystemField[] = ['StartTime', 'CloseTime', 'ExecutionTime'];
const ORDER_FIELDS: readonly OrderField[] = ['StartTime', 'CloseTime', 'ExecutionTime'];
// Words that can never start a predicate; others (Desc, By, ...) stay usable as attribute names.
const RESERVED = new Set(['AND', 'OR', 'NOT', 'IN', 'BETWEEN', 'IS', 'NULL', 'STARTS_WITH', 'ORDER', 'GROUP']);

/**
 * Parses a `ListWorkflowExecutions` / `CountWorkflowExecutions` query. Throws VisibilityQueryError
 * with the offending position on any syntax or type error.
 */
export function parseVisibilityQuery(query: string, options: ParseVisibilityQueryOptions = {}): VisibilityQuery {
  return new Parser(query, tokenizeVisibilityQuery(query), options).parseQuery();
}

type FieldToken = Extract<Token, { kind: 'identifier' }>;

class Parser {
  private index = 0;

  constructor(
    private readonly query: string,
    private readonly tokens: Token[],
    private readonly options: ParseVisibilityQueryOptions,
  ) {}

  parseQuery(): VisibilityQuery {
    const filter =
      this.atKeyword('ORDER') || this.atKeyword('GROUP') || this.peek().kind === 'end' ? undefined : this.parseOr();
    const groupBy: 'ExecutionStatus'[] = [];
    const orderBy: OrderTerm[] = [];
    if (this.atKeyword('GROUP')) {
      this.next();
      this.expectKeyword('BY');
      const field = this.expectIdentifier('a field to group by');
      if (field.text !== 'ExecutionStatus')
        throw this.error(`GROUP BY supports only ExecutionStatus, not '${field.text}'`, field);
      groupBy.push('ExecutionStatus');
    }
    if (this.atKeyword('ORDER')) {
      this.next();
      this.expectKeyword('BY');
      do {
        orderBy.push(this.parseOrderTerm());
      } while (this.acceptPunctuation(','));
    }
    const end = this.peek();
    if (end.kind !== 'end') throw this.error(`unexpected ${describe(end)}`, end);
    return { text: this.query, filter, orderBy, groupBy };
  }

  private parseOrderTerm(): OrderTerm {
    const token = this.expectIdentifier('a field to order by');
    const field = ORDER_FIELDS.find((name) => name === token.text);
    if (!field) throw this.error(`ORDER BY supports ${ORDER_FIELDS.join(', ')}, not '${token.text}'`, token);
    let direction: 'ASC' | 'DESC' = 'ASC';
    if (this.atKeyword('ASC') || this.atKeyword('DESC'))
      direction = (this.next() as FieldToken).text.toUpperCase() as 'ASC' | 'DESC';
    return { field, direction };
  }

  private parseOr(): Condition {
    const operands = [this.parseAnd()];
    while (this.atKeyword('OR')) {
      this.next();
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(): Condition {
    const operands = [this.parsePrimary()];
    while (this.atKeyword('AND')) {
      this.next();
      operands.push(this.parsePrimary());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private parsePrimary(): Condition {
    if (this.acceptPunctuation('(')) {
      const inner = this.parseOr();
      this.expectPunctuation(')');
      return inner;
    }
    const fieldToken = this.expectIdentifier('a search attribute name');
    const field = this.resolveField(fieldToken);
    return this.parsePredicate(field, fieldToken);
  }

  private parsePredicate(field: FieldRef, fieldToken: FieldToken): Condition {
    const token = this.peek();
    if (token.kind === 'operator') {
      this.next();
      const operator: ComparisonOperator = token.text;
      if (field.kind === 'status' && operator !== '=' && operator !== '!=') {
        throw this.error(`operator '${operator}' is not supported for ExecutionStatus (use =, !=, IN)`, token);
      }
      return { kind: 'compare', field, operator, value: this.parseValue(field) };
    }
    if (this.atKeyword('IS')) {
      this.next();
      const negated = this.acceptKeyword('NOT');
      this.expectKeyword('NULL');
      return { kind: 'isNull', field, negated };
    }
    const negated = this.acceptKeyword('NOT');
    if (this.atKeyword('IN')) {
      this.next();
      this.expectPunctuation('(');
      const values = [this.parseValue(field)];
      while (this.acceptPunctuation(',')) values.push(this.parseValue(field));
      this.expectPunctuation(')');
      return { kind: 'in', field, values, negated };
    }
    if (this.atKeyword('BETWEEN')) {
      const betweenToken = this.next();
      if (field.kind === 'status') throw this.error('BETWEEN is not supported for ExecutionStatus', betweenToken);
      const low = this.parseValue(field);
      this.expectKeyword('AND');
      const high = this.parseValue(field);
      return { kind: 'between', field, low, high, negated };
    }
    if (this.atKeyword('STARTS_WITH')) {
      const startsToken = this.next();
      if (field.kind === 'status' || field.kind === 'time')
        throw this.error(`STARTS_WITH is not supported for ${field.name}`, startsToken);
      if (field.kind === 'custom' && field.declaredType && !['Keyword', 'KeywordList'].includes(field.declaredType)) {
        throw this.error(
          `STARTS_WITH is not supported for ${field.declaredType} attribute '${field.name}'`,
          startsToken,
        );
      }
      const prefixToken = this.next();
      if (prefixToken.kind !== 'string')
        throw this.error(`STARTS_WITH expects a string, found ${describe(prefixToken)}`, prefixToken);
      return { kind: 'startsWith', field, prefix: prefixToken.value, negated };
    }
    const found = this.peek();
    throw this.error(
      `expected an operator (=, !=, >, >=, <, <=, IN, BETWEEN, STARTS_WITH, IS NULL) after '${fieldToken.text}', found ${describe(found)}`,
      found,
    );
  }

  /** Reads one literal and normalises it for the field (epoch ms for times, canonical status names). */
  private parseValue(field: FieldRef): Literal {
    const token = this.next();
    let raw: Literal;
    if (token.kind === 'string' || token.kind === 'number') raw = token.value;
    else if (token.kind === 'identifier' && !token.quoted && ['TRUE', 'FALSE'].includes(token.text.toUpperCase()))
      raw = token.text.toUpperCase() === 'TRUE';
    else throw this.error(`expected a value, found ${describe(token)}`, token);

    switch (field.kind) {
      case 'keyword':
        if (typeof raw !== 'string') throw this.error(`${field.name} expects a string value`, token);
        return raw;
      case 'time':
        return this.datetimeValue(raw, field.name, token);
      case 'status': {
        const status =
          typeof raw === 'string'
            ? EXECUTION_STATUS_NAMES.find((name) => name.toLowerCase() === raw.toString().toLowerCase())
            : undefined;
        if (!status)
          throw this.error(
            `unknown ExecutionStatus ${JSON.stringify(raw)} (expected one of ${EXECUTION_STATUS_NAMES.join(', ')})`,
            token,
          );
        return status satisfies ExecutionStatusName;
      }
      case 'custom':
        return this.customValue(raw, field, token);
    }
  }

  private customValue(raw: Literal, field: Extract<FieldRef, { kind: 'custom' }>, token: Token): Literal {
    switch (field.declaredType) {
      case undefined:
        return raw;
      case 'Keyword':
      case 'KeywordList':
      case 'Text':
        if (typeof raw !== 'string')
          throw this.error(`${field.declaredType} attribute '${field.name}' expects a string value`, token);
        return raw;
      case 'Int':
      case 'Double': {
        const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
        if (
          typeof value !== 'number' ||
          Number.isNaN(value) ||
          (field.declaredType === 'Int' && !Number.isInteger(value))
        ) {
          throw this.error(
            `${field.declaredType} attribute '${field.name}' expects a number, found ${JSON.stringify(raw)}`,
            token,
          );
        }
        return value;
      }
      case 'Bool': {
        const value = typeof raw === 'string' ? { true: true, false: false }[raw.toLowerCase()] : raw;
        if (typeof value !== 'boolean')
          throw this.error(`Bool attribute '${field.name}' expects true or false, found ${JSON.stringify(raw)}`, token);
        return value;
      }
      case 'Datetime':
        return this.datetimeValue(raw, field.name, token);
    }
  }

  private datetimeValue(raw: Literal, name: string, token: Token): number {
    const millis = typeof raw === 'string' ? parseDatetimeLiteral(raw) : undefined;
    if (millis === undefined) {
      throw this.error(
        `${name} expects an RFC 3339 date-time such as '2024-01-31T12:00:00Z', found ${JSON.stringify(raw)}`,
        token,
      );
    }
    return millis;
  }

  private resolveField(token: FieldToken): FieldRef {
    const name = token.text;
    if (!token.quoted && RESERVED.has(name.toUpperCase()))
      throw this.error(`expected a search attribute name, found keyword ${name.toUpperCase()}`, token);
    const keyword = KEYWORD_FIELDS.find((field) => field === name);
    if (keyword) return { kind: 'keyword', name: keyword };
    const time = TIME_FIELDS.find((field) => field === name);
    if (time) return { kind: 'time', name: time };
    if (name === 'ExecutionStatus') return { kind: 'status', name };
    const system = [...KEYWORD_FIELDS, ...TIME_FIELDS, 'ExecutionStatus'].find(
      (field) => field.toLowerCase() === name.toLowerCase(),
    );
    if (system)
      throw this.error(
        `unknown search attribute '${name}' (names are case-sensitive: did you mean '${system}'?)`,
        token,
      );
    const registry = this.options.searchAttributeTypes;
    if (registry) {
      const declaredType = Object.prototype.hasOwnProperty.call(registry, name) ? registry[name] : undefined;
      if (!declaredType) throw this.error(`unknown search attribute '${name}'`, token);
      return { kind: 'custom', name, declaredType };
    }
    return { kind: 'custom', name };
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private atKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.kind === 'identifier' && !token.quoted && token.text.toUpperCase() === keyword;
  }

  private acceptKeyword(keyword: string): boolean {
    if (!this.atKeyword(keyword)) return false;
    this.next();
    return true;
  }

  private expectKeyword(keyword: string): void {
    const token = this.peek();
    if (!this.acceptKeyword(keyword)) throw this.error(`expected ${keyword}, found ${describe(token)}`, token);
  }

  private acceptPunctuation(text: '(' | ')' | ','): boolean {
    const token = this.peek();
    if (token.kind !== 'punctuation' || token.text !== text) return false;
    this.next();
    return true;
  }

  private expectPunctuation(text: '(' | ')' | ','): void {
    const token = this.peek();
    if (!this.acceptPunctuation(text)) throw this.error(`expected '${text}', found ${describe(token)}`, token);
  }

  private expectIdentifier(what: string): FieldToken {
    const token = this.next();
    if (token.kind !== 'identifier') throw this.error(`expected ${what}, found ${describe(token)}`, token);
    return token;
  }

  private error(reason: string, token: Token): VisibilityQueryError {
    return new VisibilityQueryError(reason, token.position, this.query);
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of query';
    case 'string':
      return `string '${token.value}'`;
    case 'number':
      return `number ${token.text}`;
    case 'identifier':
      return `'${token.text}'`;
    default:
      return `'${token.text}'`;
  }
}
