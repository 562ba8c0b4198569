/**
 * Rules between two versions of one definition: the id matches, the version goes up (a published
 * version never changes under the same number), and every step where cases may be waiting that the
 * new version drops has a migration mapping.
 */
import semver from 'semver';
import type { CompiledDefinition, StepType } from '../../domain/definition';
import type { DefinitionProblem } from '../../domain/errors';
import { type Locator, ProblemSink } from './problems';

/** Steps a case can sit on between events; choice and end steps are passed through at once. */
const RESTING: readonly StepType[] = ['human', 'wait', 'automated', 'parallel'];

export interface VersionSide {
  readonly compiled: CompiledDefinition;
  readonly file: string;
  readonly locator: Locator;
}

/** Problems found in `next` (positions are in its file) when it follows `previous`. */
export function compareVersions(previous: VersionSide, next: VersionSide): DefinitionProblem[] {
  const sink = new ProblemSink(next.file, next.locator);
  const old = previous.compiled;
  const current = next.compiled;
  if (old.id !== current.id) {
    sink.error('VERSION_ID_MISMATCH', ['id'], `"${current.id}" is not a version of "${old.id}"`);
    return sink.problems;
  }
  // Both versions passed the schema's MAJOR.MINOR.PATCH pattern.
  const order = semver.compare(current.version, old.version);
  if (order === 0) {
    if (old.hash !== current.hash) {
      sink.error(
        'PUBLISHED_VERSION_MODIFIED',
        ['version'],
        `version ${current.version} differs from the published ${old.version} (hash ${old.hash.slice(0, 12)} → ${current.hash.slice(0, 12)}); publish changes as a new version`,
      );
    }
    return sink.problems;
  }
  if (order < 0) {
    sink.error(
      'VERSION_NOT_INCREASED',
      ['version'],
      `version ${current.version} is lower than the previous ${old.version}`,
    );
  } else if (current.effectiveFrom < old.effectiveFrom) {
    sink.warning(
      'EFFECTIVE_DATE_EARLIER',
      ['effectiveFrom'],
      `version ${current.version} takes effect on ${current.effectiveFrom}, before ${old.version} (${old.effectiveFrom})`,
    );
  }
  const oldFields = old.caseData.schema.properties;
  const newFields = current.caseData.schema.properties;
  for (const [field, schema] of Object.entries(oldFields)) {
    if (!Object.prototype.hasOwnProperty.call(newFields, field)) {
      sink.warning(
        'CASE_FIELD_CHANGED',
        ['caseData', 'properties'],
        `field "${field}" of ${old.version} is gone; data of migrated cases keeps it but no step can use it`,
      );
    } else if (schema.type !== newFields[field].type) {
      sink.warning(
        'CASE_FIELD_CHANGED',
        ['caseData', 'properties', field],
        `field "${field}" changed type from ${schema.type ?? 'any'} to ${newFields[field].type ?? 'any'}; data of migrated cases may not fit`,
      );
    }
  }
  const mappings = current.migrations.filter((migration) => migration.from === '*' || migration.from === old.version);
  const mapped = (stepId: string): string | undefined => {
    for (const migration of mappings)
      if (Object.prototype.hasOwnProperty.call(migration.steps, stepId)) return migration.steps[stepId];
    return undefined;
  };
  for (const [stepId, step] of Object.entries(old.steps)) {
    if (!RESTING.includes(step.type)) continue;
    const target = mapped(stepId);
    const kept = Object.prototype.hasOwnProperty.call(current.steps, stepId) ? current.steps[stepId] : undefined;
    if (target !== undefined) {
      if (!Object.prototype.hasOwnProperty.call(current.steps, target)) {
        sink.error(
          'MIGRATION_TARGET_UNKNOWN',
          ['migrations'],
          `the migration from ${old.version} maps "${stepId}" to "${target}", which this version does not have`,
        );
      }
      continue;
    }
    if (!kept) {
      sink.error(
        'MIGRATION_MISSING',
        ['steps'],
        `step "${stepId}" (${step.type}) of ${old.version} is gone; cases waiting on it need a mapping: migrations: [{ from: "${old.version}", steps: { ${stepId}: <new step> } }]`,
      );
    } else if (kept.type !== step.type) {
      sink.error(
        'MIGRATION_MISSING',
        ['steps', stepId],
        `step "${stepId}" changed from ${step.type} to ${kept.type}; map cases waiting on it explicitly in migrations`,
        { key: true },
      );
    } else if (kept.type === 'human' && step.type === 'human') {
      for (const actionId of Object.keys(step.actions)) {
        if (!Object.prototype.hasOwnProperty.call(kept.actions, actionId)) {
          sink.warning(
            'ACTION_REMOVED',
            ['steps', stepId, 'actions'],
            `action "${actionId}" of "${stepId}" is gone; requests for it on open cases will be rejected`,
          );
        }
      }
    }
  }
  return sink.problems;
}
