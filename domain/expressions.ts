/**
 * Safe, deterministic expressions over case data, e.g. `category == 'pothole' && amount > 5000`.
 *
 * Parsing uses jsep (a parser only; nothing is ever eval'd). The parse tree is translated into a small
 * JSON AST (`ExprNode`) over an allow-list of operators and functions; compiled definitions carry that
 * AST, so evaluation at run time needs no parser and is pure: no clock, no randomness, no I/O. It runs
 * inside Temporal's workflow sandbox.
 *
 * Semantics (no JavaScript coercions):
 *  - a bare name is a case-data field; `a.b` / `a[0]` reach into objects and arrays; missing → null.
 *  - `==` / `!=` compare JSON values structurally; `<` `<=` `>` `>=` need two numbers or two strings
 *    (ISO dates compare correctly as strings); `+` adds numbers or joins strings; `- * / %` need numbers.
 *  - `&&`, `||`, `!` and `?:` take booleans; null counts as false. `x in [a, b]` tests membership.
 *  - functions: see FUNCTIONS.
 *  - a type error yields `{ ok: false }` from evaluate; it never throws.
 */
import jsep from 'jsep';

import type { JsonValue } from './json';

export type BinaryOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | 'in';

export type ExprNode =
  | { readonly k: 'lit'; readonly v: JsonValue }
  | { readonly k: 'field'; readonly name: string }
  | { readonly k: 'member'; readonly object: ExprNode; readonly property: string }
  | { readonly k: 'index'; readonly object: ExprNode; readonly index: ExprNode }
  | { readonly k: 'list'; readonly items: readonly ExprNode[] }
  | { readonly k: 'not'; readonly arg: ExprNode }
  | { readonly k: 'neg'; readonly arg: ExprNode }
  | { readonly k: 'and' | 'or'; readonly left: ExprNode; readonly right: ExprNode }
  | { readonly k: 'bin'; readonly op: BinaryOperator; readonly left: ExprNode; readonly right: ExprNode }
  | { readonly k: 'cond'; readonly test: ExprNode; readonly then: ExprNode; readonly else: ExprNode }
  | { readonly k: 'call'; readonly fn: FunctionName; readonly args: readonly ExprNode[] };

export interface CompiledExpression {
  readonly source: string;
  readonly ast: ExprNode;
}

export type FunctionName =
  | 'len'
  | 'contains'
  | 'startsWith'
  | 'endsWith'
  | 'lower'
  | 'upper'
  | 'trim'
  | 'abs'
  | 'min'
  | 'max'
  | 'round'
  | 'floor'
  | 'ceil'
  | 'isSet'
  | 'coalesce'
  | 'daysBetween';

/** The allow-list: name → [min args, max args]. All are total and deterministic. */
export const FUNCTIONS: Readonly<Record<FunctionName, readonly [number, number]>> = {
  len: [1, 1],
  contains: [2, 2],
  startsWith: [2, 2],
  endsWith: [2, 2],
  lower: [1, 1],
  upper: [1, 1],
  trim: [1, 1],
  abs: [1, 1],
  min: [1, 16],
  max: [1, 16],
  round: [1, 1],
  floor: [1, 1],
  ceil: [1, 1],
  isSet: [1, 1],
  coalesce: [1, 16],
  daysBetween: [2, 2],
};

export const MAX_EXPRESSION_LENGTH = 2000;
const MAX_DEPTH = 48;

export interface ParsedExpression {
  readonly compiled: CompiledExpression;
  /** Top-level case fields the expression reads. */
  readonly fields: readonly string[];
  readonly functions: readonly FunctionName[];
}

export type ExpressionErrorKind = 'syntax' | 'unsupported' | 'function';

export type ParseResult =
  | ({ readonly ok: true } & ParsedExpression)
  | { readonly ok: false; readonly kind: ExpressionErrorKind; readonly message: string; readonly index?: number };

class Unsupported extends Error {
  constructor(
    readonly kind: ExpressionErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const BINARY: Readonly<Record<string, BinaryOperator | 'and' | 'or'>> = {
  '==': '==',
  '===': '==',
  '!=': '!=',
  '!==': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
  in: 'in',
  '&&': 'and',
  '||': 'or',
};

let configured = false;
function parser(): typeof jsep {
  if (!configured) {
    jsep.addBinaryOp('in', 7);
    configured = true;
  }
  return jsep;
}

/** Parse and check an expression: syntax, allowed operators and functions, referenced fields. */
export function parseExpression(source: unknown): ParseResult {
  if (typeof source !== 'string') return { ok: false, kind: 'syntax', message: 'an expression is a string' };
  if (source.trim() === '') return { ok: false, kind: 'syntax', message: 'the expression is empty' };
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, kind: 'syntax', message: `the expression is longer than ${MAX_EXPRESSION_LENGTH} characters` };
  }
  let depth = 0;
  for (const char of source) {
    if (char === '(' || char === '[') depth += 1;
    if (char === ')' || char === ']') depth -= 1;
    if (depth > MAX_DEPTH)
      return { ok: false, kind: 'syntax', message: `the expression nests deeper than ${MAX_DEPTH} levels` };
  }
  let tree: jsep.Expression;
  try {
    tree = parser()(source);
  } catch (error) {
    const err = error as { description?: string; message?: string; index?: number };
    return { ok: false, kind: 'syntax', message: err.description ?? err.message ?? 'syntax error', index: err.index };
  }
  const fields = new Set<string>();
  const functions = new Set<FunctionName>();
  try {
    const ast = translate(tree, fields, functions, 0);
    return { ok: true, compiled: { source, ast }, fields: [...fields], functions: [...functions] };
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, kind: error.kind, message: error.message };
    return { ok: false, kind: 'syntax', message: error instanceof Error ? error.message : String(error) };
  }
}

function translate(node: jsep.Expression, fields: Set<string>, functions: Set<FunctionName>, depth: number): ExprNode {
  if (depth > MAX_DEPTH * 2) throw new Unsupported('unsupported', 'the expression is too deeply nested');
  const next = (child: jsep.Expression): ExprNode => translate(child, fields, functions, depth + 1);
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      if (value instanceof RegExp) throw new Unsupported('unsupported', 'regular expressions are not allowed');
      if (typeof value === 'number' && !Number.isFinite(value))
        throw new Unsupported('unsupported', 'numbers must be finite');
      return { k: 'lit', v: value };
    }
    case 'Identifier': {
      const name = (node as jsep.Identifier).name;
      if (name === 'true' || name === 'false') return { k: 'lit', v: name === 'true' };
      if (name === 'null') return { k: 'lit', v: null };
      if (name === 'undefined' || name === 'this' || name === 'NaN' || name === 'Infinity') {
        throw new Unsupported('unsupported', `"${name}" is not allowed; use null`);
      }
      fields.add(name);
      return { k: 'field', name };
    }
    case 'ThisExpression':
      throw new Unsupported('unsupported', '"this" is not allowed');
    case 'MemberExpression': {
      const member = node as jsep.MemberExpression;
      if (member.optional)
        throw new Unsupported('unsupported', 'optional chaining is not needed: missing values are null');
      if (!member.computed && member.property.type === 'Identifier') {
        const property = (member.property as jsep.Identifier).name;
        if (['__proto__', 'constructor', 'prototype'].includes(property)) {
          throw new Unsupported('unsupported', `property "${property}" is not allowed`);
        }
        return { k: 'member', object: next(member.object), property };
      }
      return { k: 'index', object: next(member.object), index: next(member.property) };
    }
    case 'ArrayExpression': {
      const elements = (node as jsep.ArrayExpression).elements;
      if (elements.some((element) => element === null))
        throw new Unsupported('unsupported', 'array holes are not allowed');
      return { k: 'list', items: elements.map((element) => next(element as jsep.Expression)) };
    }
    case 'UnaryExpression': {
      const unary = node as jsep.UnaryExpression;
      if (unary.operator === '!') return { k: 'not', arg: next(unary.argument) };
      if (unary.operator === '-') return { k: 'neg', arg: next(unary.argument) };
      if (unary.operator === '+') return next(unary.argument);
      throw new Unsupported('unsupported', `operator "${unary.operator}" is not allowed`);
    }
    case 'BinaryExpression': {
      const binary = node as jsep.BinaryExpression;
      const op = BINARY[binary.operator];
      if (op === undefined) throw new Unsupported('unsupported', `operator "${binary.operator}" is not allowed`);
      if (op === 'and' || op === 'or') return { k: op, left: next(binary.left), right: next(binary.right) };
      return { k: 'bin', op, left: next(binary.left), right: next(binary.right) };
    }
    case 'ConditionalExpression': {
      const conditional = node as jsep.ConditionalExpression;
      return {
        k: 'cond',
        test: next(conditional.test),
        then: next(conditional.consequent),
        else: next(conditional.alternate),
      };
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      if (call.callee.type !== 'Identifier')
        throw new Unsupported('function', 'only the allowed functions can be called, e.g. len(x)');
      const name = (call.callee as jsep.Identifier).name;
      if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) {
        throw new Unsupported(
          'function',
          `function "${name}" is not allowed; allowed: ${Object.keys(FUNCTIONS).join(', ')}`,
        );
      }
      const fn = name as FunctionName;
      const [min, max] = FUNCTIONS[fn];
      if (call.arguments.length < min || call.arguments.length > max) {
        throw new Unsupported(
          'function',
          `function "${fn}" takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${call.arguments.length}`,
        );
      }
      functions.add(fn);
      return { k: 'call', fn, args: call.arguments.map(next) };
    }
    case 'Compound':
    case 'SequenceExpression':
      throw new Unsupported('syntax', 'one expression only (no commas or semicolons)');
    default:
      throw new Unsupported('unsupported', `"${node.type}" is not allowed`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Evaluation: pure and total.
// ---------------------------------------------------------------------------------------------------

export type EvaluationResult =
  { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly message: string };

class EvaluationError extends Error {}

export type CaseDataView = Readonly<Record<string, JsonValue | undefined>>;

export function evaluateExpression(expression: CompiledExpression | ExprNode, data: CaseDataView): EvaluationResult {
  const ast = 'ast' in expression ? expression.ast : expression;
  try {
    return { ok: true, value: evaluate(ast, data) };
  } catch (error) {
    if (error instanceof EvaluationError) return { ok: false, message: error.message };
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** A condition: true only when the expression evaluates to true (errors are reported, never thrown). */
export function evaluateCondition(
  expression: CompiledExpression | ExprNode,
  data: CaseDataView,
): { ok: true; value: boolean } | { ok: false; message: string } {
  const result = evaluateExpression(expression, data);
  if (!result.ok) return result;
  if (result.value === null) return { ok: true, value: false };
  if (typeof result.value !== 'boolean')
    return { ok: false, message: `the condition gave ${describe(result.value)}, not true/false` };
  return { ok: true, value: result.value };
}

function fail(message: string): never {
  throw new EvaluationError(message);
}

function describe(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function own(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function truth(value: JsonValue, what: string): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  return fail(`${what} needs true/false, got ${describe(value)}`);
}

function num(value: JsonValue, what: string): number {
  if (typeof value === 'number') return value;
  return fail(`${what} needs a number, got ${describe(value)}`);
}

function str(value: JsonValue, what: string): string {
  if (typeof value === 'string') return value;
  return fail(`${what} needs a string, got ${describe(value)}`);
}

function finite(value: number): number {
  if (!Number.isFinite(value)) fail('the arithmetic result is not a finite number');
  return value;
}

export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => own(b, key) && jsonEqual(a[key], b[key]));
}

function evaluate(node: ExprNode, data: CaseDataView): JsonValue {
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'field':
      return own(data, node.name) ? (data[node.name] ?? null) : null;
    case 'member': {
      const object = evaluate(node.object, data);
      if (object === null || typeof object !== 'object' || Array.isArray(object)) {
        if (Array.isArray(object) && node.property === 'length') return object.length;
        return null;
      }
      return own(object, node.property) ? object[node.property] : null;
    }
    case 'index': {
      const object = evaluate(node.object, data);
      const index = evaluate(node.index, data);
      if (Array.isArray(object) && typeof index === 'number')
        return Number.isInteger(index) && index >= 0 && index < object.length ? object[index] : null;
      if (object !== null && typeof object === 'object' && !Array.isArray(object) && typeof index === 'string') {
        return own(object, index) ? object[index] : null;
      }
      return null;
    }
    case 'list':
      return node.items.map((item) => evaluate(item, data));
    case 'not':
      return !truth(evaluate(node.arg, data), '"!"');
    case 'neg':
      return -num(evaluate(node.arg, data), 'unary "-"');
    case 'and':
      return truth(evaluate(node.left, data), '"&&"') ? truth(evaluate(node.right, data), '"&&"') : false;
    case 'or':
      return truth(evaluate(node.left, data), '"||"') ? true : truth(evaluate(node.right, data), '"||"');
    case 'cond':
      return truth(evaluate(node.test, data), '"?:"') ? evaluate(node.then, data) : evaluate(node.else, data);
    case 'bin':
      return binary(node.op, evaluate(node.left, data), evaluate(node.right, data));
    case 'call':
      return call(
        node.fn,
        node.args.map((arg) => evaluate(arg, data)),
      );
  }
}

function binary(op: BinaryOperator, left: JsonValue, right: JsonValue): JsonValue {
  switch (op) {
    case '==':
      return jsonEqual(left, right);
    case '!=':
      return !jsonEqual(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (left === null || right === null) return false;
      const bothNumbers = typeof left === 'number' && typeof right === 'number';
      const bothStrings = typeof left === 'string' && typeof right === 'string';
      if (!bothNumbers && !bothStrings)
        fail(`"${op}" compares two numbers or two strings, got ${describe(left)} and ${describe(right)}`);
      const l = left;
      const r = right;
      return op === '<' ? l < r : op === '<=' ? l <= r : op === '>' ? l > r : l >= r;
    }
    case '+':
      if (typeof left === 'string' && typeof right === 'string') return left + right;
      return finite(num(left, '"+"') + num(right, '"+"'));
    case '-':
      return finite(num(left, '"-"') - num(right, '"-"'));
    case '*':
      return finite(num(left, '"*"') * num(right, '"*"'));
    case '/': {
      const divisor = num(right, '"/"');
      if (divisor === 0) fail('division by zero');
      return finite(num(left, '"/"') / divisor);
    }
    case '%': {
      const divisor = num(right, '"%"');
      if (divisor === 0) fail('division by zero');
      return finite(num(left, '"%"') % divisor);
    }
    case 'in':
      if (Array.isArray(right)) return right.some((item) => jsonEqual(item, left));
      if (typeof right === 'string') return right.includes(str(left, '"in" on a string'));
      if (right === null) return false;
      return fail(`"in" needs a list or string on the right, got ${describe(right)}`);
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

function dayNumber(value: JsonValue): number {
  const match = DATE.exec(str(value, 'daysBetween'));
  if (!match) fail(`daysBetween needs dates "YYYY-MM-DD", got ${describe(value)}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86400000;
}

function call(fn: FunctionName, args: JsonValue[]): JsonValue {
  const [a, b] = args;
  switch (fn) {
    case 'len':
      if (a === null) return 0;
      if (typeof a === 'string' || Array.isArray(a)) return a.length;
      if (typeof a === 'object') return Object.keys(a).length;
      return fail(`len needs a string, list or object, got ${describe(a)}`);
    case 'contains':
      if (a === null) return false;
      if (Array.isArray(a)) return a.some((item) => jsonEqual(item, b));
      return str(a, 'contains').includes(str(b, 'contains'));
    case 'startsWith':
      return a === null ? false : str(a, 'startsWith').startsWith(str(b, 'startsWith'));
    case 'endsWith':
      return a === null ? false : str(a, 'endsWith').endsWith(str(b, 'endsWith'));
    case 'lower':
      return a === null ? null : str(a, 'lower').toLowerCase();
    case 'upper':
      return a === null ? null : str(a, 'upper').toUpperCase();
    case 'trim':
      return a === null ? null : str(a, 'trim').trim();
    case 'abs':
      return Math.abs(num(a, 'abs'));
    case 'round':
      return Math.round(num(a, 'round'));
    case 'floor':
      return Math.floor(num(a, 'floor'));
    case 'ceil':
      return Math.ceil(num(a, 'ceil'));
    case 'min':
    case 'max': {
      const values = (args.length === 1 && Array.isArray(a) ? a : args).map((value) => num(value, fn));
      if (values.length === 0) fail(`${fn} of an empty list`);
      return fn === 'min' ? Math.min(...values) : Math.max(...values);
    }
    case 'isSet':
      return !(a === null || a === '' || (Array.isArray(a) && a.length === 0));
    case 'coalesce':
      return args.find((value) => value !== null) ?? null;
    case 'daysBetween':
      return dayNumber(b) - dayNumber(a);
  }
}
