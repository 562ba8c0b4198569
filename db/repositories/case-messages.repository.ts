/** Messages on a case: a resident's replies (in) and staff replies (out), by email or SMS. */
import type { Knex } from 'knex';

export interface CaseMessageInput {
  caseId: string;
  direction: 'in' | 'out';
  channel: 'email' | 'sms';
  sender: string;
  subject?: string;
  body: string;
  externalId?: string;
  verifiedSender?: boolean;
  createdAt?: Date;
}

export interface CaseMessage extends Required<Omit<CaseMessageInput, 'subject' | 'externalId' | 'createdAt'>> {
  id: number;
  subject: string | null;
  externalId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

interface CaseMessageRow {
  id: string | number;
  case_id: string;
  direction: 'in' | 'out';
  channel: 'email' | 'sms';
  sender: string;
  subject: string | null;
  body: string;
  external_id: string | null;
  verified_sender: boolean;
  created_at: Date;
  read_at: Date | null;
}

const toMessage = (row: CaseMessageRow): CaseMessage => ({
  id: Number(row.id),
  caseId: row.case_id,
  direction: row.direction,
  channel: row.channel,
  sender: row.sender,
  subject: row.subject,
  body: row.body,
  externalId: row.external_id,
  verifiedSender: row.verified_sender,
  createdAt: row.created_at,
  readAt: row.read_at,
});

export async function addCaseMessage(db: Knex, input: CaseMessageInput): Promise<CaseMessage> {
  const [row] = (await db('case_messages')
    .insert({
      case_id: input.caseId,
      direction: input.direction,
      channel: input.channel,
      sender: input.sender,
      subject: input.subject ?? null,
      body: input.body,
      external_id: input.externalId ?? null,
      verified_sender: input.verifiedSender ?? false,
      ...(input.createdAt ? { created_at: input.createdAt } : {}),
    })
    .onConflict(db.raw('(case_id, direction, external_id)'))
    .ignore()
    .returning('*')) as CaseMessageRow[];
  if (row) return toMessage(row);
  // Recorded by an earlier attempt (same external id): that row.
  const existing = await db<CaseMessageRow>('case_messages')
    .where({ case_id: input.caseId, direction: input.direction, external_id: input.externalId ?? null })
    .first();
  if (!existing) throw new Error(`case message ${input.externalId ?? ''} conflicted but cannot be found`);
  return toMessage(existing);
}

export async function listCaseMessages(db: Knex, caseId: string): Promise<CaseMessage[]> {
  const rows = await db<CaseMessageRow>('case_messages').where({ case_id: caseId }).orderBy('id');
  return rows.map(toMessage);
}

/** Staff opened the case: its incoming messages are no longer new. */
export async function markCaseMessagesRead(db: Knex, caseId: string, at: Date): Promise<void> {
  await db('case_messages').where({ case_id: caseId, direction: 'in' }).whereNull('read_at').update({ read_at: at });
}

/** New (unread) incoming messages per case, for the work list's "new message" flag. */
export async function countNewCaseMessages(db: Knex, caseIds: readonly string[]): Promise<Map<string, number>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db('case_messages')
    .whereIn('case_id', [...caseIds])
    .where({ direction: 'in' })
    .whereNull('read_at')
    .groupBy('case_id')
    .select<{ case_id: string; count: string | number }[]>('case_id', db.raw('count(*) as count'));
  return new Map(rows.map((row) => [row.case_id, Number(row.count)]));
}
