/** Test helpers: the reference fixture as a mutable object, and loading a mutated copy. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse, stringify } from 'yaml';

import type { DefinitionProblem } from '../../../domain/errors';
import { loadDefinitionText, type LoadResult, type ValidateOptions } from '../load-definition';

export const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'definitions');
export const VALID_FIXTURE = path.join(FIXTURES, 'valid-permit.yaml');

export type Doc = any;

export function validDoc(): Doc {
  return parse(readFileSync(VALID_FIXTURE, 'utf8'));
}

export function loadDoc(doc: Doc, options: ValidateOptions = {}, file = 'mutated.yaml'): LoadResult {
  return loadDefinitionText(stringify(doc), { ...options, file });
}

export function codes(problems: readonly DefinitionProblem[]): string[] {
  return problems.map((problem) => problem.code);
}
