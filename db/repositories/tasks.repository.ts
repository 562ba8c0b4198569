/** Open human tasks, one row per open step of a case: the source of every worklist. */
import type { Knex } from 'knex';
import type { OpenTask } from '../../domain/case';

interface TaskRow {
  case_id: string;
  step_id: string;
  role: string;
  department_id: string | null;
  assignee_id: string | null;
  due_at: Date | null;
  escalation_level: number;
  warned: boolean;
  created_at: Date;
}

/** A task with the case fields a worklist shows. */
export interface WorklistItem extends OpenTask {
  trackingNumber: string;
  caseTitle: string | null;
  definitionId: string;
  caseStatus: string;
  priority: string;
  createdAt: Date;
}

function toTask(row: TaskRow): OpenTask {
  const task: OpenTask = {
    caseId: row.case_id,
    stepId: row.step_id,
    role: row.role,
    escalationLevel: Number(row.escalation_level),
    warned: row.warned,
    createdAt: row.created_at,
  };
  if (row.department_id !== null) task.departmentId = row.department_id;
  if (row.assignee_id !== null) task.assigneeId = row.assignee_id;
  if (row.due_at !== null) task.dueAt = row.due_at;
  return task;
}

export async function listCaseTasks(db: Knex, caseId: string): Promise<OpenTask[]> {
  const rows = await db<TaskRow>('tasks').where({ case_id: caseId }).orderBy('created_at').orderBy('step_id');
  return rows.map(toTask);
}

export interface WorklistFilter {
  /** "My tasks". */
  assigneeId?: string;
  /** Team queue: tasks of these departments (undefined = any department; [] = none). */
  departmentIds?: readonly string[];
  /** Only tasks for one of these roles (e.g. the roles the user holds). */
  roles?: readonly string[];
  unassignedOnly?: boolean;
  /** Only tasks due before this instant (overdue view: pass now). */
  dueBefore?: Date;
  /** Only tasks at or above this escalation level (escalated view: 1). */
  minEscalationLevel?: number;
  limit?: number;
}

/** The filter's conditions on `tasks as t` (shared by the list and its change fingerprint). */
export function applyWorklistFilter(query: Knex.QueryBuilder, filter: WorklistFilter): void {
  if (filter.assigneeId !== undefined) void query.where('t.assignee_id', filter.assigneeId);
  if (filter.departmentIds !== undefined) void query.whereIn('t.department_id', [...filter.departmentIds]);
  if (filter.roles !== undefined) void query.whereIn('t.role', [...filter.roles]);
  if (filter.unassignedOnly) void query.whereNull('t.assignee_id');
  if (filter.dueBefore !== undefined) void query.where('t.due_at', '<', filter.dueBefore);
  if (filter.minEscalationLevel !== undefined) void query.where('t.escalation_level', '>=', filter.minEscalationLevel);
}

/**
 * The worklist's query: its filter, most urgent first (earliest due; undated last), at most `limit`
 * rows (default 200), with the given columns of `tasks as t` joined to `cases as c`. Shared by the
 * list and its change fingerprint, so both read exactly the same rows.
 */
export function worklistPageQuery(
  db: Knex,
  filter: WorklistFilter,
  columns: readonly (string | Knex.Raw)[],
): Knex.QueryBuilder {
  const query = db('tasks as t')
    .join('cases as c', 'c.id', 't.case_id')
    .select(...columns)
    .orderByRaw("coalesce(t.due_at, 'infinity'::timestamptz) asc")
    .orderBy('t.case_id')
    .orderBy('t.step_id')
    .limit(Math.min(Math.max(filter.limit ?? 200, 1), 1000));
  applyWorklistFilter(query, filter);
  return query;
}

/** Worklist rows, most urgent first (earliest due; undated last). */
export async function listWorklist(db: Knex, filter: WorklistFilter): Promise<WorklistItem[]> {
  return (await readWorklist(db, filter, [])).items;
}

type WorklistRow = TaskRow & {
  tracking_number: string;
  case_title: string | null;
  definition_id: string;
  case_status: string;
  priority: string;
};

/** The worklist, and the rows it was read from with `extraColumns` beside them (for its change fingerprint). */
export async function readWorklist<Extra extends object>(
  db: Knex,
  filter: WorklistFilter,
  extraColumns: readonly (string | Knex.Raw)[],
): Promise<{ items: WorklistItem[]; rows: (WorklistRow & Extra)[] }> {
  const query = worklistPageQuery(db, filter, [
    't.*',
    'c.tracking_number',
    'c.title as case_title',
    'c.definition_id',
    'c.status as case_status',
    'c.priority',
    ...extraColumns,
  ]);
  const rows = (await query) as (WorklistRow & Extra)[];
  const items = rows.map((row) => ({
    ...toTask(row),
    trackingNumber: row.tracking_number,
    caseTitle: row.case_title,
    definitionId: row.definition_id,
    caseStatus: row.case_status,
    priority: row.priority,
    createdAt: row.created_at,
  }));
  return { items, rows };
}
