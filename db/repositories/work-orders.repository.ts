/**
 * Work orders sent to departments' systems and the callbacks they sent back. A work order row is
 * created before the first attempt, so every attempt is counted and the idempotency key is fixed; a
 * callback row is inserted once per callback id (the replay store).
 */
import type { Knex } from 'knex';

export interface WorkOrderRecord {
  id: string;
  connection: string;
  caseId: string;
  stepId: string;
  attempts: number;
  lastError: string | null;
  reference: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

interface WorkOrderRow {
  id: string;
  connection: string;
  case_id: string;
  step_id: string;
  attempts: number;
  last_error: string | null;
  reference: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const toRecord = (row: WorkOrderRow): WorkOrderRecord => ({
  id: row.id,
  connection: row.connection,
  caseId: row.case_id,
  stepId: row.step_id,
  attempts: row.attempts,
  lastError: row.last_error,
  reference: row.reference,
  createdAt: row.created_at.toISOString(),
  deliveredAt: row.delivered_at?.toISOString() ?? null,
});

/** Counts an attempt (creating the row on the first); returns the order as it now stands. */
export async function beginWorkOrderAttempt(
  db: Knex,
  input: { id: string; connection: string; caseId: string; stepId: string },
): Promise<WorkOrderRecord> {
  const rows = await db<WorkOrderRow>('work_orders')
    .insert({ id: input.id, connection: input.connection, case_id: input.caseId, step_id: input.stepId, attempts: 1 })
    .onConflict('id')
    .merge({ attempts: db.raw('work_orders.attempts + 1') })
    .returning('*');
  return toRecord(rows[0]);
}

export async function recordWorkOrderFailure(db: Knex, id: string, error: string): Promise<void> {
  await db('work_orders')
    .where({ id })
    .update({ last_error: error.slice(0, 500) });
}

/** The first reference is kept: a system answering a repeat with another number changes nothing. */
export async function recordWorkOrderDelivered(
  db: Knex,
  id: string,
  reference: string,
  at: Date,
): Promise<WorkOrderRecord> {
  await db('work_orders')
    .where({ id })
    .whereNull('reference')
    .update({ reference, delivered_at: at, last_error: null });
  const row = await db<WorkOrderRow>('work_orders').where({ id }).first();
  if (!row) throw new Error(`work order ${id} vanished`);
  return toRecord(row);
}

export async function findWorkOrder(db: Knex, id: string): Promise<WorkOrderRecord | undefined> {
  const row = await db<WorkOrderRow>('work_orders').where({ id }).first();
  return row ? toRecord(row) : undefined;
}

export async function listWorkOrders(
  db: Knex,
  options: { caseId?: string; limit?: number } = {},
): Promise<WorkOrderRecord[]> {
  const query = db<WorkOrderRow>('work_orders')
    .orderBy('created_at', 'desc')
    .limit(options.limit ?? 100);
  if (options.caseId) query.where({ case_id: options.caseId });
  return (await query).map(toRecord);
}

/** Records a callback once; false when this callback id was seen before (a replay). */
export async function recordWorkOrderCallback(
  db: Knex,
  input: { connection: string; callbackId: string; workOrderId: string; status: string },
): Promise<boolean> {
  const inserted = await db('work_order_callbacks')
    .insert({
      connection: input.connection,
      callback_id: input.callbackId,
      work_order_id: input.workOrderId,
      status: input.status,
    })
    .onConflict(['connection', 'callback_id'])
    .ignore()
    .returning('callback_id');
  return inserted.length === 1;
}

/** Undoes {@link recordWorkOrderCallback} when the callback could not be handed to the case. */
export async function forgetWorkOrderCallback(db: Knex, connection: string, callbackId: string): Promise<void> {
  await db('work_order_callbacks').where({ connection, callback_id: callbackId }).delete();
}

export interface CaseChange {
  id: string;
  caseId: string;
  sequence: number;
  type: string;
  at: string;
  step: string | null;
}

/**
 * Case changes after a position in the audit trail, oldest first: the outbound feed. Only entries
 * recorded at least `settleMs` ago are listed, so an entry still being written under a lower id
 * cannot be skipped by a reader whose cursor has moved past it.
 */
export async function listCaseChanges(
  db: Knex,
  options: { afterId: string; limit: number; settleMs: number; departments?: readonly string[] },
): Promise<CaseChange[]> {
  const query = db('audit_entries as a')
    .select('a.id', 'a.case_id', 'a.seq', 'a.event_type', 'a.occurred_at', db.raw("a.details->>'step' as step"))
    .where('a.id', '>', options.afterId)
    .whereNot('a.case_id', 'like', '\\_%')
    .where('a.recorded_at', '<=', db.raw(`now() - (? * interval '1 millisecond')`, [options.settleMs]))
    .orderBy('a.id')
    .limit(options.limit);
  if (options.departments)
    query.whereIn(
      'a.case_id',
      db('cases')
        .select('id')
        .whereIn('department_id', [...options.departments]),
    );
  const rows = (await query) as {
    id: string | number;
    case_id: string;
    seq: number;
    event_type: string;
    occurred_at: Date;
    step: string | null;
  }[];
  return rows.map((row) => ({
    id: String(row.id),
    caseId: row.case_id,
    sequence: row.seq,
    type: row.event_type,
    at: row.occurred_at.toISOString(),
    step: row.step,
  }));
}
