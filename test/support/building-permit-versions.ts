/**
 * Newer versions of the shipped building permit for migration tests: the completeness check is
 * renamed `completeness-check`; 1.1.0 maps cases waiting on `intake-review` to it, 1.2.0 does not.
 * Also the published 1.0.0, which let a permit be issued without its conditions (fixed in 1.0.1).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CompiledDefinition } from '../../domain/definition';
import { loadDefinitionText } from '../../process-definitions/loader';

export const BUILDING_PERMIT_SOURCE = fs.readFileSync(
  path.join(__dirname, '..', '..', 'process-definitions', 'building-permit.yaml'),
  'utf8',
);
/** The version in the shipped file. */
export const SHIPPED_PERMIT_VERSION = /^version: (\S+)$/m.exec(BUILDING_PERMIT_SOURCE)?.[1] ?? '';

/** The shipped file as 1.0.0 was: `issue` did not require `permitConditions`. */
export const BUILDING_PERMIT_1_0_0_SOURCE = BUILDING_PERMIT_SOURCE.replace(/^version: \S+$/m, 'version: 1.0.0').replace(
  '        requires: [permitConditions]\n',
  '',
);

/** The YAML of a renamed version; `withMap` adds `migrations: [{ from: <shipped version>, … }]`. */
export function renamedBuildingPermit(version: string, withMap: boolean): string {
  const text = BUILDING_PERMIT_SOURCE.replace(/^version: \S+$/m, `version: ${version}`).replaceAll(
    'intake-review',
    'completeness-check',
  );
  return withMap
    ? `${text}\nmigrations:\n  - from: "${SHIPPED_PERMIT_VERSION}"\n    steps:\n      intake-review: completeness-check\n`
    : text;
}

export function compileBuildingPermit(text: string): CompiledDefinition {
  const result = loadDefinitionText(text, { file: 'building-permit.yaml' });
  if (!result.compiled)
    throw new Error(
      result.problems
        .filter((p) => p.severity === 'error')
        .map((p) => p.message)
        .join('; '),
    );
  return result.compiled;
}
