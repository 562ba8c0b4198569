/**
 * The definition studio: the processes with their versions and open cases, each person's working
 * draft (saved even when it does not validate), and moving open cases of an old version to a newer
 * published one through each case's workflow (preview first, then a result per case).
 */
import { randomUUID } from 'node:crypto';
import {
  getDefinition,
  getEditorDraft,
  getLatestPublishedDefinition,
  listDefinitionVersions,
  listDefinitions,
  openCaseCountsByVersion,
  openCaseIdsOnVersion,
  saveEditorDraft,
  type DefinitionSummary,
} from '../../db';
import type { Calendar } from '../../domain/calendar';
import type { CompiledDefinition } from '../../domain/definition';
import { migrateCase, type StepMove } from '../../interpreter';
import { caseStateQuery, definitionForCase, migrateCaseUpdate } from '../../workflows/case-contract';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { demand, recordPlatformEntry } from './case-access';
import { staffActor } from './case-service';
import type { RequestSource, ServiceDeps } from './service-deps';

/** How many open cases one migration page handles at once. */
export const MIGRATION_BATCH = 200;

export interface StudioVersion extends DefinitionSummary {
  openCases: number;
}

export interface StudioProcess {
  id: string;
  title: string | null;
  versions: StudioVersion[];
}

export interface WorkingSource {
  source: string;
  /** Where the text came from: the person's saved draft, or the newest version. */
  origin: { kind: 'draft'; savedAt: Date } | { kind: 'version'; version: string; status: string };
}

export type CaseMigrationLine =
  | { caseId: string; trackingNumber: string; status: 'movable' | 'migrated'; moves: StepMove[] }
  | { caseId: string; trackingNumber: string; status: 'refused' | 'failed'; reason: string };

export type StudioService = ReturnType<typeof createStudioService>;

export function createStudioService(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'temporal'> & { outcomeTimeoutMs?: number },
) {
  const timeoutMs = deps.outcomeTimeoutMs ?? 15_000;

  async function publishedTarget(id: string, version: string): Promise<CompiledDefinition> {
    const record = await getDefinition(deps.db, id, version);
    if (!record) throw new ApiError('DEFINITION_NOT_FOUND', `definition ${id}@${version} not found`, { id, version });
    if (record.status !== 'published')
      throw new ApiError(
        'VALIDATION_FAILED',
        `cases move only to a published version; ${id}@${version} is ${record.status}`,
        { field: 'to' },
      );
    return record.compiled as CompiledDefinition;
  }

  function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    return Promise.race([work, late]).finally(() => clearTimeout(timer));
  }

  async function candidates(id: string, from: string, caseIds?: readonly string[]) {
    const open = await openCaseIdsOnVersion(deps.db, id, from, MIGRATION_BATCH);
    return caseIds ? open.filter((c) => caseIds.includes(c.id)) : open;
  }

  /** The pure migration run against each open case's current state (queried from its workflow). */
  function preview(id: string, from: string, target: CompiledDefinition): Promise<CaseMigrationLine[]> {
    return candidates(id, from).then((open) =>
      Promise.all(
        open.map(async ({ id: caseId, trackingNumber }): Promise<CaseMigrationLine> => {
          try {
            const state = await withTimeout(
              deps.temporal.workflow.getHandle(caseId).query(caseStateQuery),
              `case ${trackingNumber}`,
            );
            const verdict = migrateCase(state, target, deps.clock().getTime());
            return verdict.outcome === 'migrated'
              ? { caseId, trackingNumber, status: 'movable', moves: verdict.moves }
              : { caseId, trackingNumber, status: 'refused', reason: verdict.reason };
          } catch (error) {
            return {
              caseId,
              trackingNumber,
              status: 'failed',
              reason: error instanceof Error ? error.message : String(error),
            };
          }
        }),
      ),
    );
  }

  return {
    async overview(principal: Principal): Promise<StudioProcess[]> {
      demand(principal, 'definitions:read');
      const [latest, counts] = await Promise.all([listDefinitions(deps.db), openCaseCountsByVersion(deps.db)]);
      const ids = [...new Set(latest.map((d) => d.id))].sort();
      return Promise.all(
        ids.map(async (id) => {
          const versions = await listDefinitionVersions(deps.db, id);
          return {
            id,
            title: versions.find((v) => v.status === 'published')?.title ?? versions[0]?.title ?? null,
            versions: versions.map((v) => ({
              ...v,
              openCases: counts.find((c) => c.definitionId === id && c.version === v.version)?.open ?? 0,
            })),
          };
        }),
      );
    },

    /** The business calendars of the published definitions, one per calendar id. */
    async calendars(principal: Principal): Promise<Calendar[]> {
      demand(principal, 'definitions:read');
      const found = new Map<string, Calendar>();
      for (const summary of await listDefinitions(deps.db)) {
        const record = await getLatestPublishedDefinition(deps.db, summary.id);
        const compiled = record?.compiled as CompiledDefinition | undefined;
        for (const calendar of Object.values(compiled?.calendars ?? {}))
          if (!found.has(calendar.id)) found.set(calendar.id, calendar);
      }
      return [...found.values()].sort((a, b) => a.id.localeCompare(b.id));
    },

    /** The person's working draft of a process, else the newest version's YAML. */
    async workingSource(principal: Principal, id: string): Promise<WorkingSource> {
      demand(principal, 'definitions:write');
      const draft = await getEditorDraft(deps.db, id, principal.id);
      if (draft) return { source: draft.yamlSource, origin: { kind: 'draft', savedAt: draft.updatedAt } };
      const [newest] = await listDefinitionVersions(deps.db, id);
      if (!newest) throw new ApiError('DEFINITION_NOT_FOUND', `definition ${JSON.stringify(id)} not found`, { id });
      const record = await getDefinition(deps.db, id, newest.version);
      return {
        source: record?.yamlSource ?? '',
        origin: { kind: 'version', version: newest.version, status: newest.status },
      };
    },

    async saveWorkingDraft(principal: Principal, id: string, source: string, request: RequestSource): Promise<Date> {
      demand(principal, 'definitions:write');
      if (source.trim() === '') throw new ApiError('VALIDATION_FAILED', 'Enter the definition', { field: 'source' });
      const saved = await saveEditorDraft(deps.db, {
        definitionId: id,
        authorId: principal.id,
        yamlSource: source,
        updatedAt: deps.clock(),
      });
      await recordPlatformEntry(
        deps,
        principal,
        'definition.editor-draft-saved',
        { id, bytes: String(Buffer.byteLength(source)) },
        request,
      );
      return saved.updatedAt;
    },

    /** Which open cases of `from` would move to `to` and where, and which would stay and why. */
    async previewMigration(
      principal: Principal,
      id: string,
      from: string,
      to: string,
      request: RequestSource,
    ): Promise<CaseMigrationLine[]> {
      demand(principal, 'definitions:publish');
      const lines = await preview(id, from, await publishedTarget(id, to));
      await recordPlatformEntry(
        deps,
        principal,
        'definition.migration-previewed',
        { id, from, to, cases: String(lines.length) },
        request,
      );
      return lines;
    },

    /** Before publishing `target`: per older version, its open cases and how many the migration would move. */
    async publishImpact(
      principal: Principal,
      target: CompiledDefinition,
    ): Promise<{ version: string; open: number; movable: number }[]> {
      demand(principal, 'definitions:publish');
      const counts = (await openCaseCountsByVersion(deps.db)).filter(
        (c) => c.definitionId === target.id && c.version !== target.version,
      );
      return Promise.all(
        counts.map(async (count) => ({
          version: count.version,
          open: count.open,
          movable: (await preview(target.id, count.version, target)).filter((line) => line.status === 'movable').length,
        })),
      );
    },

    /** Moves the chosen open cases of `from` to `to`, one workflow update each; a result per case. */
    async migrateCases(
      principal: Principal,
      id: string,
      from: string,
      to: string,
      caseIds: readonly string[],
      request: RequestSource,
    ): Promise<CaseMigrationLine[]> {
      demand(principal, 'definitions:publish');
      if (caseIds.length === 0) throw new ApiError('VALIDATION_FAILED', 'Select the cases to move', { field: 'case' });
      const target = await publishedTarget(id, to);
      const actor = staffActor(principal);
      const lines: CaseMigrationLine[] = [];
      for (const { id: caseId, trackingNumber } of await candidates(id, from, caseIds)) {
        try {
          const handle = deps.temporal.workflow.getHandle(caseId);
          const result = await withTimeout(
            handle.executeUpdate(migrateCaseUpdate, {
              args: [
                {
                  eventId: randomUUID(),
                  target: definitionForCase(target),
                  actor,
                  source: { channel: request.channel, ...(request.ip ? { ip: request.ip } : {}) },
                },
              ],
            }),
            `case ${trackingNumber}`,
          );
          lines.push(
            result.status === 'migrated'
              ? { caseId, trackingNumber, status: 'migrated', moves: result.moves }
              : { caseId, trackingNumber, status: 'refused', reason: result.reason },
          );
        } catch (error) {
          lines.push({
            caseId,
            trackingNumber,
            status: 'failed',
            reason: error instanceof Error ? error.message : String(error),
          });
        }
      }
      const moved = lines.filter((line) => line.status === 'migrated').length;
      await recordPlatformEntry(
        deps,
        principal,
        'definition.cases-migrated',
        { id, from, to, moved: String(moved), stayed: String(lines.length - moved) },
        request,
      );
      return lines;
    },
  };
}
