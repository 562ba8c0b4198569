/**
 * Messages that came in by email or SMS: each recorded once by its key before anything is done with
 * it, and its outcome after. A message whose row has an outcome is never processed again; one
 * without (a crash mid-way) is processed again with the same key, and what it does is idempotent.
 */
import type { Knex } from 'knex';

export type InboundChannel = 'email' | 'sms';
export type InboundOutcome = 'case-created' | 'reply-attached' | 'status-answered' | 'ignored';

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

const toRecord = (row: InboundRow): InboundMessageRecord => ({ id: Number(row.id), dedupeKey: row.dedupe_key, outcome: row.outcome, reason: row.reason, caseId: row.case_id });

/** Records the message's arrival (or finds the earlier one with the same key). */
export async function beginInboundMessage(db: Knex, input: { channel: InboundChannel; dedupeKey: string; sender?: string }): Promise<InboundMessageRecord> {
  await db('inbound_messages').insert({ channel: input.channel, dedupe_key: input.dedupeKey, sender: input.sender ?? null }).onConflict('dedupe_key').ignore();
  const row = await db<InboundRow>('inbound_messages').where({ dedupe_key: input.dedupeKey }).first();
  if (!row) throw new Error(`inbound message ${input.dedupeKey} vanished`);
  return toRecord(row);
}

export async function finishInboundMessage(db: Knex, id: number, result: { outcome: InboundOutcome; reason?: string; caseId?: string }): Promise<void> {
  await db('inbound_messages').where({ id }).update({ outcome: result.outcome, reason: result.reason?.slice(0, 500) ?? null, case_id: result.caseId ?? null });
}

/** Cases a sender opened by message since `since` (a cap on floods and loops). */
export async function countCasesOpenedBy(db: Knex, sender: string, since: Date): Promise<number> {
  const row = (await db('inbound_messages').where({ sender, outcome: 'case-created' }).where('received_at', '>=', since).count('* as count').first()) as { count: string | number } | undefined;
  return Number(row?.count ?? 0);
}

/** The case of a notice we sent with one of these Message-IDs (a reply's In-Reply-To/References). */
export async function findCaseOfSentMessage(db: Knex, messageIds: readonly string[]): Promise<string | undefined> {
  if (messageIds.length === 0) return undefined;
  const notice = await db('notifications').whereIn('provider_message_id', [...messageIds]).whereNotNull('case_id').first<{ case_id: string } | undefined>('case_id');
  if (notice) return notice.case_id;
  const message = await db('case_messages').whereIn('external_id', [...messageIds]).first<{ case_id: string } | undefined>('case_id');
  return message?.case_id;
}
