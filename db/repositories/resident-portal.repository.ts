/** The resident portal's tables: a case's chosen language and resident inquiries (documents released to a resident are those marked `documents.releasable`). */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface ResidentInquiry {
  id: string;
  caseId: string;
  departmentId: string | null;
  question: string;
  askedAt: Date;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
}

interface InquiryRow {
  id: string;
  case_id: string;
  department_id: string | null;
  question: string;
  asked_at: Date;
  answer: string | null;
  answered_by: string | null;
  answered_at: Date | null;
}

const INQUIRY_COLUMNS = [
  'id',
  'case_id',
  'department_id',
  'question',
  'asked_at',
  'answer',
  'answered_by',
  'answered_at',
];

const toInquiry = (row: InquiryRow): ResidentInquiry => ({
  id: row.id,
  caseId: row.case_id,
  departmentId: row.department_id,
  question: row.question,
  askedAt: new Date(row.asked_at),
  answer: row.answer,
  answeredBy: row.answered_by,
  answeredAt: row.answered_at ? new Date(row.answered_at) : null,
});

export async function setCaseLanguage(db: Knex, caseId: string, language: string, now: Date): Promise<void> {
  await db('resident_case_preferences')
    .insert({ case_id: caseId, language, updated_at: now })
    .onConflict('case_id')
    .merge(['language', 'updated_at']);
}

export async function getCaseLanguage(db: Knex, caseId: string): Promise<string | undefined> {
  const row = (await db('resident_case_preferences').select('language').where({ case_id: caseId }).first()) as
    { language: string } | undefined;
  return row?.language;
}

/**
 * Stores a question once per `requestKey` (the ask form's idempotency key): a re-post of the same
 * form finds the first and says it was not created again.
 */
export async function addInquiry(
  db: Knex,
  input: { caseId: string; departmentId: string | null; question: string; now: Date; requestKey?: string },
): Promise<{ inquiry: ResidentInquiry; created: boolean }> {
  const row: InquiryRow = {
    id: randomUUID(),
    case_id: input.caseId,
    department_id: input.departmentId,
    question: input.question,
    asked_at: input.now,
    answer: null,
    answered_by: null,
    answered_at: null,
  };
  if (input.requestKey === undefined) {
    await db('resident_inquiries').insert(row);
    return { inquiry: toInquiry(row), created: true };
  }
  const inserted = (await db('resident_inquiries')
    .insert({ ...row, request_key: input.requestKey })
    .onConflict(['case_id', 'request_key'])
    .ignore()
    .returning('id')) as unknown[];
  if (inserted.length === 1) return { inquiry: toInquiry(row), created: true };
  const first = (await db('resident_inquiries')
    .select(...INQUIRY_COLUMNS)
    .where({ case_id: input.caseId, request_key: input.requestKey })
    .first()) as InquiryRow;
  return { inquiry: toInquiry(first), created: false };
}

export async function listCaseInquiries(db: Knex, caseId: string): Promise<ResidentInquiry[]> {
  const rows = (await db('resident_inquiries')
    .select('*')
    .where({ case_id: caseId })
    .orderBy([{ column: 'asked_at' }, { column: 'id' }])) as InquiryRow[];
  return rows.map(toInquiry);
}

/** Unanswered inquiries of these departments (undefined: all), oldest first. */
export async function listOpenInquiries(
  db: Knex,
  departmentIds: readonly string[] | undefined,
  limit = 200,
): Promise<ResidentInquiry[]> {
  const query = db('resident_inquiries').select('*').whereNull('answered_at');
  if (departmentIds) query.whereIn('department_id', [...departmentIds]);
  const rows = (await query.orderBy([{ column: 'asked_at' }, { column: 'id' }]).limit(limit)) as InquiryRow[];
  return rows.map(toInquiry);
}

export async function getInquiry(db: Knex, id: string): Promise<ResidentInquiry | undefined> {
  const row = (await db('resident_inquiries').select('*').where({ id }).first()) as InquiryRow | undefined;
  return row ? toInquiry(row) : undefined;
}

/** Answers an open inquiry; false when it was already answered (a second answer would be lost on the resident). */
export async function answerInquiry(
  db: Knex,
  input: { id: string; answer: string; answeredBy: string; now: Date },
): Promise<boolean> {
  const updated = await db('resident_inquiries')
    .where({ id: input.id })
    .whereNull('answered_at')
    .update({ answer: input.answer, answered_by: input.answeredBy, answered_at: input.now });
  return updated === 1;
}

/** Where a wizard's upload waits until its request exists (a holder id, not a case: nothing lists it). */
export const PENDING_UPLOAD_PREFIX = 'portal-upload:';

/** Moves a waiting wizard upload onto its new case; false when it is not waiting (already moved, unknown). */
export async function claimPendingUpload(
  db: Knex,
  input: { documentId: string; caseId: string; uploadedBy: string },
): Promise<boolean> {
  const moved = await db('documents')
    .where({ id: input.documentId })
    .whereLike('case_id', `${PENDING_UPLOAD_PREFIX}%`)
    .update({ case_id: input.caseId, uploaded_by: input.uploadedBy });
  return moved === 1;
}

/**
 * Removes wizard uploads whose request was never sent (still waiting, kept before `before`) and
 * returns the disk paths of their content for the caller to delete. A request sent meanwhile has
 * moved its upload onto its case, and the row no longer matches.
 */
export async function deleteAbandonedUploads(
  db: Knex,
  before: Date,
  limit = 500,
): Promise<{ removed: number; documentPaths: string[] }> {
  const rows = await db<{ id: string; case_id: string; uploaded_at: Date; storage_path: string | null }>('documents')
    .whereIn(
      'id',
      db('documents')
        .select('id')
        .whereLike('case_id', `${PENDING_UPLOAD_PREFIX}%`)
        .andWhere('uploaded_at', '<', before)
        .limit(limit),
    )
    .whereLike('case_id', `${PENDING_UPLOAD_PREFIX}%`)
    .delete()
    .returning(['storage_path']);
  return {
    removed: rows.length,
    documentPaths: rows.map((row) => row.storage_path).filter((p): p is string => p !== null),
  };
}
