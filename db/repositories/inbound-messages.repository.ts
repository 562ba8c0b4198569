/**
 * Messages that came in by email or SMS: each recorded once by its key before anything is done with
 * it, and its outcome after. A message whose row has an outcome is never processed again; one
 * without (a crash mid-way) is processed again with the same key, and what it does is idempotent.
 */
import type { Knex } from 'knex';

export type InboundChannel = 'email' | 'sms';
export type InboundOutcome = 'case-created' | 'reply-attached' | 'status-answered' | 'keyword-recorded' | 'ignored';

export interface InboundMessageRecord {
  id: number;
  dedupeKey: string;
  outcome: InboundOutcome | null;
  reason: string | null;
  caseId: string | null;
}

interface InboundRow {
  id: string | number;
  dedupe_key: string;
  outcome: InboundOutcome | null;
  reason: string | null;
  case_id: string | null;
}

const toRecord = (row: InboundRow): InboundMessageRecord => ({
  id: Number(row.id),
  dedupeKey: row.dedupe_key,
  outcome: row.outcome,
  reason: row.reason,
  caseId: row.case_id,
});

/** Records the message's arrival (or finds the earlier one with the same key). */
export async function beginInboundMessage(
  db: Knex,
  input: { channel: InboundChannel; dedupeKey: string; sender?: string },
): Promise<InboundMessageRecord> {
  await db('inbound_messages')
    .insert({ channel: input.channel, dedupe_key: input.dedupeKey, sender: input.sender ?? null })
    .onConflict('dedupe_key')
    .ignore();
  const row = await db<InboundRow>('inbound_messages').where({ dedupe_key: input.dedupeKey }).first();
  if (!row) throw new Error(`inbound message ${input.dedupeKey} vanished`);
  return toRecord(row);
}

export async function finishInboundMessage(
  db: Knex,
  id: number,
  result: { outcome: InboundOutcome; reason?: string; caseId?: string },
): Promise<void> {
  await db('inbound_messages')
    .where({ id })
    .update({ outcome: result.outcome, reason: result.reason?.slice(0, 500) ?? null, case_id: result.caseId ?? null });
}

/** Cases a sender opened by message since `since` (a cap on floods and loops). */
export async function countCasesOpenedBy(db: Knex, sender: string, since: Date): Promise<number> {
  const row = (await db('inbound_messages')
    .where({ sender, outcome: 'case-created' })
    .where('received_at', '>=', since)
    .count('* as count')
    .first()) as { count: string | number } | undefined;
  return Number(row?.count ?? 0);
}

/** The case of a notice we sent with one of these Message-IDs (a reply's In-Reply-To/References). */
export async function findCaseOfSentMessage(db: Knex, messageIds: readonly string[]): Promise<string | undefined> {
  if (messageIds.length === 0) return undefined;
  const notice = await db('notifications')
    .whereIn('provider_message_id', [...messageIds])
    .whereNotNull('case_id')
    .first<{ case_id: string } | undefined>('case_id');
  if (notice) return notice.case_id;
  const message = await db('case_messages')
    .whereIn('external_id', [...messageIds])
    .first<{ case_id: string } | undefined>('case_id');
  return message?.case_id;
}

export type SmsKeyword = 'STOP' | 'START' | 'HELP';

/** Records a keyword a phone number sent; STOP opts it out of texts, START back in, HELP changes nothing. */
export async function recordSmsKeyword(db: Knex, phone: string, keyword: SmsKeyword, at: Date): Promise<void> {
  const optedOut = keyword === 'STOP' ? true : keyword === 'START' ? false : undefined;
  await db('sms_contacts')
    .insert({ phone, opted_out: optedOut ?? false, last_keyword: keyword, updated_at: at })
    .onConflict('phone')
    .merge({ last_keyword: keyword, updated_at: at, ...(optedOut !== undefined ? { opted_out: optedOut } : {}) });
}

export async function isSmsOptedOut(db: Knex, phone: string): Promise<boolean> {
  const row = await db('sms_contacts').where({ phone }).first<{ opted_out: boolean } | undefined>('opted_out');
  return row?.opted_out === true;
}

/** The case of the latest text we sent to this number (a reply without a tracking number). */
export async function findCaseTextedTo(db: Knex, phone: string): Promise<string | undefined> {
  const row = await db('notifications')
    .where({ channel: 'sms', recipient: phone })
    .whereNotNull('case_id')
    .orderBy('id', 'desc')
    .first<{ case_id: string } | undefined>('case_id');
  return row?.case_id;
}
