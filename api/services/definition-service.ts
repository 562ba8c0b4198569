/** Process definitions through the API: validate a YAML draft, save it, publish, list, fetch, compare. */
import path from 'node:path';
import {
  getDefinition,
  getLatestPublishedDefinition,
  listDefinitionVersions,
  listDefinitions,
  publishDefinition,
  saveDefinitionDraft,
  type DefinitionRecord,
  type DefinitionSummary,
} from '../../db';
import type { CompiledDefinition } from '../../domain/definition';
import type { DefinitionProblem } from '../../domain/errors';
import {
  checkVersionChange,
  fileIncludeResolver,
  loadDefinitionText,
  type LoadResult,
} from '../../process-definitions/loader';
import { runScenarios } from '../../simulator/scenario-runner';
import { describeTimeline } from '../../simulator/timeline-format';
import { can, type Permission } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { recordPlatformEntry } from './case-access';
import type { RequestSource, ServiceDeps } from './service-deps';

/** Shared calendar files (`$include: calendars/…`) resolve against the shipped definitions folder. */
const DEFINITIONS_DIR = path.join(__dirname, '..', '..', 'process-definitions');

export interface ValidationReport {
  ok: boolean;
  errors: number;
  warnings: number;
  problems: DefinitionProblem[];
}

function demand(principal: Principal, permission: Permission): void {
  if (!can(principal, permission))
    throw new ApiError('FORBIDDEN', `this needs the ${permission} permission`, { permission });
}

function load(source: string, file: string): LoadResult {
  return loadDefinitionText(source, { file, resolveInclude: fileIncludeResolver(DEFINITIONS_DIR) });
}

function report(result: LoadResult | readonly DefinitionProblem[]): ValidationReport {
  const problems = 'problems' in result ? [...result.problems] : [...result];
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { ok: errors === 0, errors, warnings: problems.length - errors, problems };
}

/** One scenario's run, in words: pass/fail, why it failed, and its timeline in local time. */
export interface ScenarioResult {
  name: string;
  description?: string;
  passed: boolean;
  failures: string[];
  timeline: { at: string; text: string }[];
}

export type DefinitionService = ReturnType<typeof createDefinitionService>;

export function createDefinitionService(deps: Pick<ServiceDeps, 'db' | 'clock'>) {
  async function audit(
    principal: Principal,
    eventType: string,
    details: Record<string, string>,
    source: RequestSource,
  ): Promise<void> {
    await recordPlatformEntry(deps, principal, eventType, details, source);
  }

  async function requireVersion(id: string, version: string): Promise<DefinitionRecord> {
    const record = await getDefinition(deps.db, id, version);
    if (!record) throw new ApiError('DEFINITION_NOT_FOUND', `definition ${id}@${version} not found`, { id, version });
    return record;
  }

  return {
    validate(principal: Principal, source: string): ValidationReport {
      demand(principal, 'definitions:write');
      return report(load(source, 'draft.yaml'));
    },

    /** Runs a draft's test scenarios through the interpreter with time skipped (as `civicflow simulate`). */
    scenarios(principal: Principal, source: string): ScenarioResult[] | undefined {
      demand(principal, 'definitions:write');
      const compiled = load(source, 'draft.yaml').compiled;
      if (!compiled) return undefined;
      return runScenarios(compiled).map((run) => {
        const description = compiled.scenarios.find((scenario) => scenario.name === run.name)?.description;
        return {
          name: run.name,
          ...(description ? { description: description.trim().replace(/\s+/g, ' ') } : {}),
          passed: run.passed,
          failures: run.failures.map(
            (failure) => `${failure.step ? `at scenario step ${failure.step}: ` : ''}${failure.message}`,
          ),
          timeline: describeTimeline(compiled, run),
        };
      });
    },

    /** The compiled definition of a draft, or undefined when it has errors (the studio's picture). */
    compiled(source: string): CompiledDefinition | undefined {
      return load(source, 'draft.yaml').compiled;
    },

    /** Saves a valid draft (replacing a draft of the same version); an invalid one is refused with its report. */
    async uploadDraft(
      principal: Principal,
      source: string,
      request: RequestSource,
    ): Promise<{ report: ValidationReport; definition: DefinitionSummary }> {
      demand(principal, 'definitions:write');
      const result = load(source, 'draft.yaml');
      const validation = report(result);
      if (!result.compiled)
        throw new ApiError('DEFINITION_INVALID', `the definition has ${validation.errors} error(s)`, { ...validation });
      const saved = await saveDefinitionDraft(deps.db, {
        id: result.compiled.id,
        version: result.compiled.version,
        title: result.compiled.title,
        contentHash: result.compiled.hash,
        yamlSource: source,
        compiled: result.compiled,
        createdBy: principal.id,
      });
      await audit(
        principal,
        'definition.draft-saved',
        { id: saved.id, version: saved.version, hash: saved.contentHash },
        request,
      );
      const { yamlSource: _yaml, compiled: _compiled, ...summary } = saved;
      return { report: validation, definition: summary };
    },

    async publish(
      principal: Principal,
      id: string,
      version: string,
      request: RequestSource,
    ): Promise<DefinitionSummary> {
      demand(principal, 'definitions:publish');
      const draft = await requireVersion(id, version);
      const previous = await getLatestPublishedDefinition(deps.db, id);
      if (draft.status === 'draft' && previous && previous.version !== version) {
        // A new version must be a safe successor of the one in force (no removed fields or actions cases rely on).
        const older = load(previous.yamlSource, `${id}@${previous.version}.yaml`);
        const newer = load(draft.yamlSource, `${id}@${version}.yaml`);
        const verdict = report(checkVersionChange(older, newer));
        if (!verdict.ok)
          throw new ApiError('DEFINITION_INVALID', `version ${version} cannot follow ${previous.version}`, {
            ...verdict,
            from: previous.version,
          });
      }
      const published = await publishDefinition(deps.db, { id, version, publishedBy: principal.id });
      await audit(principal, 'definition.published', { id, version, hash: published.contentHash }, request);
      const { yamlSource: _yaml, compiled: _compiled, ...summary } = published;
      return summary;
    },

    async list(principal: Principal): Promise<DefinitionSummary[]> {
      demand(principal, 'definitions:read');
      return listDefinitions(deps.db);
    },

    async versions(principal: Principal, id: string): Promise<DefinitionSummary[]> {
      demand(principal, 'definitions:read');
      const versions = await listDefinitionVersions(deps.db, id);
      if (versions.length === 0)
        throw new ApiError('DEFINITION_NOT_FOUND', `definition ${JSON.stringify(id)} not found`, { id });
      return versions;
    },

    async get(principal: Principal, id: string, version: string): Promise<DefinitionRecord> {
      demand(principal, 'definitions:read');
      return requireVersion(id, version);
    },

    /** Problems of `to` as the successor of `from` (removed fields, actions, steps without migration…). */
    async compare(
      principal: Principal,
      id: string,
      from: string,
      to: string,
    ): Promise<ValidationReport & { from: string; to: string }> {
      demand(principal, 'definitions:read');
      const [older, newer] = await Promise.all([requireVersion(id, from), requireVersion(id, to)]);
      const problems = checkVersionChange(
        load(older.yamlSource, `${id}@${from}.yaml`),
        load(newer.yamlSource, `${id}@${to}.yaml`),
      );
      return { ...report(problems), from, to };
    },
  };
}
