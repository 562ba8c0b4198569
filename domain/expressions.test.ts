import { evaluateCondition, evaluateExpression, FUNCTIONS, parseExpression } from './expressions';

const parse = (source: string) => {
  const result = parseExpression(source);
  if (!result.ok) throw new Error(`${source}: ${result.message}`);
  return result;
};
const value = (source: string, data: Record<string, unknown> = {}) => {
  const result = evaluateExpression(parse(source).compiled, data as never);
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

describe('parseExpression', () => {
  it('reports the fields and functions an expression uses', () => {
    const parsed = parse("category == 'pothole' && len(photos) > 0 || address.zip in ['90012', '90013']");
    expect([...parsed.fields].sort()).toEqual(['address', 'category', 'photos']);
    expect(parsed.functions).toEqual(['len']);
  });

  it.each([
    ['a &&', 'syntax'],
    ['', 'syntax'],
    ['a = 1', 'syntax'],
    ['a; b', 'syntax'],
    ['a, b', 'syntax'],
    ['eval("1")', 'function'],
    ['Date.now()', 'function'],
    ['Math.random() > 0.5', 'function'],
    ['now()', 'function'],
    ['len(a, b)', 'function'],
    ['a | b', 'unsupported'],
    ['~a', 'unsupported'],
    ['this.a', 'unsupported'],
    ['a.constructor', 'unsupported'],
    ['a.__proto__', 'unsupported'],
    ['undefined == a', 'unsupported'],
    ['[1,,2]', 'unsupported'],
  ])('rejects %j (%s)', (source, kind) => {
    const result = parseExpression(source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.kind).toBe(kind);
  });

  it('rejects over-long and over-nested expressions without throwing', () => {
    expect(parseExpression('a'.repeat(5000)).ok).toBe(false);
    expect(parseExpression(`${'('.repeat(1000)}a${')'.repeat(1000)}`).ok).toBe(false);
    expect(parseExpression(42).ok).toBe(false);
  });

  it('compiles to plain JSON that survives a round trip', () => {
    const compiled = parse('a > 1 ? upper(b) : lower(b)').compiled;
    expect(JSON.parse(JSON.stringify(compiled))).toEqual(compiled);
  });
});

describe('evaluate', () => {
  it('compares without coercion', () => {
    expect(value("a == '1'", { a: 1 })).toBe(false);
    expect(value('a == 1', { a: 1 })).toBe(true);
    expect(value('a === 1 && b !== 2', { a: 1, b: 3 })).toBe(true);
    expect(value('[1, [2]] == a', { a: [1, [2]] })).toBe(true);
    expect(parseExpression('{x: 1}').ok).toBe(false);
  });

  it('treats missing fields as null', () => {
    expect(value('missing == null')).toBe(true);
    expect(value('a.b.c', { a: { b: 1 } })).toBeNull();
    expect(value('missing > 3')).toBe(false);
    expect(value('!missing')).toBe(true);
    expect(value('isSet(missing)')).toBe(false);
    expect(value('isSet(a)', { a: 'x' })).toBe(true);
    expect(value("coalesce(missing, 'x')")).toBe('x');
  });

  it('does arithmetic and string functions', () => {
    expect(value('a * 2 + b % 3 - -1', { a: 2, b: 7 })).toBe(6);
    expect(value('round(a / 3)', { a: 10 })).toBe(3);
    expect(value("lower(a) + '-' + upper(b)", { a: 'AB', b: 'cd' })).toBe('ab-CD');
    expect(value("startsWith(a, 'x') && endsWith(a, 'z') && contains(a, 'y')", { a: 'xyz' })).toBe(true);
    expect(value('min(3, 1, 2) + max(a)', { a: [4, 9] })).toBe(10);
    expect(value('abs(-2) + floor(1.5) + ceil(1.2)')).toBe(5);
    expect(value("daysBetween('2026-01-30', '2026-03-01')")).toBe(30);
    expect(value('items[1] + items.length', { items: [1, 2] })).toBe(4);
    expect(value("'b' in ['a', 'b'] && 'ell' in 'hello'")).toBe(true);
    expect(value("trim('  x ')")).toBe('x');
    expect(value('len(a) + len(b) + len(c) + len(missing)', { a: 'abc', b: [1], c: { x: 1 } })).toBe(5);
  });

  it('reports type errors as results, never throws', () => {
    for (const [source, data] of [
      ["a + 'x'", { a: 1 }],
      ['a / 0', { a: 1 }],
      ['a % 0', { a: 1 }],
      ["a < 'b'", { a: 1 }],
      ['a && b', { a: 1, b: true }],
      ['-a', { a: 'x' }],
      ['min(a)', { a: [] }],
      ["daysBetween('x', 'y')", {}],
      ['a * a', { a: 1e308 }],
    ] as const) {
      const result = evaluateExpression(parse(source).compiled, data as never);
      expect(result.ok).toBe(false);
    }
  });

  it('conditions: null counts as false; non-booleans are errors', () => {
    expect(evaluateCondition(parse('missing').compiled, {})).toEqual({ ok: true, value: false });
    expect(evaluateCondition(parse('a').compiled, { a: 3 }).ok).toBe(false);
    expect(evaluateCondition(parse('a > 2').compiled, { a: 3 })).toEqual({ ok: true, value: true });
  });

  it('cannot reach prototypes through data', () => {
    expect(value("a['constructor']", { a: {} })).toBeNull();
    expect(value('toString')).toBeNull();
    expect(value('hasOwnProperty', {})).toBeNull();
  });

  it('every allowed function is deterministic: same input, same output', () => {
    expect(Object.keys(FUNCTIONS).length).toBeGreaterThan(10);
    const source =
      "len(a) + abs(-1) + round(1.4) + floor(1.9) + ceil(1.1) + min(1, 2) + max(1, 2) + daysBetween('2026-01-01', '2026-01-02')";
    expect(value(source, { a: 'xy' })).toBe(value(source, { a: 'xy' }));
  });
});
