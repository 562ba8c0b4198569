/**
 * The case read model. The API registers a case (tracking number and the resident's verification
 * code) before starting its workflow; the workflow then projects snapshots, applied only when newer.
 */
import type { Knex } from 'knex';
import type { JsonObject } from '../../domain/audit';
import type {
  CaseProjection,
  CaseRecord,
  CaseRegistration,
  CompletedStep,
  CurrentStep,
  OpenTask,
  Open311Fields,
  ResidentContact,
} from '../../domain/case';
import { DbError, UNIQUE_VIOLATION, sqlState } from '../errors';
import { open311Columns, toCaseRecord, type CaseRow } from './case-row';
import { generateVerificationCode, hashVerificationCode, safeEqualHex } from './secrets';
import { jsonb, storableOptionalText, type SqlCall } from './db-values';

export interface CreateCaseInput {
  id: string;
  definitionId: string;
  definitionVersion: string;
  definitionHash: string;
  title?: string;
  status?: string;
  residentStatus: string;
  currentSteps?: CurrentStep[];
  departmentId?: string;
  assigneeId?: string;
  priority?: string;
  caseData?: JsonObject;
  residentContact?: ResidentContact;
  /** 'api', 'open311', 'phone', 'walk-in', … */
  channel?: string;
  open311?: Open311Fields;
  slaDueAt?: Date;
  statutoryDueAt?: Date;
}

export interface CreatedCase {
  record: CaseRecord;
  /** Shown to the resident once; only its hash is stored. */
  verificationCode: string;
}

/** The next tracking number, for a case whose workflow will create its row (see CaseRegistration). Never reused. */
export async function reserveTrackingNumber(db: Knex): Promise<string> {
  const row = (await db.select(db.raw('civicflow_next_tracking_number() as tracking_number')).first()) as {
    tracking_number: string;
  };
  return row.tracking_number;
}

/** Registers a new case and hands out its tracking number and verification code. */
export async function createCase(db: Knex, input: CreateCaseInput): Promise<CreatedCase> {
  const verificationCode = generateVerificationCode();
  return db.transaction(async (trx) => {
    let row: CaseRow;
    try {
      [row] = (await trx('cases')
        .insert({
          id: input.id,
          definition_id: input.definitionId,
          definition_version: input.definitionVersion,
          definition_hash: input.definitionHash,
          title: storableOptionalText(input.title) ?? null,
          status: input.status ?? 'open',
          resident_status: input.residentStatus,
          current_steps: jsonb(input.currentSteps ?? []),
          department_id: input.departmentId ?? null,
          assignee_id: input.assigneeId ?? null,
          priority: input.priority ?? 'normal',
          case_data: jsonb(input.caseData ?? {}),
          resident_contact: input.residentContact ? jsonb(input.residentContact) : null,
          channel: input.channel ?? null,
          sla_due_at: input.slaDueAt ?? null,
          statutory_due_at: input.statutoryDueAt ?? null,
          ...open311Columns(input.open311),
        })
        .returning('*')) as CaseRow[];
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION)
        throw new DbError('CASE_EXISTS', `case ${input.id} already exists`, { caseId: input.id });
      throw error;
    }
    // The tracking number comes from the database default, so the hash is set in a second statement.
    [row] = (await trx('cases')
      .where({ id: row.id })
      .update({ verification_code_hash: hashVerificationCode(row.tracking_number, verificationCode) })
      .returning('*')) as CaseRow[];
    return { record: toCaseRecord(row), verificationCode };
  });
}

export type ProjectionResult = 'applied' | 'stale';

/** The projection's columns as plain values (jsonb columns as JSON values): they travel in one jsonb row. */
function projectionColumns(p: CaseProjection): Record<string, unknown> {
  const columns: Record<string, unknown> = {
    definition_id: p.definitionId,
    definition_version: p.definitionVersion,
    definition_hash: p.definitionHash,
    status: p.status,
    resident_status: p.residentStatus,
    current_steps: p.currentSteps,
    priority: p.priority,
    case_data: p.caseData,
    projection_seq: p.sequence,
    updated_at: p.updatedAt,
  };
  const optional: [string, unknown][] = [
    ['assignee_id', p.assigneeId],
    ['department_id', p.departmentId],
    ['sla_due_at', p.slaDueAt],
    ['statutory_due_at', p.statutoryDueAt],
    ['statutory_clock_paused', p.statutoryClockPaused],
    ['escalation_level', p.escalationLevel],
    ['resident_contact', p.residentContact],
    ['outcome', p.outcome],
    ['retention_class', p.retentionClass],
    ['title', storableOptionalText(p.title)],
    ['closed_at', p.closedAt],
  ];
  for (const [column, value] of optional) if (value !== undefined) columns[column] = value;
  return { ...columns, ...open311Columns(p.open311) };
}

/**
 * The creator's columns, for the insert only: the projection's own values win, except a title the
 * creator gave. Without a registration the database defaults apply (a tracking number from the sequence).
 */
function registrationColumns(registration: CaseRegistration | undefined): Record<string, unknown> {
  if (!registration) return {};
  return {
    tracking_number: registration.trackingNumber,
    verification_code_hash: registration.verificationCodeHash ?? null,
    channel: registration.channel ?? null,
    ...(registration.departmentId ? { department_id: registration.departmentId } : {}),
    ...open311Columns(registration.open311),
  };
}

const taskRow = (task: Omit<OpenTask, 'caseId'>) => ({
  step_id: task.stepId,
  role: task.role,
  department_id: task.departmentId ?? null,
  assignee_id: task.assigneeId ?? null,
  due_at: task.dueAt ?? null,
  escalation_level: task.escalationLevel,
  warned: task.warned ?? false,
  created_at: task.createdAt ?? null,
});

const stepRow = (step: CompletedStep) => ({
  step_id: step.stepId,
  entered_at: step.enteredAt,
  completed_at: step.completedAt,
  due_at: step.dueAt ?? null,
  department_id: step.departmentId ?? null,
  role: step.role ?? null,
  completed_by: step.completedBy ?? null,
  action: step.action ?? null,
});

/**
 * The projection as one call of civicflow_apply_case_projection (migration 0027, which says why a
 * function and not CTEs), answering 'applied' or 'stale': for {@link applyCaseProjection}, or to run
 * in another statement (a recorded step's, before its audit locks).
 */
export function caseProjectionCall(projection: CaseProjection): SqlCall {
  if (!Number.isInteger(projection.sequence) || projection.sequence < 1) {
    throw new DbError('INVALID_INPUT', 'projection sequence must be a positive integer', {
      sequence: projection.sequence,
    });
  }
  const columns = projectionColumns(projection);
  const row = {
    id: projection.caseId,
    ...registrationColumns(projection.registration),
    ...columns,
    ...(projection.registration?.title ? { title: storableOptionalText(projection.registration.title) } : {}),
  };
  const optionalJson = (value: unknown[] | undefined) => (value === undefined ? null : jsonb(value));
  return {
    sql: 'civicflow_apply_case_projection(?::jsonb, ?::text[], ?::jsonb, ?::jsonb)',
    bindings: [
      jsonb(row),
      Object.keys(columns),
      optionalJson(projection.tasks?.map(taskRow)),
      optionalJson(projection.completedSteps?.map(stepRow)),
    ],
  };
}

/**
 * Upserts the read model from a workflow snapshot. Applied only when `sequence` is greater than the
 * stored one, so a retried or reordered activity can never roll a case back. Fields left undefined
 * keep their stored value; tasks (when given) replace the case's open tasks (those that stay keep
 * their created_at) and finished step visits are recorded once each. One statement, so atomic in or
 * out of a caller's transaction.
 */
export async function applyCaseProjection(db: Knex, projection: CaseProjection): Promise<ProjectionResult> {
  const call = caseProjectionCall(projection);
  const result = (await db.raw(`select ${call.sql} as applied`, call.bindings)) as {
    rows: { applied: ProjectionResult }[];
  };
  return result.rows[0].applied;
}

/**
 * The row of a case whose workflow has started but not yet projected (a slow or restarting worker):
 * written after the start, never before, so a row always has its workflow; the first projection
 * merges over it (sequence 0 < 1). An existing row (projected already) is left as it is.
 */
export async function registerStartedCase(db: Knex, record: CaseRecord, registration: CaseRegistration): Promise<void> {
  await db('cases')
    .insert({
      id: record.id,
      definition_id: record.definitionId,
      definition_version: record.definitionVersion,
      definition_hash: record.definitionHash,
      title: storableOptionalText(record.title) ?? null,
      status: record.status,
      resident_status: record.residentStatus,
      current_steps: jsonb(record.currentSteps),
      priority: record.priority,
      case_data: jsonb(record.caseData),
      resident_contact: record.residentContact ? jsonb(record.residentContact) : null,
      projection_seq: 0,
      ...registrationColumns(registration),
    })
    .onConflict('id')
    .ignore();
}

/**
 * Rows no workflow ever projected (projection sequence 0), registered before `before`: creates an
 * earlier version left half-done (it inserted the row before starting the workflow).
 */
export async function listUnprojectedCases(db: Knex, before: Date): Promise<CaseRecord[]> {
  const rows = await db<CaseRow>('cases')
    .where('projection_seq', 0)
    .andWhere('created_at', '<', before)
    .orderBy('created_at');
  return rows.map(toCaseRecord);
}

/** Removes such a row (and its tasks) if it is still unprojected; true when it was removed. */
export async function removeUnprojectedCase(db: Knex, id: string): Promise<boolean> {
  return (await db('cases').where({ id, projection_seq: 0 }).delete()) > 0;
}

export async function getCase(db: Knex, id: string): Promise<CaseRecord | undefined> {
  const row = await db<CaseRow>('cases').where({ id }).first();
  return row ? toCaseRecord(row) : undefined;
}

/** Several cases in one query (lists and feeds, instead of one query per case), by id. */
export async function getCasesByIds(db: Knex, ids: readonly string[]): Promise<Map<string, CaseRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db<CaseRow>('cases').whereIn('id', [...new Set(ids)]);
  return new Map(rows.map((row) => [row.id, toCaseRecord(row)]));
}

/** Like {@link getCase} but throws CASE_NOT_FOUND. */
export async function requireCase(db: Knex, id: string): Promise<CaseRecord> {
  const found = await getCase(db, id);
  if (!found) throw new DbError('CASE_NOT_FOUND', `case ${id} not found`, { caseId: id });
  return found;
}

export async function getCaseByTrackingNumber(db: Knex, trackingNumber: string): Promise<CaseRecord | undefined> {
  const row = await db<CaseRow>('cases').where({ tracking_number: trackingNumber.trim().toUpperCase() }).first();
  return row ? toCaseRecord(row) : undefined;
}

export async function getCaseByOpen311Token(db: Knex, token: string): Promise<CaseRecord | undefined> {
  const row = await db<CaseRow>('cases').where({ open311_token: token }).first();
  return row ? toCaseRecord(row) : undefined;
}

/**
 * The resident status page's gate: the case when tracking number and code match, otherwise
 * undefined (the same answer for an unknown number and a wrong code, so numbers cannot be probed).
 */
export async function findCaseForResident(
  db: Knex,
  trackingNumber: string,
  verificationCode: string,
): Promise<CaseRecord | undefined> {
  const normalized = trackingNumber.trim().toUpperCase();
  const row = await db<CaseRow>('cases').where({ tracking_number: normalized }).first();
  const attempted = hashVerificationCode(normalized, verificationCode);
  if (!row || row.verification_code_hash === null) return undefined;
  return safeEqualHex(attempted, row.verification_code_hash) ? toCaseRecord(row) : undefined;
}

/** Hands a resident a new code (e.g. when they lost it and staff verified them); returns it once. */
export async function resetVerificationCode(db: Knex, caseId: string): Promise<string> {
  const row = await db<CaseRow>('cases').where({ id: caseId }).first('tracking_number');
  if (!row) throw new DbError('CASE_NOT_FOUND', `case ${caseId} not found`, { caseId });
  const code = generateVerificationCode();
  await db('cases')
    .where({ id: caseId })
    .update({ verification_code_hash: hashVerificationCode(row.tracking_number, code) });
  return code;
}
