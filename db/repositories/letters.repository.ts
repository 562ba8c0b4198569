/** Letters queued for printing: one per `letter` notice, with its PDF, until staff mark it printed. */
import type { Knex } from 'knex';
import { DbError } from '../errors';

export interface LetterInput {
  notificationId: number;
  caseId?: string;
  recipientName?: string;
  address: string;
  subject: string;
  pdf: Buffer;
}

export interface LetterSummary {
  id: number;
  notificationId: number;
  caseId: string | null;
  recipientName: string | null;
  address: string;
  subject: string;
  createdAt: Date;
  printedAt: Date | null;
  printedBy: string | null;
}

interface LetterRow {
  id: string | number;
  notification_id: string | number;
  case_id: string | null;
  recipient_name: string | null;
  address: string;
  subject: string;
  created_at: Date;
  printed_at: Date | null;
  printed_by: string | null;
}

const COLUMNS = [
  'id',
  'notification_id',
  'case_id',
  'recipient_name',
  'address',
  'subject',
  'created_at',
  'printed_at',
  'printed_by',
];

const toSummary = (row: LetterRow): LetterSummary => ({
  id: Number(row.id),
  notificationId: Number(row.notification_id),
  caseId: row.case_id,
  recipientName: row.recipient_name,
  address: row.address,
  subject: row.subject,
  createdAt: row.created_at,
  printedAt: row.printed_at,
  printedBy: row.printed_by,
});

/** Queues the letter of a notice (once: a retried delivery finds the first). Returns its id. */
export async function queueLetter(db: Knex, input: LetterInput): Promise<number> {
  await db('letters')
    .insert({
      notification_id: input.notificationId,
      case_id: input.caseId ?? null,
      recipient_name: input.recipientName ?? null,
      address: input.address,
      subject: input.subject,
      pdf: input.pdf,
    })
    .onConflict('notification_id')
    .ignore();
  const row = await db('letters')
    .where({ notification_id: input.notificationId })
    .first<{ id: string | number } | undefined>('id');
  if (!row) throw new Error(`letter of notification ${input.notificationId} vanished`);
  return Number(row.id);
}

/** Letters of cases in these departments (undefined: all), unprinted first, newest first within. */
export async function listLetters(
  db: Knex,
  options: { departmentIds?: readonly string[]; limit?: number } = {},
): Promise<LetterSummary[]> {
  const query = db('letters').select<LetterRow[]>(COLUMNS.map((column) => `letters.${column}`));
  if (options.departmentIds !== undefined)
    query.join('cases', 'cases.id', 'letters.case_id').whereIn('cases.department_id', [...options.departmentIds]);
  const rows = await query
    .orderByRaw('letters.printed_at is not null, letters.created_at desc')
    .limit(options.limit ?? 200);
  return rows.map(toSummary);
}

export async function getLetter(db: Knex, id: number): Promise<(LetterSummary & { pdf: Buffer }) | undefined> {
  const row = await db('letters').where({ id }).first<(LetterRow & { pdf: Buffer }) | undefined>();
  return row ? { ...toSummary(row), pdf: row.pdf } : undefined;
}

/** Marks a letter printed (the first mark stands). */
export async function markLetterPrinted(db: Knex, id: number, by: string, at: Date): Promise<LetterSummary> {
  await db('letters').where({ id }).whereNull('printed_at').update({ printed_at: at, printed_by: by });
  const row = await db('letters').where({ id }).first<LetterRow | undefined>(COLUMNS);
  if (!row) throw new DbError('LETTER_NOT_FOUND', `letter ${id} not found`, { id });
  return toSummary(row);
}
