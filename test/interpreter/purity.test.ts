import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The interpreter runs inside Temporal's workflow sandbox and must replay identically for years:
// no clock, no randomness, no I/O, and only pure imports. The bundle test proves it loads in the
// sandbox; this guard keeps nondeterministic calls (which the sandbox would silently pin) out.
const dir = path.join(__dirname, '..', '..', 'interpreter');
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

const ALLOWED_IMPORT = /^(\.\/|\.\.\/domain\/|@js-joda\/(core|timezone)$)/;
const FORBIDDEN: [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/new Date\(\s*\)/, 'new Date() without an argument'],
  [/\bMath\.random\b/, 'Math.random'],
  [/\bperformance\.now\b/, 'performance.now'],
  [/\bprocess\./, 'process.*'],
  [/\brequire\s*\(/, 'require()'],
  [/\bsetTimeout\b|\bsetInterval\b/, 'timers'],
  [/\bIntl\./, 'Intl (ICU data varies with the Node binary)'],
  [/toLocale\w*\(/, 'locale-dependent formatting'],
];

describe('interpreter purity', () => {
  it('has sources to check', () => {
    expect(sources).toEqual(expect.arrayContaining(['apply-case-event.ts', 'working-time.ts', 'local-time.ts']));
  });

  it.each(sources)('%s imports only pure modules and calls nothing nondeterministic', (file) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const imports = [
      ...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm),
    ].map((m) => m[1] ?? m[2]);
    for (const source of imports) expect([file, source, ALLOWED_IMPORT.test(source)]).toEqual([file, source, true]);
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const [pattern, what] of FORBIDDEN) expect([file, what, pattern.test(code)]).toEqual([file, what, false]);
  });
});
