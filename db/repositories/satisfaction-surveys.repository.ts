/**
 * Satisfaction surveys (migration 0023): the invitation sent when a case closes, the resident's one
 * answer, the figures by service and department, and the low ratings supervisors review. Lookups by
 * token go through its sha256; the token itself is never stored here.
 */
import type { Knex } from 'knex';
import type { ReportWindow } from './reports.query';

/** Ratings at or below this reach the supervisors' list. */
export const LOW_RATING = 2;

export interface SurveyInvitation {
  id: string;
  caseId: string;
  closedAt: Date;
  tokenHash: string;
  channel: string;
  language: string;
  sentAt: Date;
  expiresAt: Date;
}

export interface SurveyRecord extends SurveyInvitation {
  trackingNumber: string;
  definitionId: string;
  definitionVersion: string;
  departmentId: string | null;
  rating: number | null;
  comment: string | null;
  answeredAt: Date | null;
  reviewedAt: Date | null;
  reviewedBy: string | null;
}

interface SurveyRow {
  id: string;
  case_id: string;
  closed_at: Date;
  token_hash: string;
  channel: string;
  language: string;
  sent_at: Date;
  expires_at: Date;
  rating: number | null;
  comment: string | null;
  answered_at: Date | null;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  tracking_number: string;
  definition_id: string;
  definition_version: string;
  department_id: string | null;
}

function toRecord(row: SurveyRow): SurveyRecord {
  return {
    id: row.id,
    caseId: row.case_id,
    closedAt: row.closed_at,
    tokenHash: row.token_hash,
    channel: row.channel,
    language: row.language,
    sentAt: row.sent_at,
    expiresAt: row.expires_at,
    trackingNumber: row.tracking_number,
    definitionId: row.definition_id,
    definitionVersion: row.definition_version,
    departmentId: row.department_id,
    rating: row.rating === null ? null : Number(row.rating),
    comment: row.comment,
    answeredAt: row.answered_at,
    reviewedAt: row.reviewed_at,
    reviewedBy: row.reviewed_by,
  };
}

const withCase = (db: Knex) =>
  db('satisfaction_surveys as s')
    .join('cases as c', 'c.id', 's.case_id')
    .select('s.*', 'c.tracking_number', 'c.definition_id', 'c.definition_version', 'c.department_id');

/** Records an invitation once per close of a case; false when this close already has one. */
export async function createSurveyInvitation(db: Knex, invitation: SurveyInvitation): Promise<boolean> {
  const inserted = await db('satisfaction_surveys')
    .insert({
      id: invitation.id,
      case_id: invitation.caseId,
      closed_at: invitation.closedAt,
      token_hash: invitation.tokenHash,
      channel: invitation.channel,
      language: invitation.language,
      sent_at: invitation.sentAt,
      expires_at: invitation.expiresAt,
    })
    .onConflict(['case_id', 'closed_at'])
    .ignore()
    .returning('id');
  return inserted.length > 0;
}

export async function findSurveyByTokenHash(db: Knex, tokenHash: string): Promise<SurveyRecord | undefined> {
  const row = await withCase(db).where('s.token_hash', tokenHash).first<SurveyRow | undefined>();
  return row ? toRecord(row) : undefined;
}

export async function findSurvey(db: Knex, id: string): Promise<SurveyRecord | undefined> {
  const row = await withCase(db).where('s.id', id).first<SurveyRow | undefined>();
  return row ? toRecord(row) : undefined;
}

export async function listCaseSurveys(db: Knex, caseId: string): Promise<SurveyRecord[]> {
  const rows = (await withCase(db).where('s.case_id', caseId).orderBy('s.sent_at', 'desc')) as SurveyRow[];
  return rows.map(toRecord);
}

/** Writes the answer if none was written and the link has not expired at `at`; false otherwise (the first answer stands). */
export async function answerSurvey(
  db: Knex,
  id: string,
  answer: { rating: number; comment: string | null; at: Date },
): Promise<boolean> {
  const updated = await db('satisfaction_surveys')
    .where({ id })
    .whereNull('answered_at')
    .where('expires_at', '>', answer.at)
    .update({ rating: answer.rating, comment: answer.comment, answered_at: answer.at });
  return updated === 1;
}

export interface SatisfactionRow {
  /** definition id or department id (null: no department). */
  key: string | null;
  sent: number;
  answered: number;
  averageRating: number | null;
  low: number;
}

/** Invitations sent in the window, by service or by the department holding the case: answers, average and low ratings. */
export async function satisfactionReport(
  db: Knex,
  groupBy: 'definition' | 'department',
  window: ReportWindow,
): Promise<SatisfactionRow[]> {
  const column = groupBy === 'definition' ? 'c.definition_id' : 'c.department_id';
  const query = db('satisfaction_surveys as s')
    .join('cases as c', 'c.id', 's.case_id')
    .select(
      db.raw(`${column} as key`),
      db.raw('count(*)::int as sent'),
      db.raw('count(s.answered_at)::int as answered'),
      db.raw('round(avg(s.rating)::numeric, 2) as average'),
      db.raw('count(*) filter (where s.rating <= ?)::int as low', [LOW_RATING]),
    )
    .groupBy(column)
    .orderBy(column);
  if (window.from) void query.where('s.sent_at', '>=', window.from);
  if (window.to) void query.where('s.sent_at', '<', window.to);
  if (window.departmentIds) void query.whereIn('c.department_id', [...window.departmentIds]);
  const rows = (await query) as {
    key: string | null;
    sent: number;
    answered: number;
    average: string | null;
    low: number;
  }[];
  return rows.map((r) => ({
    key: r.key,
    sent: Number(r.sent),
    answered: Number(r.answered),
    averageRating: r.average === null ? null : Number(r.average),
    low: Number(r.low),
  }));
}

/** Answered low ratings nobody has reviewed, oldest first, in the given departments (undefined: all). */
export async function listLowRatingsToReview(
  db: Knex,
  options: { departmentIds?: readonly string[]; limit?: number } = {},
): Promise<SurveyRecord[]> {
  const query = withCase(db)
    .whereNotNull('s.answered_at')
    .where('s.rating', '<=', LOW_RATING)
    .whereNull('s.reviewed_at')
    .orderBy('s.answered_at')
    .limit(options.limit ?? 200);
  if (options.departmentIds) void query.whereIn('c.department_id', [...options.departmentIds]);
  const rows = (await query) as SurveyRow[];
  return rows.map(toRecord);
}

/** Marks a low rating reviewed; false when it was already reviewed (the first mark stands). */
export async function markSurveyReviewed(db: Knex, id: string, by: string, at: Date): Promise<boolean> {
  const updated = await db('satisfaction_surveys')
    .where({ id })
    .whereNotNull('answered_at')
    .whereNull('reviewed_at')
    .update({ reviewed_at: at, reviewed_by: by });
  return updated === 1;
}
