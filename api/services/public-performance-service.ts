/**
 * The public performance figures (no sign-in): per public service — each service of the Open311
 * catalog, i.e. of the published processes — over the last twelve months of requests, computed by
 * analytics/public-performance.ts with cells under PUBLIC_MIN_CELL_COUNT withheld. Only aggregates
 * leave here; the case rows read carry no personal data (db/case-history.query.ts).
 *
 * The figures are cached for a minute: anyone may ask, and every answer reads every case of the year.
 */
import type { Knex } from 'knex';
import {
  performanceRows,
  performanceTable,
  PERFORMANCE_COLUMNS,
  type PerformanceCase,
} from '../../analytics/public-performance';
import { caseHistory, listDefinitions } from '../../db';
import type { CompiledDefinition } from '../../domain/definition';
import { formatLocalDate, localEpochDay, zoneOf } from '../../interpreter/local-time';
import { buildServiceCatalog, serviceForCase } from '../../open311';
import type { DefinitionCache } from './definition-cache';

export interface PublicPerformanceDeps {
  db: Knex;
  clock: () => Date;
  definitions: DefinitionCache;
  minCellCount: number;
  timeZone: string;
}

export interface PublicPerformance {
  columns: readonly string[];
  /** Every row as the page and the CSV show it; column 0 is the service's name. */
  rows: string[][];
  /** The same rows per service, in catalog order (without the service column). */
  services: { code: string; name: string; rows: string[][] }[];
  minCellCount: number;
  from: Date;
  generatedAt: Date;
}

const WINDOW_DAYS = 365;
const CACHE_MS = 60_000;

export type PublicPerformanceService = ReturnType<typeof createPublicPerformanceService>;

export function createPublicPerformanceService(deps: PublicPerformanceDeps) {
  let cached: PublicPerformance | undefined;
  const zone = zoneOf(deps.timeZone);

  async function compute(now: Date): Promise<PublicPerformance> {
    const published = (await listDefinitions(deps.db)).filter((d) => d.status === 'published');
    const compiled: CompiledDefinition[] = [];
    for (const summary of published) compiled.push(await deps.definitions.get(summary.id, summary.version));
    const catalog = buildServiceCatalog(compiled);
    const from = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
    const cases: PerformanceCase[] = [];
    for (const row of await caseHistory(deps.db, {
      definitionIds: [...catalog.definitions.keys()],
      createdFrom: from,
    })) {
      const service = serviceForCase(
        catalog,
        row.definitionId,
        row.category !== null ? { category: row.category } : {},
        undefined,
      );
      if (!service) continue;
      cases.push({
        serviceCode: service.code,
        month: formatLocalDate(localEpochDay(row.createdAt.getTime(), zone)).slice(0, 7),
        district: row.councilDistrict,
        createdMs: row.createdAt.getTime(),
        closedMs: row.closedAt?.getTime() ?? null,
        dueMs: row.slaDueAt?.getTime() ?? null,
      });
    }
    const names = new Map(
      catalog.services.map((s) => [s.code, s.name === s.group ? s.name : `${s.name} (${s.group})`]),
    );
    const rows = performanceRows(
      cases,
      catalog.services.map((s) => s.code),
      deps.minCellCount,
    );
    const table = performanceTable(rows, (code) => names.get(code) ?? code);
    return {
      columns: PERFORMANCE_COLUMNS,
      rows: table,
      services: catalog.services.map((s) => ({
        code: s.code,
        name: names.get(s.code) ?? s.code,
        rows: table.filter((_, i) => rows[i].serviceCode === s.code).map((row) => row.slice(1)),
      })),
      minCellCount: deps.minCellCount,
      from,
      generatedAt: now,
    };
  }

  return {
    async figures(): Promise<PublicPerformance> {
      const now = deps.clock();
      if (cached && now.getTime() - cached.generatedAt.getTime() < CACHE_MS && now >= cached.generatedAt) return cached;
      cached = await compute(now);
      return cached;
    },
  };
}
