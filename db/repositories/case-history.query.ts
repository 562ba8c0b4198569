/**
 * Case facts the analytics read (predicted resolution, demand forecast, public performance): no
 * personal data leaves here — only the process, the category, channel and council district fields,
 * and the case's instants.
 */
import type { Knex } from 'knex';

export interface CaseHistoryRow {
  caseId: string;
  definitionId: string;
  definitionVersion: string;
  departmentId: string | null;
  /** Case-data `category`, `channel` and `councilDistrict` when the process has them (else null). */
  category: string | null;
  channel: string | null;
  councilDistrict: string | null;
  createdAt: Date;
  closedAt: Date | null;
  slaDueAt: Date | null;
  /** The first predicted close date the case was given (migration 0014), if any. */
  firstPredictedCloseAt: Date | null;
  predictedCloseAt: Date | null;
}

export interface CaseHistoryFilter {
  definitionIds?: readonly string[];
  departmentIds?: readonly string[];
  /** open: closed_at is null; closed: it is not. */
  state?: 'open' | 'closed';
  createdFrom?: Date;
  closedFrom?: Date;
  closedTo?: Date;
  /** Only cases with a stored prediction. */
  predicted?: boolean;
  caseIds?: readonly string[];
}

interface Row {
  id: string;
  definition_id: string;
  definition_version: string;
  department_id: string | null;
  category: string | null;
  channel: string | null;
  council_district: string | null;
  created_at: Date;
  closed_at: Date | null;
  sla_due_at: Date | null;
  first_predicted_close_at: Date | null;
  predicted_close_at: Date | null;
}

const date = (value: Date | null): Date | null => (value === null ? null : new Date(value));

export async function caseHistory(db: Knex, filter: CaseHistoryFilter = {}): Promise<CaseHistoryRow[]> {
  const query = db('cases as c')
    .leftJoin('case_predictions as p', 'p.case_id', 'c.id')
    .select(
      'c.id',
      'c.definition_id',
      'c.definition_version',
      'c.department_id',
      db.raw(`c.case_data->>'category' as category`),
      db.raw(`c.case_data->>'channel' as channel`),
      db.raw(`c.case_data->>'councilDistrict' as council_district`),
      'c.created_at',
      'c.closed_at',
      'c.sla_due_at',
      'p.first_predicted_close_at',
      'p.predicted_close_at',
    )
    .orderBy(['c.created_at', 'c.id']);
  if (filter.definitionIds) void query.whereIn('c.definition_id', [...filter.definitionIds]);
  if (filter.departmentIds) void query.whereIn('c.department_id', [...filter.departmentIds]);
  if (filter.state === 'open') void query.whereNull('c.closed_at');
  if (filter.state === 'closed') void query.whereNotNull('c.closed_at');
  if (filter.createdFrom) void query.where('c.created_at', '>=', filter.createdFrom);
  if (filter.closedFrom) void query.where('c.closed_at', '>=', filter.closedFrom);
  if (filter.closedTo) void query.where('c.closed_at', '<', filter.closedTo);
  if (filter.predicted) void query.whereNotNull('p.case_id');
  if (filter.caseIds) void query.whereIn('c.id', [...filter.caseIds]);
  const rows = (await query) as Row[];
  return rows.map((r) => ({
    caseId: r.id,
    definitionId: r.definition_id,
    definitionVersion: r.definition_version,
    departmentId: r.department_id,
    category: r.category,
    channel: r.channel,
    councilDistrict: r.council_district,
    createdAt: new Date(r.created_at),
    closedAt: date(r.closed_at),
    slaDueAt: date(r.sla_due_at),
    firstPredictedCloseAt: date(r.first_predicted_close_at),
    predictedCloseAt: date(r.predicted_close_at),
  }));
}
