/**
 * Reads definition YAML defensively: size limit, one document, unique keys, bounded alias expansion
 * and nesting, no binary or custom-tagged values. Converts the YAML tree to plain JSON itself (rather
 * than yaml's toJS) so limits apply while converting, and keeps the tree to map paths to positions.
 */
import {
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';

import type { JsonValue } from '../../domain/definition';
import { type DocPath, type Locator, type Position, ProblemSink } from './problems';

export const MAX_SOURCE_BYTES = 1024 * 1024;
export const MAX_DEPTH = 64;
/** Alias expansions allowed while converting (each expands a whole subtree). */
export const MAX_ALIAS_EXPANSIONS = 200;
/** Total JSON nodes produced; aliases can multiply nodes, this caps the result. */
export const MAX_NODES = 500_000;

export interface YamlReadResult {
  /** Undefined when the YAML could not be read at all. */
  readonly value: JsonValue | undefined;
  readonly locator: Locator;
  readonly sink: ProblemSink;
}

class LimitExceeded extends Error {
  constructor(
    readonly code: 'YAML_ALIAS_LIMIT' | 'YAML_TOO_DEEP' | 'YAML_ALIAS_UNRESOLVED' | 'YAML_UNSUPPORTED_VALUE',
    readonly node: Node | undefined,
    message: string,
  ) {
    super(message);
  }
}

export function readYaml(text: string, file: string): YamlReadResult {
  const lineCounter = new LineCounter();
  const byteLength = Buffer.byteLength(text, 'utf8');
  if (byteLength > MAX_SOURCE_BYTES) {
    const locator: Locator = { locate: () => ({ line: 1, col: 1 }) };
    const sink = new ProblemSink(file, locator);
    sink.error(
      'FILE_TOO_LARGE',
      [],
      `the file is ${(byteLength / 1048576).toFixed(1)} MB; definitions are limited to 1 MB`,
    );
    return { value: undefined, locator, sink };
  }
  const deepAt = deepFlowNesting(text);
  if (deepAt !== undefined) {
    const locator: Locator = { locate: () => ({ line: 1, col: 1 }) };
    const sink = new ProblemSink(file, locator);
    const pos = lineCounterFor(text).linePos(deepAt);
    sink.problems.push({
      code: 'YAML_TOO_DEEP',
      severity: 'error',
      message: `the YAML nests deeper than ${MAX_DEPTH} levels`,
      file,
      line: pos.line,
      col: pos.col,
      path: '',
    });
    return { value: undefined, locator, sink };
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
      merge: false,
      version: '1.2',
    });
  } catch (error) {
    // The yaml parser reports problems as errors; a throw here is a stack overflow on absurd nesting.
    const locator: Locator = { locate: () => ({ line: 1, col: 1 }) };
    const sink = new ProblemSink(file, locator);
    sink.error(
      'YAML_TOO_DEEP',
      [],
      `the YAML cannot be parsed safely: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { value: undefined, locator, sink };
  }
  const locator = new YamlLocator(doc, lineCounter);
  const sink = new ProblemSink(file, locator);
  const at = (offset: number): Position => {
    const pos = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: pos.line, col: pos.col };
  };
  let fatal = false;
  for (const error of doc.errors) {
    const code =
      error.code === 'DUPLICATE_KEY'
        ? 'YAML_DUPLICATE_KEY'
        : error.code === 'MULTIPLE_DOCS'
          ? 'YAML_MULTIPLE_DOCUMENTS'
          : error.code === 'RESOURCE_EXHAUSTION'
            ? 'YAML_TOO_DEEP'
            : 'YAML_SYNTAX';
    fatal = true;
    const position = at(error.pos[0]);
    if (code === 'YAML_TOO_DEEP' && sink.problems.some((problem) => problem.code === 'YAML_TOO_DEEP')) continue;
    sink.problems.push({
      code,
      severity: 'error',
      message: code === 'YAML_TOO_DEEP' ? 'the YAML nests too deeply to read' : error.message.split('\n')[0],
      file,
      line: position.line,
      col: position.col,
      path: '',
    });
  }
  for (const warning of doc.warnings) {
    const position = at(warning.pos[0]);
    sink.problems.push({
      code: warning.code === 'TAG_RESOLVE_FAILED' ? 'YAML_UNSUPPORTED_VALUE' : 'YAML_SYNTAX',
      severity: 'error',
      message: warning.message.split('\n')[0],
      file,
      line: position.line,
      col: position.col,
      path: '',
    });
    fatal = true;
  }
  if (fatal) return { value: undefined, locator, sink };
  const budget = { aliases: 0, nodes: 0 };
  try {
    const value = convert(doc, doc.contents, 0, budget);
    return { value, locator, sink };
  } catch (error) {
    if (error instanceof LimitExceeded) {
      const position = error.node?.range ? at(error.node.range[0]) : { line: 1, col: 1 };
      sink.problems.push({
        code: error.code,
        severity: 'error',
        message: error.message,
        file,
        line: position.line,
        col: position.col,
        path: '',
      });
      return { value: undefined, locator, sink };
    }
    if (error instanceof RangeError) {
      sink.problems.push({
        code: 'YAML_TOO_DEEP',
        severity: 'error',
        message: 'the YAML nests too deeply to read',
        file,
        line: 1,
        col: 1,
        path: '',
      });
      return { value: undefined, locator, sink };
    }
    throw error;
  }
}

function convert(
  doc: Document.Parsed,
  node: Node | null | undefined,
  depth: number,
  budget: { aliases: number; nodes: number },
): JsonValue {
  if (depth > MAX_DEPTH)
    throw new LimitExceeded('YAML_TOO_DEEP', node ?? undefined, `the YAML nests deeper than ${MAX_DEPTH} levels`);
  budget.nodes += 1;
  if (budget.nodes > MAX_NODES)
    throw new LimitExceeded(
      'YAML_ALIAS_LIMIT',
      node ?? undefined,
      `the document expands to more than ${MAX_NODES} values`,
    );
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    budget.aliases += 1;
    if (budget.aliases > MAX_ALIAS_EXPANSIONS) {
      throw new LimitExceeded(
        'YAML_ALIAS_LIMIT',
        node,
        `more than ${MAX_ALIAS_EXPANSIONS} alias expansions: an alias bomb is refused`,
      );
    }
    const target = node.resolve(doc);
    if (!target)
      throw new LimitExceeded('YAML_ALIAS_UNRESOLVED', node, `alias *${node.source} names no anchor defined before it`);
    return convert(doc, target, depth + 1, budget);
  }
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new LimitExceeded('YAML_UNSUPPORTED_VALUE', node, 'numbers must be finite');
      return value;
    }
    throw new LimitExceeded(
      'YAML_UNSUPPORTED_VALUE',
      node,
      `a value of type ${typeof value} is not allowed in a definition`,
    );
  }
  if (isSeq(node)) return node.items.map((item) => convert(doc, item as Node, depth + 1, budget));
  if (isMap(node)) {
    const result: Record<string, JsonValue> = {};
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      if (
        !isScalar(keyNode) ||
        (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number' && typeof keyNode.value !== 'boolean')
      ) {
        throw new LimitExceeded('YAML_UNSUPPORTED_VALUE', keyNode ?? node, 'map keys must be plain strings');
      }
      // defineProperty: a "__proto__" key stays data and never touches the prototype.
      Object.defineProperty(result, String(keyNode.value), {
        value: convert(doc, pair.value as Node | null, depth + 1, budget),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  }
  throw new LimitExceeded('YAML_UNSUPPORTED_VALUE', node, 'unsupported YAML node');
}

/** Maps a document path to a line and column by walking the YAML tree. */
class YamlLocator implements Locator {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly lineCounter: LineCounter,
  ) {}

  locate(path: DocPath, key = false): Position {
    let node: Node | null | undefined = this.doc.contents;
    let keyNode: Node | undefined;
    let best: Node | undefined = node ?? undefined;
    for (let i = 0; i < path.length && node; i += 1) {
      node = this.resolve(node);
      const part = path[i];
      if (isMap(node)) {
        const pair = this.pairs(node).get(String(part));
        if (!pair) break;
        keyNode = pair.key as Node;
        node = pair.value as Node | null;
        best = i === path.length - 1 && key ? keyNode : (node ?? keyNode);
      } else if (isSeq(node) && typeof part === 'number') {
        const item = node.items[part] as Node | undefined;
        if (!item) break;
        node = item;
        keyNode = undefined;
        best = item;
      } else {
        break;
      }
    }
    const offset = best?.range?.[0] ?? 0;
    const pos = this.lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  }

  private readonly index = new WeakMap<object, Map<string, Pair>>();

  /** Key → pair of a map, built once per map: a file with thousands of problems stays linear. */
  private pairs(map: YAMLMap): Map<string, Pair> {
    let pairs = this.index.get(map);
    if (!pairs) {
      pairs = new Map();
      for (const item of map.items) {
        if (isPair(item) && isScalar(item.key) && !pairs.has(String(item.key.value)))
          pairs.set(String(item.key.value), item);
      }
      this.index.set(map, pairs);
    }
    return pairs;
  }

  private resolve(node: Node): Node | undefined {
    let current: Node | undefined = node;
    for (let hops = 0; current && isAlias(current) && hops < 20; hops += 1) current = current.resolve(this.doc);
    return current;
  }
}

function lineCounterFor(text: string): LineCounter {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === 10) counter.addNewLine(i + 1);
  return counter;
}

/**
 * Offset where flow collections ("[" / "{") nest deeper than MAX_DEPTH, outside quotes and comments;
 * a cheap scan that refuses absurd nesting before the parser spends time on it.
 */
function deepFlowNesting(text: string): number | undefined {
  let depth = 0;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quote) {
      if (quote === '"' && char === '\\') i += 1;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end;
    } else if ((char === '"' || char === "'") && depth > 0 && /[\s[{,:]/.test(text[i - 1] ?? ' ')) {
      quote = char;
    } else if (char === '[' || char === '{') {
      depth += 1;
      if (depth > MAX_DEPTH) return i;
    } else if ((char === ']' || char === '}') && depth > 0) {
      depth -= 1;
    }
  }
  return undefined;
}
