/** Shared calendar files through `$include`: inlined and hashed, confined to the definition's folder. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { parse, stringify } from 'yaml';

import { loadDefinitionFileSync, loadDefinitionText } from '../load-definition';
import { codes, type Doc, validDoc } from './definition-fixtures';

let dir: string;
let outside: string;
const calendarOf = (doc: Doc) => doc.calendars['city-hall'];

beforeAll(() => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'civicflow-include-'));
  dir = path.join(base, 'defs');
  outside = path.join(base, 'secret.yaml');
  mkdirSync(path.join(dir, 'calendars'), { recursive: true });
  writeFileSync(path.join(dir, 'calendars', 'city-hall.yaml'), stringify(calendarOf(validDoc())));
  writeFileSync(
    path.join(dir, 'calendars', 'broken.yaml'),
    'timeZone: America/Los_Angeles\nbusinessHours:\n  monday: [{ start: "8am", end: "17:00" }]\n',
  );
  writeFileSync(outside, stringify(calendarOf(validDoc())));
  symlinkSync(outside, path.join(dir, 'calendars', 'link.yaml'));
});
afterAll(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

function writeWithInclude(name: string, include: unknown): string {
  const doc = validDoc();
  doc.calendars['city-hall'] = include;
  const file = path.join(dir, name);
  writeFileSync(file, stringify(doc));
  return file;
}

it('inlines the included calendar; the hash equals the inline version', () => {
  const included = loadDefinitionFileSync(writeWithInclude('ok.yaml', { $include: 'calendars/city-hall.yaml' }));
  expect(included.problems).toEqual([]);
  const inline = loadDefinitionText(stringify(validDoc()));
  expect(included.compiled?.calendars['city-hall']).toEqual(inline.compiled?.calendars['city-hall']);
  expect(included.compiled?.hash).toBe(inline.compiled?.hash);
});

it('a changed shared calendar changes the hash (cases stay pinned to the old one)', () => {
  const file = writeWithInclude('ok2.yaml', { $include: 'calendars/changed.yaml' });
  const calendar = calendarOf(validDoc());
  calendar.holidays.push({ date: '2026-11-27', name: 'Day after Thanksgiving' });
  writeFileSync(path.join(dir, 'calendars', 'changed.yaml'), stringify(calendar));
  const before = loadDefinitionText(stringify(validDoc())).compiled?.hash;
  expect(loadDefinitionFileSync(file).compiled?.hash).not.toBe(before);
});

it.each([
  ['../secret.yaml', 'INCLUDE_NOT_ALLOWED'],
  ['/etc/passwd.yaml', 'INCLUDE_NOT_ALLOWED'],
  ['calendars/link.yaml', 'INCLUDE_NOT_ALLOWED'],
  ['calendars/missing.yaml', 'INCLUDE_UNREADABLE'],
  ['calendars', 'INCLUDE_NOT_ALLOWED'],
])('refuses %s with %s', (includePath, code) => {
  const result = loadDefinitionFileSync(writeWithInclude('bad.yaml', { $include: includePath }));
  expect(result.ok).toBe(false);
  expect(codes(result.problems)).toContain(code);
  const problem = result.problems.find((p) => p.code === code);
  const line =
    readFileSync(path.join(dir, 'bad.yaml'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('$include')) + 1;
  expect(problem?.line).toBe(line);
});

it('reports problems inside the included file at their own positions', () => {
  const result = loadDefinitionFileSync(writeWithInclude('broken-include.yaml', { $include: 'calendars/broken.yaml' }));
  const inner = result.problems.find((p) => p.file.endsWith(path.join('calendars', 'broken.yaml')));
  expect(inner).toMatchObject({ code: 'SCHEMA_INVALID_FORMAT', line: 3 });
  expect(codes(result.problems)).toContain('INCLUDE_UNREADABLE');
});

it('refuses extra keys beside $include and includes without a file location', () => {
  expect(
    codes(
      loadDefinitionFileSync(writeWithInclude('extra.yaml', { $include: 'calendars/city-hall.yaml', timeZone: 'UTC' }))
        .problems,
    ),
  ).toContain('INCLUDE_NOT_ALLOWED');
  const doc = validDoc();
  doc.calendars['city-hall'] = { $include: 'calendars/city-hall.yaml' };
  expect(codes(loadDefinitionText(stringify(doc)).problems)).toEqual(['INCLUDE_UNREADABLE']);
  expect(parse(stringify(doc)).calendars['city-hall']).toEqual({ $include: 'calendars/city-hall.yaml' });
});
