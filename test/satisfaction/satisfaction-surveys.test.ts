/**
 * Satisfaction surveys on real Postgres: the close projection (the worker's real `recordCaseStep`)
 * queues the invitation once per close in the resident's language, the outbox delivers it to a real
 * SMTP server with a one-time link (only its hash is stored; the link leaves the outbox once sent);
 * the resident answers once, a second answer and an expired link are refused and change nothing;
 * texts stopped with STOP and residents who want no messages get none; supervisors see low ratings of
 * their departments only and mark them reviewed; the dashboard figures count them. All audited.
 */
import { randomUUID } from 'node:crypto';
import { createCaseRecordActivities } from '../../activities/case-record.activities';
import { deliverClaimedNotification } from '../../activities/notification-delivery';
import type { Principal } from '../../api/auth/principal';
import { createSatisfactionService } from '../../api/services/satisfaction-service';
import {
  claimNotification,
  createCase,
  recordSmsKeyword,
  satisfactionReport,
  setCaseLanguage,
  sha256Hex,
} from '../../db';
import { createSmtpEmailSender, type EmailSender } from '../../notifications';
import type { ResidentContact } from '../../domain/case';
import type { CaseProjectionWrite } from '../../workflows/case-activities';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';
import { startSmtpTestServer, type SmtpTestServer } from '../notifications/support/smtp-test-server';
import { AGENCY } from '../notifications/template-fixtures';

let t: TestDatabase;
let smtp: SmtpTestServer;
let email: EmailSender;
let now = new Date('2026-11-20T18:00:00Z');
const clock = () => now;
const source = { ip: '203.0.113.9', channel: 'web' };

beforeAll(async () => {
  [t, smtp] = await Promise.all([createTestDatabase(), startSmtpTestServer()]);
  email = createSmtpEmailSender({
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
    from: 'City 311 <no-reply@city.example>',
  });
});
afterAll(async () => {
  await email?.close();
  await smtp?.close();
  await t?.drop();
});

const supervisor = (departmentId: string): Principal => ({
  kind: 'user',
  id: `supervisor-${departmentId}`,
  roles: ['supervisor'],
  departmentId,
  grants: {},
  scopes: [],
});

function closedProjection(
  caseId: string,
  trackingNumber: string,
  departmentId: string,
  status = 'closed',
): CaseProjectionWrite {
  return {
    caseId,
    sequence: 2,
    definitionId: 'pothole',
    definitionVersion: '1.0.0',
    definitionHash: 'abc',
    status,
    residentStatus: 'resolved',
    currentSteps: [],
    assigneeId: null,
    departmentId,
    priority: 'normal',
    slaDueAt: null,
    statutoryDueAt: null,
    statutoryClockPaused: false,
    escalationLevel: 0,
    caseData: { trackingNumber },
    outcome: 'resolved',
    retentionClass: null,
    tasks: [],
    completedSteps: [],
    updatedAt: now.toISOString(),
    closedAt: now.toISOString(),
  };
}

/** A case with this resident, closed through the worker's projection activity (twice: a retry). */
async function closeCase(
  contact: ResidentContact,
  options: { language?: string; departmentId?: string; status?: string } = {},
) {
  const id = randomUUID();
  const departmentId = options.departmentId ?? 'streets';
  const { record } = await createCase(t.db, {
    id,
    definitionId: 'pothole',
    definitionVersion: '1.0.0',
    definitionHash: 'abc',
    residentStatus: 'received',
    departmentId,
    residentContact: contact,
  });
  if (options.language) await setCaseLanguage(t.db, id, options.language, now);
  const activities = createCaseRecordActivities({
    db: t.db,
    publicUrl: 'https://311.city.example',
    surveyExpiryDays: 30,
    now: clock,
  });
  for (let attempt = 0; attempt < 2; attempt += 1)
    await activities.recordCaseStep({
      caseId: id,
      audit: [],
      projection: closedProjection(id, record.trackingNumber, departmentId, options.status),
    });
  return { id, trackingNumber: record.trackingNumber };
}

/** Sends the case's survey notice from the outbox over SMTP and returns the mail and the link's token. */
async function deliverSurvey(caseId: string) {
  const row = await t
    .db('notifications')
    .where({ case_id: caseId, template: 'satisfaction-survey' })
    .first<{ idempotency_key: string; recipient: string }>();
  const claimed = await claimNotification(t.db, row.idempotency_key);
  if (!claimed) throw new Error('the survey notice could not be claimed');
  await deliverClaimedNotification({ db: t.db, email, agency: AGENCY }, claimed);
  const mail = smtp.received.find((r) => r.envelopeTo.includes(row.recipient))!.mail;
  const token = /\/portal\/survey\/([A-Za-z0-9_-]+)\?lang=/.exec(mail.text ?? '')![1];
  return { mail, token, key: row.idempotency_key };
}

const auditTypes = async (caseId: string) =>
  (
    await t.db('audit_entries').where({ case_id: caseId }).orderBy('seq').select<{ event_type: string }[]>('event_type')
  ).map((r) => r.event_type);

it('queues one invitation per close through the outbox, in the resident language, with a link whose token is stored only as a hash', async () => {
  const es = await closeCase({ name: 'Rosa', email: 'rosa@example.org' }, { language: 'es' });
  expect(await t.db('satisfaction_surveys').where({ case_id: es.id })).toHaveLength(1);
  expect(await t.db('notifications').where({ case_id: es.id, template: 'satisfaction-survey' })).toHaveLength(1);

  const { mail, token, key } = await deliverSurvey(es.id);
  expect(mail.subject).toBe(`¿Cómo atendimos su solicitud (pothole, ${es.trackingNumber})?`);
  expect(mail.text).toContain(`https://311.city.example/portal/survey/${token}?lang=es`);
  const stored = await t
    .db('satisfaction_surveys')
    .where({ case_id: es.id })
    .first<{ token_hash: string; language: string; channel: string }>();
  expect(stored).toMatchObject({ token_hash: sha256Hex(token), language: 'es', channel: 'email' });
  expect(JSON.stringify(await t.db('satisfaction_surveys').where({ case_id: es.id }))).not.toContain(token);
  // Once sent, the link is scrubbed from the outbox like a verification code.
  const sent = await t.db('notifications').where({ idempotency_key: key }).first<{ state: string; payload: unknown }>();
  expect(sent.state).toBe('sent');
  expect(JSON.stringify(sent.payload)).not.toContain(token);
  expect(await auditTypes(es.id)).toEqual(['survey-sent']);

  const en = await closeCase({ email: 'ann@example.org' });
  expect((await deliverSurvey(en.id)).mail.subject).toBe(`How did we do with your pothole (${en.trackingNumber})?`);
});

it('takes one answer: a bad rating is asked again, a second answer and an expired link are refused and change nothing', async () => {
  const surveys = createSatisfactionService({ db: t.db, clock });
  const closed = await closeCase({ email: 'bo@example.org' });
  const { token } = await deliverSurvey(closed.id);

  expect(await surveys.open(token, source)).toMatchObject({
    state: 'open',
    trackingNumber: closed.trackingNumber,
    language: 'en',
  });
  expect(await surveys.open('not-a-token', source)).toEqual({ state: 'unknown' });
  const invalid = await surveys.answer(token, { rating: '7', comment: 'x'.repeat(2001) }, source);
  expect(invalid).toMatchObject({
    outcome: 'invalid',
    problems: [
      { field: 'rating', code: 'RATING_MISSING' },
      { field: 'comment', code: 'COMMENT_TOO_LONG' },
    ],
  });

  expect(
    await surveys.answer(token, { rating: '2', comment: '  The crew left the hole half filled.  ' }, source),
  ).toMatchObject({ outcome: 'saved' });
  expect(await surveys.answer(token, { rating: '5', comment: 'Changed my mind' }, source)).toMatchObject({
    outcome: 'refused',
    view: { state: 'answered' },
  });
  expect(await surveys.open(token, source)).toMatchObject({ state: 'answered' });
  const row = await t
    .db('satisfaction_surveys')
    .where({ case_id: closed.id })
    .first<{ rating: number; comment: string }>();
  expect(row).toMatchObject({ rating: 2, comment: 'The crew left the hole half filled.' });
  expect(await auditTypes(closed.id)).toEqual([
    'survey-sent',
    'survey-opened',
    'survey-answered',
    'survey-answer-refused',
    'survey-opened',
  ]);
  const answered = await t
    .db('audit_entries')
    .where({ case_id: closed.id, event_type: 'survey-answered' })
    .first<{ actor_kind: string; actor_id: string; source: unknown }>();
  expect(answered).toMatchObject({ actor_kind: 'resident', actor_id: `resident:${closed.trackingNumber}` });

  const late = await closeCase({ email: 'cy@example.org' });
  const { token: lateToken } = await deliverSurvey(late.id);
  const saved = now;
  now = new Date(saved.getTime() + 31 * 86_400_000);
  try {
    expect(await surveys.open(lateToken, source)).toMatchObject({ state: 'expired' });
    expect(await surveys.answer(lateToken, { rating: '4', comment: '' }, source)).toMatchObject({
      outcome: 'refused',
      view: { state: 'expired' },
    });
  } finally {
    now = saved;
  }
  expect(await t.db('satisfaction_surveys').where({ case_id: late.id }).first('rating')).toEqual({ rating: null });
});

it('asks nobody who stopped texts, wants no messages, gave no address or withdrew the request, and says why on the audit trail', async () => {
  await recordSmsKeyword(t.db, '+15550100777', 'STOP', now);
  const stopped = await closeCase({ phone: '+15550100777', preferredChannel: 'sms' });
  const none = await closeCase({ email: 'quiet@example.org', preferredChannel: 'none' });
  const withdrawn = await closeCase({ email: 'wd@example.org' }, { status: 'withdrawn' });
  const texted = await closeCase({ phone: '+15550100778', preferredChannel: 'sms' });
  for (const c of [stopped, none, withdrawn])
    expect(await t.db('notifications').where({ case_id: c.id, template: 'satisfaction-survey' })).toHaveLength(0);
  expect(await auditTypes(stopped.id)).toEqual(['survey-not-sent']);
  expect(await auditTypes(none.id)).toEqual(['survey-not-sent']);
  expect(await auditTypes(withdrawn.id)).toEqual([]);
  expect(
    await t
      .db('notifications')
      .where({ case_id: texted.id, template: 'satisfaction-survey' })
      .first('channel', 'recipient'),
  ).toEqual({ channel: 'sms', recipient: '+15550100778' });
});

it('puts low ratings on the list of their department supervisors until one marks them reviewed, and counts them by service and department', async () => {
  const surveys = createSatisfactionService({ db: t.db, clock });
  const parks = await closeCase({ email: 'dee@example.org' }, { departmentId: 'parks' });
  const { token } = await deliverSurvey(parks.id);
  await surveys.answer(token, { rating: '1', comment: 'Nobody came.' }, source);

  const listed = await surveys.lowRatings(supervisor('parks'), source);
  expect(listed.map((s) => [s.trackingNumber, s.rating, s.comment])).toEqual([
    [parks.trackingNumber, 1, 'Nobody came.'],
  ]);
  expect((await surveys.lowRatings(supervisor('streets'), source)).map((s) => s.caseId)).not.toContain(parks.id);
  await expect(surveys.markReviewed(supervisor('streets'), listed[0].id, source)).rejects.toMatchObject({
    code: 'NOT_FOUND',
  });
  await expect(surveys.lowRatings({ ...supervisor('parks'), roles: ['staff'] }, source)).rejects.toMatchObject({
    code: 'FORBIDDEN',
  });

  expect(await surveys.markReviewed(supervisor('parks'), listed[0].id, source)).toEqual({ marked: true });
  expect(await surveys.markReviewed(supervisor('parks'), listed[0].id, source)).toEqual({ marked: false });
  expect(await surveys.lowRatings(supervisor('parks'), source)).toEqual([]);
  const reviewed = await t.db('audit_entries').where({ case_id: parks.id, event_type: 'survey-reviewed' });
  expect(reviewed).toHaveLength(1);
  expect(reviewed[0]).toMatchObject({ actor_id: 'supervisor-parks', actor_kind: 'staff' });
  expect(await t.db('audit_entries').where({ event_type: 'satisfaction.low-ratings.read' })).toHaveLength(3);

  const byDepartment = await satisfactionReport(t.db, 'department', {
    from: new Date(now.getTime() - 1000),
    to: new Date(now.getTime() + 1000),
    departmentIds: ['parks'],
  });
  expect(byDepartment).toEqual([{ key: 'parks', sent: 1, answered: 1, averageRating: 1, low: 1 }]);
  const byService = await satisfactionReport(t.db, 'definition', {});
  expect(byService).toEqual([{ key: 'pothole', sent: 6, answered: 2, averageRating: 1.5, low: 2 }]);
});
