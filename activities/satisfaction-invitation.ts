/**
 * The satisfaction survey invitation, queued when the close projection lands (not by the interpreter:
 * running cases' histories stay as they were recorded). Once per close of a case: a one-time portal
 * link (only its sha256 is kept) in the resident's language, by the channel they chose, put in the
 * outbox for the delivery sweep. Nobody reachable (no address, no messages wanted, texts stopped):
 * nothing is sent, and the audit trail says why.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  appendAuditEntry,
  createSurveyInvitation,
  enqueueNotification,
  getCase,
  getCaseLanguage,
  getDefinition,
  isSmsOptedOut,
  sha256Hex,
} from '../db';
import type { CaseRecord } from '../domain/case';
import type { CompiledDefinition } from '../domain/definition';
import { residentAddresses } from './case-recipients.activities';
import { residentStatusUrl } from './resident-language';

export const DEFAULT_SURVEY_EXPIRY_DAYS = 30;

export interface SurveyInvitationDeps {
  db: Knex;
  /** Base URL of the portal the link opens. */
  publicUrl?: string;
  /** How long the link works (SURVEY_EXPIRY_DAYS). */
  surveyExpiryDays?: number;
  now?: () => Date;
}

export type SurveyInvitationOutcome = 'queued' | 'already-invited' | 'unreachable' | 'not-closed';

/** The portal page a survey link opens. */
export function surveyUrl(base: string, token: string, language: string): string {
  return `${base.replace(/\/$/, '')}/portal/survey/${encodeURIComponent(token)}?lang=${encodeURIComponent(language)}`;
}

const SYSTEM = { id: 'system', kind: 'system' } as const;

async function reachableAddress(db: Knex, record: CaseRecord) {
  const contact = record.residentContact;
  // A survey is a link to answer online: a letter asks for nothing.
  const address = contact
    ? (await residentAddresses(db, contact, 'applicant', { wantSms: false, wantLetter: false })).find(
        (a) => a.channel !== 'letter',
      )
    : undefined;
  if (address) return { address };
  if (contact?.phone && (await isSmsOptedOut(db, contact.phone)))
    return { reason: 'the resident stopped texts (STOP)' };
  return { reason: 'no email or mobile number the resident wants messages at' };
}

export async function inviteToSurvey(deps: SurveyInvitationDeps, caseId: string): Promise<SurveyInvitationOutcome> {
  const record = await getCase(deps.db, caseId);
  // A request the resident withdrew is not one to rate.
  if (!record?.closedAt || record.status === 'withdrawn') return 'not-closed';
  const closedAt = record.closedAt;
  const auditKey = `survey:${caseId}:${closedAt.toISOString()}`;
  const found = await reachableAddress(deps.db, record);
  if (!found.address) {
    await appendAuditEntry(deps.db, {
      caseId,
      actor: SYSTEM,
      occurredAt: closedAt,
      eventType: 'survey-not-sent',
      details: { reason: found.reason },
      idempotencyKey: auditKey,
    });
    return 'unreachable';
  }
  const now = deps.now?.() ?? new Date();
  const language = (await getCaseLanguage(deps.db, caseId)) ?? 'en';
  const token = randomBytes(32).toString('base64url');
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + (deps.surveyExpiryDays ?? DEFAULT_SURVEY_EXPIRY_DAYS) * 86_400_000);
  const created = await createSurveyInvitation(deps.db, {
    id,
    caseId,
    closedAt,
    tokenHash: sha256Hex(token),
    channel: found.address.channel,
    language,
    sentAt: now,
    expiresAt,
  });
  if (!created) return 'already-invited';
  const base = deps.publicUrl ?? 'http://localhost:3000';
  const definition = (await getDefinition(deps.db, record.definitionId, record.definitionVersion))?.compiled as
    CompiledDefinition | undefined;
  await enqueueNotification(deps.db, {
    idempotencyKey: `survey:${id}`,
    caseId,
    channel: found.address.channel,
    recipient: found.address.to,
    template: 'satisfaction-survey',
    payload: {
      data: {
        serviceName: definition?.title ?? record.definitionId,
        trackingNumber: record.trackingNumber,
        language,
        surveyUrl: surveyUrl(base, token, language),
        statusUrl: residentStatusUrl(base, record.trackingNumber, language),
        expiresAt: expiresAt.toISOString(),
        audience: 'resident',
      },
    },
    availableAt: now,
  });
  await appendAuditEntry(deps.db, {
    caseId,
    actor: SYSTEM,
    occurredAt: now,
    eventType: 'survey-sent',
    details: { surveyId: id, channel: found.address.channel, language, expiresAt: expiresAt.toISOString() },
    idempotencyKey: auditKey,
  });
  return 'queued';
}
