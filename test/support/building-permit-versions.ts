/**
 * Newer versions of the shipped building permit for migration tests: the completeness check is
 * renamed `completeness-check`; 1.1.0 maps cases waiting on `intake-review` to it, 1.2.0 does not.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CompiledDefinition } from '../../domain/definition';
import { loadDefinitionText } from '../../process-definitions/loader';

export const BUILDING_PERMIT_SOURCE = fs.readFileSync(path.join(__dirname, '..', '..', 'process-definitions', 'building-permit.yaml'), 'utf8');

/** The YAML of a renamed version; `withMap` adds `migrations: [{ from: 1.0.0, … }]`. */
export function renamedBuildingPermit(version: string, withMap: boolean): string {
  const text = BUILDING_PERMIT_SOURCE.replace(/^version: 1\.0\.0$/m, `version: ${version}`).replaceAll('intake-review', 'completeness-check');
  return withMap ? `${text}\nmigrations:\n  - from: "1.0.0"\n    steps:\n      intake-review: completeness-check\n` : text;
}

export function compileBuildingPermit(text: string): CompiledDefinition {
  const result = loadDefinitionText(text, { file: 'building-permit.yaml' });
  if (!result.compiled) throw new Error(result.problems.filter((p) => p.severity === 'error').map((p) => p.message).join('; '));
  return result.compiled;
}
