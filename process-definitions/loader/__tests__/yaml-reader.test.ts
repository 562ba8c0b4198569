/** Malformed and hostile files: each gets a coded problem with a position, never a throw or a hang. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadDefinitionFile, loadDefinitionFileSync, loadDefinitionText } from '../load-definition';
import { MAX_SOURCE_BYTES } from '../yaml-reader';
import { codes, VALID_FIXTURE } from './definition-fixtures';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'civicflow-yaml-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const only = (text: string) => loadDefinitionText(text, { file: 'bad.yaml' });

describe('YAML reading', () => {
  it('reports a syntax error at its line and column', () => {
    const result = only('format: civicflow/v1\nid: x\nsteps:\n  a: [1, 2\n  b: c\n');
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ code: 'YAML_SYNTAX', severity: 'error', file: 'bad.yaml' });
    expect(result.problems[0].line).toBeGreaterThanOrEqual(4);
  });

  it('reports an unterminated string', () => {
    const result = only('title: "never closed\nid: x\n');
    expect(codes(result.problems)).toContain('YAML_SYNTAX');
  });

  it('reports duplicate keys at the duplicate', () => {
    const result = only('id: a\ntitle: t\nid: b\n');
    expect(result.problems[0]).toMatchObject({ code: 'YAML_DUPLICATE_KEY', line: 3, col: 1 });
  });

  it('refuses several documents', () => {
    expect(codes(only('id: a\n---\nid: b\n').problems)).toContain('YAML_MULTIPLE_DOCUMENTS');
  });

  it('refuses an alias bomb quickly', () => {
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    const letters = 'abcdefghij';
    for (let i = 1; i < letters.length; i += 1) {
      bomb += `${letters[i]}: &${letters[i]} [${Array(9)
        .fill(`*${letters[i - 1]}`)
        .join(',')}]\n`;
    }
    const result = only(bomb);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ code: 'YAML_ALIAS_LIMIT', severity: 'error' });
    expect(result.problems[0].line).toBeGreaterThan(1);
  });

  it('allows a few aliases (shared SLA blocks) and validates the result', () => {
    const text = `${require('node:fs').readFileSync(VALID_FIXTURE, 'utf8')}`
      .replace(
        'sla: { due: 5 working days, warning: 3 working days }',
        'sla: &review-sla { due: 5 working days, warning: 3 working days }',
      )
      .replace('sla: { due: 5 working days }', 'sla: *review-sla');
    const result = loadDefinitionText(text);
    expect(result.problems).toEqual([]);
    expect(result.compiled?.steps['fire-review']).toMatchObject({ sla: { warning: { kind: 'duration' } } });
  });

  it('reports an alias to an undefined anchor', () => {
    expect(codes(only('a: *nowhere\n').problems)).toEqual(['YAML_ALIAS_UNRESOLVED']);
  });

  it('refuses deep nesting, block or flow, without overflowing the stack', () => {
    let block = '';
    for (let i = 0; i < 200; i += 1) block += `${' '.repeat(i)}k:\n`;
    expect(codes(only(block).problems)).toEqual(['YAML_TOO_DEEP']);
    const flow = `a: ${'['.repeat(50000)}${']'.repeat(50000)}\n`;
    expect(codes(only(flow).problems)).toEqual(['YAML_TOO_DEEP']);
  });

  it('refuses binary values, custom tags and collection keys', () => {
    expect(codes(only('a: !!binary aGVsbG8=\n').problems)).toEqual(['YAML_UNSUPPORTED_VALUE']);
    expect(codes(only('a: !custom x\n').problems)).toEqual(['YAML_UNSUPPORTED_VALUE']);
    expect(codes(only('? [a, b]\n: 1\n').problems)).toEqual(['YAML_UNSUPPORTED_VALUE']);
  });

  it('keeps a __proto__ key as data (and the schema rejects it)', () => {
    const result = only('__proto__: { polluted: true }\n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(codes(result.problems)).toContain('SCHEMA_UNKNOWN_PROPERTY');
  });

  it('reports wrong types with positions from the schema', () => {
    const result = only('format: civicflow/v1\nid: 12\nversion: [1]\ntitle: {}\n');
    const wrong = result.problems.filter((p) => p.code === 'SCHEMA_WRONG_TYPE');
    expect(wrong.map((p) => p.line).sort()).toEqual([2, 3, 4]);
    expect(codes(result.problems)).toContain('SCHEMA_MISSING_PROPERTY');
  });

  it('reports a document that is not a mapping', () => {
    expect(codes(only('- a\n- b\n').problems)).toEqual(['SCHEMA_WRONG_TYPE']);
    expect(codes(only('').problems)).toEqual(['SCHEMA_WRONG_TYPE']);
    expect(codes(only('just a string').problems)).toEqual(['SCHEMA_WRONG_TYPE']);
  });

  it('refuses a 10 MB file with a coded error, without reading it as YAML', async () => {
    const big = path.join(dir, 'big.yaml');
    writeFileSync(big, `title: "${'x'.repeat(10 * 1024 * 1024)}"\n`);
    const result = await loadDefinitionFile(big);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'FILE_TOO_LARGE', line: 1, col: 1, file: big })]);
    expect(codes(loadDefinitionText(`a: "${'x'.repeat(MAX_SOURCE_BYTES)}"`).problems)).toEqual(['FILE_TOO_LARGE']);
  });

  it('reports missing, directory and non-UTF-8 files', async () => {
    expect(codes((await loadDefinitionFile(path.join(dir, 'missing.yaml'))).problems)).toEqual(['FILE_UNREADABLE']);
    expect(codes(loadDefinitionFileSync(dir).problems)).toEqual(['FILE_UNREADABLE']);
    const latin1 = path.join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.from([0x74, 0x69, 0x74, 0x6c, 0x65, 0x3a, 0x20, 0xe9, 0xff, 0x0a]));
    expect(codes(loadDefinitionFileSync(latin1).problems)).toEqual(['FILE_UNREADABLE']);
  });

  it('points schema problems at the offending key or value', () => {
    const text = require('node:fs').readFileSync(VALID_FIXTURE, 'utf8') as string;
    const mutated = text.replace('    role: reviewer\n', '    role: reviewer\n    colour: blue\n');
    const result = loadDefinitionText(mutated, { file: 'f.yaml' });
    const lines = mutated.split('\n');
    const line = lines.findIndex((l) => l.includes('colour: blue')) + 1;
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'SCHEMA_UNKNOWN_PROPERTY', line, col: 5, path: '/steps/decision/colour' }),
    ]);
    const badNext = text.replace('default: deny-notice', 'default: deny-notise');
    const refLine = badNext.split('\n').findIndex((l) => l.includes('deny-notise')) + 1;
    const problem = loadDefinitionText(badNext).problems.find((p) => p.code === 'REF_STEP_UNKNOWN');
    expect(problem).toMatchObject({ line: refLine });
    expect(problem?.message).toContain('did you mean "deny-notice"');
  });
});

it('schema problems suggest the property or value that was probably meant', () => {
  const text = require('node:fs').readFileSync(VALID_FIXTURE, 'utf8') as string;
  const typo = loadDefinitionText(
    text.replace('notSameActorAs: intake', 'notSameActorsAs: intake').replace('type: choice', 'type: choise'),
  );
  const messages = typo.problems.map((p) => `${p.code} ${p.message}`);
  expect(messages).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^SCHEMA_UNKNOWN_PROPERTY .*"notSameActorsAs" \(did you mean "notSameActorAs"\?\)$/),
      expect.stringMatching(/^SCHEMA_INVALID_VALUE steps\.route\.type .*\(did you mean "choice"\?\)$/),
    ]),
  );
});
