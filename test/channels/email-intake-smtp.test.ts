/**
 * Email in through the embedded SMTP receiver, sent by a real SMTP client (nodemailer): a new
 * message opens a case with the sender as contact, the body as description and the attachment as a
 * document, and its acknowledgement carries the tracking number; replies thread to the case by
 * tracking number and by In-Reply-To; auto-replies, bounces, loops, oversized and malformed mail
 * open nothing; a repeated message opens one case; a stranger's reply reads and moves nothing.
 */
import { createTransport, type Transporter } from 'nodemailer';
import { auth } from '../api/support/api-harness';
import { jsonBody } from '../api/support/json-body';
import type { StartedCase } from '../../api/services';
import { csrfOf } from '../ui/support/csrf';
import { listCaseMessages, listCaseNotifications, listAuditEntries, getCase } from '../../db';
import { startSmtpReceiver, type SmtpReceiver } from '../../api/inbound/smtp-receiver';
import { MAIL_CONFIG, startMailIntakeEnv, type MailIntakeEnv } from './support/mail-intake-env';
import { signedInAgent } from '../ui/support/web-env';
import { waitFor } from '../support/until';

let env: MailIntakeEnv;
let receiver: SmtpReceiver;
let client: Transporter;

beforeAll(async () => {
  env = await startMailIntakeEnv();
  receiver = await startSmtpReceiver(env.intake, {
    port: 0,
    host: '127.0.0.1',
    maxMessageBytes: MAIL_CONFIG.maxMessageBytes,
  });
  client = createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
}, 120_000);
afterAll(async () => {
  client?.close();
  await receiver?.close();
  await env?.close();
});

const db = () => env.api.t.db;
const casesNow = async () => Number(((await db()('cases').count('* as n').first()) as { n: string }).n);
const inbound = async (messageId: string) =>
  db()('inbound_messages')
    .where({ dedupe_key: `email:${messageId}` })
    .first<{ outcome: string; reason: string | null; case_id: string | null }>();

describe('email in by SMTP', () => {
  let caseId: string;
  let trackingNumber: string;

  it('opens a case from a new message, with the attachment, and acknowledges it with the tracking number', async () => {
    await client.sendMail({
      from: 'Rosa Vecina <rosa@example.org>',
      to: '311@springfield.example',
      subject: 'Sofa dumped on Elm St',
      text: 'Someone left a sofa and two mattresses outside 12 Elm St three days ago.',
      messageId: '<new-1@example.org>',
      attachments: [{ filename: 'sofa.txt', content: 'photo notes', contentType: 'text/plain' }],
    });
    const row = await inbound('<new-1@example.org>');
    expect(row).toMatchObject({ outcome: 'case-created' });
    caseId = row?.case_id ?? 'missing';
    const record = await getCase(db(), caseId);
    if (!record) throw new Error('case not registered');
    trackingNumber = record.trackingNumber;
    expect(record).toMatchObject({
      definitionId: 'service-complaint',
      channel: 'email',
      title: 'Sofa dumped on Elm St',
    });
    expect(record.caseData).toMatchObject({ channel: 'email', category: 'other' });
    expect(record.caseData.description).toEqual(expect.stringContaining('a sofa and two mattresses'));
    expect(record.residentContact).toMatchObject({
      email: 'rosa@example.org',
      name: 'Rosa Vecina',
      preferredChannel: 'email',
    });
    const documents = await env.api.civic.services.cases.listDocuments(
      {
        kind: 'api-key',
        id: 't',
        roles: [],
        departmentId: null,
        grants: { allDepartments: true },
        scopes: ['cases:read'],
      },
      caseId,
    );
    expect(documents.map((d) => d.filename)).toEqual(['sofa.txt']);

    await env.sweep();
    const ack = env.outgoing.received.find((r) => r.envelopeTo.includes('rosa@example.org'));
    expect(ack?.mail.subject).toContain(trackingNumber);
    expect(ack?.mail.text).toContain('Verification code:');
  });

  it('sends the same message twice (a sender retrying) and opens one case', async () => {
    const before = await casesNow();
    const message = {
      from: 'ben@example.org',
      to: '311@springfield.example',
      subject: 'Streetlight out',
      text: 'The light at Oak and 3rd is out.',
      messageId: '<twice@example.org>',
    };
    await client.sendMail(message);
    await client.sendMail(message);
    expect(await casesNow()).toBe(before + 1);
  });

  it('attaches replies to the case, by tracking number and by the notice they answer', async () => {
    await client.sendMail({
      from: 'rosa@example.org',
      to: '311@springfield.example',
      subject: `Re: your request ${trackingNumber}`,
      text: 'It is still there.',
      messageId: '<reply-1@example.org>',
    });
    const ack = env.outgoing.received.find((r) => r.envelopeTo.includes('rosa@example.org'))!;
    await client.sendMail({
      from: 'rosa@example.org',
      to: '311@springfield.example',
      subject: 'More',
      text: 'Now there is a fridge too.',
      messageId: '<reply-2@example.org>',
      inReplyTo: ack.mail.messageId,
      references: [ack.mail.messageId!],
    });
    const messages = await listCaseMessages(db(), caseId);
    expect(messages.map((m) => [m.body, m.verifiedSender])).toEqual([
      ['It is still there.', true],
      ['Now there is a fridge too.', true],
    ]);
    expect(
      (await listAuditEntries(db(), caseId)).filter((e) => e.eventType === 'resident-message-received'),
    ).toHaveLength(2);
  });

  it('opens nothing for auto-replies, bounces, loops, bulk, oversized or malformed mail', async () => {
    const before = await casesNow();
    const outboxBefore = (await db()('notifications').count('* as n').first()) as { n: string };
    await client.sendMail({
      from: 'away@example.org',
      to: '311@springfield.example',
      subject: 'Out of office',
      text: 'I am away.',
      messageId: '<auto@example.org>',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await client.sendMail({
      from: 'MAILER-DAEMON@mx.example.org',
      to: '311@springfield.example',
      subject: 'Undelivered Mail Returned to Sender',
      text: 'failed',
      messageId: '<bounce@example.org>',
    });
    await client.sendMail({
      from: 'no-reply@springfield.example',
      to: '311@springfield.example',
      subject: 'We received your request',
      text: 'loop',
      messageId: '<loop@example.org>',
    });
    await client.sendMail({
      from: 'news@example.org',
      to: '311@springfield.example',
      subject: 'Newsletter',
      text: 'news',
      messageId: '<bulk@example.org>',
      headers: { 'List-Id': '<news.example.org>' },
    });
    for (const [id, reason] of [
      ['<auto@example.org>', 'auto-reply'],
      ['<bounce@example.org>', 'bounce'],
      ['<loop@example.org>', 'loop'],
      ['<bulk@example.org>', 'bulk'],
    ]) {
      expect(await inbound(id)).toMatchObject({ outcome: 'ignored', reason });
    }
    // Too big: refused by the receiver itself.
    await expect(
      client.sendMail({
        from: 'big@example.org',
        to: '311@springfield.example',
        subject: 'Big',
        text: 'x'.repeat(MAIL_CONFIG.maxMessageBytes + 10),
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
    // Broken MIME: a multipart with no boundary and garbage headers.
    const broken = await env.intake.receive(
      Buffer.from('From: \u0000\u0001<<<\r\nContent-Type: multipart/mixed\r\n\r\n--\r\n\u0000garbage'),
      {},
    );
    expect(broken.outcome).toBe('ignored');
    expect(await casesNow()).toBe(before);
    expect((await db()('notifications').count('* as n').first()) as { n: string }).toEqual(outboxBefore);
  });

  it('keeps a stranger’s reply for staff to judge, tells them nothing and moves nothing', async () => {
    const outboxBefore = (await listCaseNotifications(db(), caseId)).length;
    await client.sendMail({
      from: 'mallory@evil.example',
      to: '311@springfield.example',
      subject: `Re: ${trackingNumber} status?`,
      text: 'Send me the details',
      messageId: '<spoof@evil.example>',
    });
    const messages = await listCaseMessages(db(), caseId);
    expect(messages.at(-1)).toMatchObject({ sender: 'mallory@evil.example', verifiedSender: false });
    expect((await inbound('<spoof@evil.example>'))?.reason).toBe('sender is not the case contact');
    expect(await listCaseNotifications(db(), caseId)).toHaveLength(outboxBefore);
    await env.sweep();
    expect(env.outgoing.received.some((r) => r.envelopeTo.includes('mallory@evil.example'))).toBe(false);
  });

  it('shows the messages to staff, who answer by email on the resident’s thread', async () => {
    const agent = await signedInAgent(env.api, 'supervisor');
    // The work list flags the case: the resident wrote.
    expect((await agent.get('/work?list=team')).text).toMatch(
      new RegExp(`${trackingNumber}</a><span class="usa-tag cf-tag-new">3 new messages</span>`),
    );
    const page = await agent.get(`/cases/${caseId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Messages with the resident');
    expect(page.text).toContain('Now there is a fridge too.');
    expect(page.text).toContain('>New<');
    expect(page.text).toContain("Not the resident's address");
    // Seen: no longer new.
    const again = await agent.get(`/cases/${caseId}`);
    expect(again.text).not.toContain('>New<');

    const empty = await agent
      .post(`/cases/${caseId}/messages`)
      .type('form')
      .send({ _csrf: csrfOf(again.text), idempotencyKey: 'reply-0000001', text: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter your reply to the resident');
    const sent = await agent
      .post(`/cases/${caseId}/messages`)
      .type('form')
      .send({
        _csrf: csrfOf(again.text),
        idempotencyKey: 'reply-0000002',
        text: 'Thank you. The crew will collect both on Monday.',
      });
    expect(sent.status).toBe(303);
    // The same form posted twice sends one reply.
    await agent
      .post(`/cases/${caseId}/messages`)
      .type('form')
      .send({
        _csrf: csrfOf(again.text),
        idempotencyKey: 'reply-0000002',
        text: 'Thank you. The crew will collect both on Monday.',
      });
    await env.sweep();
    const replies = env.outgoing.received.filter(
      (r) => r.envelopeTo.includes('rosa@example.org') && r.mail.text?.includes('collect both on Monday'),
    );
    expect(replies).toHaveLength(1);
    expect(replies[0].mail.subject).toBe('Re: More (' + trackingNumber + ')');
    expect(replies[0].mail.inReplyTo).toBe('<reply-2@example.org>');
    expect((await listAuditEntries(db(), caseId)).some((e) => e.eventType === 'staff-message-sent')).toBe(true);

    // The resident answers the staff reply: it threads back by In-Reply-To alone.
    await client.sendMail({
      from: 'rosa@example.org',
      to: '311@springfield.example',
      subject: 'Monday is fine',
      text: 'Monday is fine.',
      messageId: '<reply-3@example.org>',
      inReplyTo: replies[0].mail.messageId,
    });
    expect((await listCaseMessages(db(), caseId)).at(-1)).toMatchObject({
      body: 'Monday is fine.',
      direction: 'in',
      verifiedSender: true,
    });
  });

  it('wakes the step waiting on the applicant when the applicant writes back', async () => {
    const created = await env.api.http
      .post('/api/v1/cases')
      .set(auth(env.api.tokens.permitClerk))
      .send({
        definitionId: 'building-permit',
        data: {
          applicantName: 'Omar Owner',
          applicantEmail: 'omar@example.org',
          propertyAddress: '300 S Main St',
          workType: 'alteration',
          projectDescription: 'New beam',
        },
        residentContact: { name: 'Omar Owner', email: 'omar@example.org' },
      });
    expect(created.status).toBe(201);
    const permit = jsonBody<StartedCase>(created);
    const asked = await env.api.http
      .post(`/api/v1/cases/${permit.case.id}/actions`)
      .set(auth(env.api.tokens.permitClerk))
      .send({ step: 'intake-review', action: 'request-information', data: { missingItems: 'The parcel number' } });
    expect(asked.status).toBe(200);
    expect((await getCase(db(), permit.case.id))?.currentSteps.map((s) => s.stepId)).toEqual(['awaiting-applicant']);

    await client.sendMail({
      from: 'omar@example.org',
      to: 'permits@springfield.example',
      subject: `Re: ${permit.trackingNumber} missing information`,
      text: 'The parcel number is 5161-003-901.',
      messageId: '<wake@example.org>',
    });
    expect(await inbound('<wake@example.org>')).toMatchObject({ outcome: 'reply-attached' });
    // The workflow takes the event and moves on to the completeness check again.
    await waitFor(
      'the case back at intake review',
      async () => (await getCase(db(), permit.case.id))?.currentSteps[0]?.stepId === 'intake-review',
    );
    expect((await listAuditEntries(db(), permit.case.id)).some((e) => e.eventType === 'event-received')).toBe(true);
  });
});
