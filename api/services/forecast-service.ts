/**
 * Demand forecast for managers: requests per service per day over the last 26 weeks (in the agency's
 * time zone, departments the person sees), the next four weeks forecast with weekly seasonality
 * (analytics/demand-forecast.ts), and the forecast's error on the last four weeks held out.
 */
import type { Knex } from 'knex';
import { backtestForecast, forecastDaily, weeklyTotals, type ForecastError } from '../../analytics/demand-forecast';
import { caseHistory, listDefinitions } from '../../db';
import type { CompiledDefinition } from '../../domain/definition';
import { formatLocalDate, instantOfLocal, localEpochDay, zoneOf } from '../../interpreter/local-time';
import { buildServiceCatalog, serviceForCase } from '../../open311';
import { can, departmentScope } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import type { DefinitionCache } from './definition-cache';

export interface ForecastDeps {
  db: Knex;
  clock: () => Date;
  definitions: DefinitionCache;
  timeZone: string;
}

export const HISTORY_WEEKS = 26;
export const FORECAST_WEEKS = 4;

export interface ServiceForecast {
  code: string;
  name: string;
  /** Requests in the last four complete weeks, oldest first. */
  recentWeeks: number[];
  /** Forecast requests for each of the next four weeks. */
  nextWeeks: number[];
  /** Error of the same model on the last four weeks held out; undefined when the history is too short. */
  error: ForecastError | undefined;
}

export interface DemandForecast {
  /** First local date of each forecast week ("YYYY-MM-DD"). */
  weekStarts: string[];
  historyFrom: string;
  services: ServiceForecast[];
}

export type ForecastService = ReturnType<typeof createForecastService>;

export function createForecastService(deps: ForecastDeps) {
  const zone = zoneOf(deps.timeZone);
  return {
    async forecast(principal: Principal): Promise<DemandForecast> {
      if (!can(principal, 'reports:read'))
        throw new ApiError('FORBIDDEN', 'the demand forecast needs the reports:read permission', {
          permission: 'reports:read',
        });
      const scope = departmentScope(principal);
      const published = (await listDefinitions(deps.db)).filter((d) => d.status === 'published');
      const compiled: CompiledDefinition[] = [];
      for (const summary of published) compiled.push(await deps.definitions.get(summary.id, summary.version));
      const catalog = buildServiceCatalog(compiled);
      // Complete days only: the history ends yesterday, the forecast starts today.
      const today = localEpochDay(deps.clock().getTime(), zone);
      const firstDay = today - HISTORY_WEEKS * 7;
      const rows = await caseHistory(deps.db, {
        definitionIds: [...catalog.definitions.keys()],
        createdFrom: new Date(instantOfLocal(firstDay, 0, zone)),
        ...(scope ? { departmentIds: scope } : {}),
      });
      const daily = new Map<string, number[]>();
      for (const row of rows) {
        const day = localEpochDay(row.createdAt.getTime(), zone) - firstDay;
        if (day < 0 || day >= HISTORY_WEEKS * 7) continue;
        const service = serviceForCase(
          catalog,
          row.definitionId,
          row.category !== null ? { category: row.category } : {},
          undefined,
        );
        if (!service) continue;
        const counts = daily.get(service.code) ?? new Array<number>(HISTORY_WEEKS * 7).fill(0);
        counts[day]++;
        daily.set(service.code, counts);
      }
      const services = catalog.services
        .filter((s) => daily.has(s.code))
        .map((s) => {
          const history = daily.get(s.code) as number[];
          return {
            code: s.code,
            name: s.name === s.group ? s.name : `${s.name} (${s.group})`,
            recentWeeks: weeklyTotals(history.slice(-FORECAST_WEEKS * 7)),
            nextWeeks: weeklyTotals(forecastDaily(history, FORECAST_WEEKS * 7)),
            error: backtestForecast(history, FORECAST_WEEKS),
          };
        });
      return {
        weekStarts: Array.from({ length: FORECAST_WEEKS }, (_, i) => formatLocalDate(today + i * 7)),
        historyFrom: formatLocalDate(firstDay),
        services,
      };
    },
  };
}
