/**
 * Possible duplicates at intake: open cases of the same process about the same place — the same
 * normalised street address, or within about 100 m when both have coordinates. Department scope,
 * masking and the read audit are listCases's: a person sees only cases they could list anyway, and
 * only matches on a location field they may see unmasked (otherwise typing addresses would reveal
 * where, say, benefit applicants live).
 */
import { listOpenCasesNear, type NearbyCasesQuery } from '../../db';
import type { JsonValue } from '../../domain/definition';
import {
  addressNumbers,
  boundingBox,
  distanceMetres,
  isCoordinates,
  normaliseAddress,
  type Coordinates,
} from '../../domain/location';
import { standardFields } from '../../open311/service-catalog';
import { can, departmentScope, visiblePersonalFields } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { recordPlatformEntry } from './case-access';
import { toCaseView, type CaseView } from './case-view';
import { createDefinitionCache } from './definition-cache';
import type { RequestSource, ServiceDeps } from './service-deps';

/** "Near the same place". */
export const DUPLICATE_RADIUS_METRES = 100;
export const MAX_POSSIBLE_DUPLICATES = 5;
/** Rows the database prefilter may return before the exact match; newest first. */
const CANDIDATES = 200;

export interface PossibleDuplicate {
  case: CaseView;
  /** Why it is shown: the same address, and/or how far away its coordinates are. */
  match: { sameAddress: boolean; distanceMetres?: number };
}

export type PossibleDuplicatesService = ReturnType<typeof createPossibleDuplicatesService>;

export function createPossibleDuplicatesService(deps: ServiceDeps) {
  const definitions = createDefinitionCache(deps.db);

  return {
    async find(
      principal: Principal,
      definitionId: string,
      draft: Readonly<Record<string, JsonValue | undefined>>,
      source?: RequestSource,
    ): Promise<PossibleDuplicate[]> {
      if (!can(principal, 'cases:read'))
        throw new ApiError('FORBIDDEN', 'this needs the cases:read permission', { permission: 'cases:read' });
      const definition = await definitions.latestPublished(definitionId);
      const fields = standardFields(definition);
      const personal = new Set(definition.caseData.personalFields);
      const visible = visiblePersonalFields(principal, definition);
      const usable = (field: string | undefined): field is string =>
        field !== undefined && (!personal.has(field) || visible.has(field));

      const rawAddress = usable(fields.address) ? draft[fields.address] : undefined;
      const address = typeof rawAddress === 'string' ? normaliseAddress(rawAddress) : '';
      const numbers = addressNumbers(address);
      const point: Coordinates | undefined =
        usable(fields.lat) && usable(fields.long) && isCoordinates(draft[fields.lat], draft[fields.long])
          ? { lat: draft[fields.lat] as number, long: draft[fields.long] as number }
          : undefined;

      const query: NearbyCasesQuery = { definitionId: definition.id, limit: CANDIDATES };
      const scope = departmentScope(principal);
      if (scope !== undefined) query.departmentIds = scope;
      // A street line without a house number ("Main St") names no place precisely enough.
      if (fields.address && address !== '' && numbers.length > 0)
        query.address = { field: fields.address, words: numbers };
      if (point && fields.lat && fields.long)
        query.point = { latField: fields.lat, longField: fields.long, ...boundingBox(point, DUPLICATE_RADIUS_METRES) };
      const candidates = await listOpenCasesNear(deps.db, query);

      const found: PossibleDuplicate[] = [];
      for (const record of candidates) {
        const data = record.caseData as Record<string, JsonValue>;
        const theirs = query.address ? data[query.address.field] : undefined;
        const sameAddress = typeof theirs === 'string' && normaliseAddress(theirs) === address;
        const distance =
          query.point && isCoordinates(data[query.point.latField], data[query.point.longField])
            ? distanceMetres(point as Coordinates, {
                lat: data[query.point.latField] as number,
                long: data[query.point.longField] as number,
              })
            : undefined;
        if (!sameAddress && !(distance !== undefined && distance <= DUPLICATE_RADIUS_METRES)) continue;
        const own = await definitions.get(record.definitionId, record.definitionVersion);
        found.push({
          case: toCaseView(record, own, principal, deps.clock()),
          match: { sameAddress, ...(distance !== undefined ? { distanceMetres: Math.round(distance) } : {}) },
        });
        if (found.length === MAX_POSSIBLE_DUPLICATES) break;
      }
      // Shown cases are a read of their data: one entry on the platform chain, as for case lists.
      if (source && found.length > 0) {
        await recordPlatformEntry(
          deps,
          principal,
          'cases.listed',
          { caseIds: found.map((item) => item.case.id), filter: { possibleDuplicatesOf: definition.id } },
          source,
        );
      }
      return found;
    },
  };
}
