import { VisibilityQueryError } from './visibility-query-error';

/** Lexical tokens of Temporal's SQL-like visibility query language. */
export type Token =
  | { kind: 'identifier'; text: string; position: number; quoted: boolean }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; value: number; text: string; position: number }
  | { kind: 'operator'; text: '=' | '!=' | '<' | '<=' | '>' | '>='; position: number }
  | { kind: 'punctuation'; text: '(' | ')' | ','; position: number }
  | { kind: 'end'; position: number };

const OPERATOR_PATTERN = /^(<=|>=|!=|<>|=|<|>)/;
const NUMBER_PATTERN = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;
const WORD_PATTERN = /^[A-Za-z_][A-Za-z0-9_.]*/;

/** Splits a query into tokens; keywords stay identifiers and are recognised by the parser. */
export function tokenizeVisibilityQuery(query: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < query.length) {
    const char = query[at];
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    const rest = query.slice(at);
    if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punctuation', text: char, position: at });
      at += 1;
    } else if (char === "'" || char === '"') {
      const { value, end } = readQuoted(query, at, char);
      tokens.push({ kind: 'string', value, position: at });
      at = end;
    } else if (char === '`') {
      const { value, end } = readQuoted(query, at, '`');
      if (value.length === 0) throw new VisibilityQueryError('empty quoted identifier', at, query);
      tokens.push({ kind: 'identifier', text: value, position: at, quoted: true });
      at = end;
    } else if (OPERATOR_PATTERN.test(rest)) {
      const text = (OPERATOR_PATTERN.exec(rest) as RegExpExecArray)[0];
      tokens.push({
        kind: 'operator',
        text: text === '<>' ? '!=' : (text as '=' | '!=' | '<' | '<=' | '>' | '>='),
        position: at,
      });
      at += text.length;
    } else if (NUMBER_PATTERN.test(rest)) {
      const text = (NUMBER_PATTERN.exec(rest) as RegExpExecArray)[0];
      if (WORD_PATTERN.test(query.slice(at + text.length))) {
        throw new VisibilityQueryError(
          `unexpected character '${query[at + text.length]}' after number`,
          at + text.length,
          query,
        );
      }
      tokens.push({ kind: 'number', value: Number(text), text, position: at });
      at += text.length;
    } else if (WORD_PATTERN.test(rest)) {
      const text = (WORD_PATTERN.exec(rest) as RegExpExecArray)[0];
      tokens.push({ kind: 'identifier', text, position: at, quoted: false });
      at += text.length;
    } else {
      throw new VisibilityQueryError(`unexpected character '${char}'`, at, query);
    }
  }
  tokens.push({ kind: 'end', position: query.length });
  return tokens;
}

/** Reads a quoted run; the quote is escaped by doubling it or with a backslash (as in SQL / MySQL). */
function readQuoted(query: string, start: number, quote: string): { value: string; end: number } {
  let value = '';
  let at = start + 1;
  while (at < query.length) {
    const char = query[at];
    if (char === '\\' && at + 1 < query.length) {
      value += unescape(query[at + 1]);
      at += 2;
    } else if (char === quote) {
      if (query[at + 1] === quote) {
        value += quote;
        at += 2;
      } else {
        return { value, end: at + 1 };
      }
    } else {
      value += char;
      at += 1;
    }
  }
  throw new VisibilityQueryError(`unterminated ${quote === '`' ? 'quoted identifier' : 'string'}`, start, query);
}

function unescape(char: string): string {
  switch (char) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    default:
      return char;
  }
}
