/** The `portal` and `i18n` blocks: compiled when written, missing or stray translations are warnings. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadDefinitionText } from '../load-definition';

const COMPLAINT = path.join(__dirname, '..', '..', 'service-complaint.yaml');
interface Translations {
  es: {
    statuses: Record<string, string>;
    fields: Record<string, { title?: string; choices?: Record<string, string> }>;
  };
}
type Doc = Record<string, unknown> & { i18n: Translations };
const complaint = (): Doc => parse(readFileSync(COMPLAINT, 'utf8')) as Doc;
const load = (doc: Record<string, unknown>) => loadDefinitionText(stringify(doc), { file: 'mutated.yaml' });

it('compiles the portal flag and the translations of the shipped 311 complaint without warnings', () => {
  const result = load(complaint());
  expect(result.problems).toEqual([]);
  expect(result.compiled?.portal).toEqual({ public: true });
  expect(result.compiled?.i18n?.es?.statuses?.received).toBe('Recibida');
});

it('warns about each missing translation and each translation of something that does not exist', () => {
  const doc = complaint();
  delete doc.i18n.es.statuses.assigned;
  delete doc.i18n.es.fields.category.choices?.pothole;
  doc.i18n.es.fields.nosuchField = { title: 'x' };
  doc.i18n.es.statuses['no-such-status'] = 'x';
  (doc.i18n.es as Record<string, unknown>).templates = { 'no-such-template': { body: 'x' } };
  const result = load(doc);
  expect(result.compiled).toBeDefined();
  const warnings = result.problems.map((problem) => `${problem.severity} ${problem.code} ${problem.message}`);
  expect(warnings).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^warning TRANSLATION_MISSING .*status "assigned"/),
      expect.stringMatching(/^warning TRANSLATION_MISSING .*choice "pothole" of field "category"/),
      expect.stringMatching(/^warning TRANSLATION_UNKNOWN .*"nosuchField"/),
      expect.stringMatching(/^warning TRANSLATION_UNKNOWN .*"no-such-status"/),
      expect.stringMatching(/^warning TRANSLATION_UNKNOWN .*"no-such-template" is not a template/),
    ]),
  );
  expect(warnings).toHaveLength(5);
});

it('keeps the hash of a definition without the new blocks (older versions are unchanged)', () => {
  const { portal: _portal, i18n: _i18n, ...doc } = complaint();
  const compiled = load(doc).compiled;
  expect(compiled && 'portal' in compiled).toBe(false);
  expect(compiled && 'i18n' in compiled).toBe(false);
});
