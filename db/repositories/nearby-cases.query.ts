/**
 * Open cases of one process that may be about a given place: a cheap prefilter for possible
 * duplicates at intake (house numbers in the address field, or coordinates inside a box). The caller
 * decides the exact match (same normalised address, distance) on the few rows this returns.
 */
import type { Knex } from 'knex';
import type { CaseRecord } from '../../domain/case';
import { toCaseRecord, type CaseRow } from './case-row';

export interface NearbyCasesQuery {
  definitionId: string;
  /** Department scope: undefined = every department; [] = none. */
  departmentIds?: readonly string[];
  /** Case field holding the address, and words that must all occur in it (case-insensitive). */
  address?: { field: string; words: readonly string[] };
  /** Case fields holding coordinates, and the box they must fall in. */
  point?: { latField: string; longField: string; minLat: number; maxLat: number; minLong: number; maxLong: number };
  /** Newest first, at most this many rows. */
  limit: number;
}

/** A number stored in case data, or null (never a cast error on a stray string). */
const jsonNumber = "(case when jsonb_typeof(case_data -> ?) = 'number' then (case_data ->> ?)::float8 end)";

export async function listOpenCasesNear(db: Knex, query: NearbyCasesQuery): Promise<CaseRecord[]> {
  if (!query.address && !query.point) return [];
  if (query.departmentIds !== undefined && query.departmentIds.length === 0) return [];
  const rows = db<CaseRow>('cases')
    .select('*')
    .where('definition_id', query.definitionId)
    .whereNull('closed_at')
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(Math.min(Math.max(Math.trunc(query.limit), 1), 1000));
  if (query.departmentIds !== undefined) void rows.whereIn('department_id', [...query.departmentIds]);
  const { address, point } = query;
  void rows.where((place) => {
    if (address) {
      void place.orWhere((inner) => {
        void inner.whereRaw("jsonb_typeof(case_data -> ?) = 'string'", [address.field]);
        // The words are digits (house numbers): no LIKE wildcards can hide in them.
        for (const word of address.words)
          void inner.whereRaw('(case_data ->> ?) ilike ?', [address.field, `%${word}%`]);
      });
    }
    if (point) {
      void place.orWhere((inner) => {
        void inner.whereRaw(`${jsonNumber} between ? and ?`, [
          point.latField,
          point.latField,
          point.minLat,
          point.maxLat,
        ]);
        void inner.whereRaw(`${jsonNumber} between ? and ?`, [
          point.longField,
          point.longField,
          point.minLong,
          point.maxLong,
        ]);
      });
    }
  });
  return (await rows).map(toCaseRecord);
}
