/**
 * The platform's resident notices in the language the resident chose on the portal (remembered on
 * the case): the case-received notice goes out through the workflow's notice activity and the
 * outbox to a real SMTP server process, in Spanish for a Spanish case and in English otherwise;
 * SMS texts follow the same choice, and the service's name and status labels are the definition's
 * translations (its `i18n` block).
 */
import { deliverClaimedNotification } from '../../activities/notification-delivery';
import { createCaseNoticeActivities } from '../../activities/case-notices.activities';
import { claimNotification, createCase, saveDefinitionDraft, setCaseLanguage } from '../../db';
import { loadShippedDefinitions } from '../../scripts/demo-seed';
import { createSmtpEmailSender, renderNotification, type EmailSender } from '../../notifications';
import type { NotificationDelivery } from '../../workflows/case-activities';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';
import { startSmtpTestServer, type SmtpTestServer } from './support/smtp-test-server';
import { AGENCY, TEMPLATE_FIXTURES } from './template-fixtures';

let t: TestDatabase;
let smtp: SmtpTestServer;
let email: EmailSender;

beforeAll(async () => {
  [t, smtp] = await Promise.all([createTestDatabase(), startSmtpTestServer()]);
  email = createSmtpEmailSender({
    smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
    from: 'MyLA311 <no-reply@la.example>',
  });
});
afterAll(async () => {
  await email?.close();
  await smtp?.close();
  await t?.drop();
});

function received(caseId: string, trackingNumber: string): NotificationDelivery {
  return {
    idempotencyKey: `${caseId}:received:applicant`,
    caseId,
    channel: 'email',
    to: `${caseId}@example.org`,
    recipientKind: 'applicant',
    template: 'case-received',
    builtIn: true,
    variables: {
      serviceName: 'bulky item pickup',
      trackingNumber,
      verificationCode: 'K7QP2MXA',
      receivedAt: '2026-11-20T18:30:00Z',
      expectedBy: '2026-11-27T18:30:00Z',
    },
  };
}

/** Queues the notice as the workflow's activity does, then sends it from the outbox over SMTP. */
async function sendReceived(caseId: string, trackingNumber: string) {
  const activities = createCaseNoticeActivities({ db: t.db, publicUrl: 'https://311.la.example' });
  const delivery = received(caseId, trackingNumber);
  await activities.sendNotification(delivery);
  const claimed = await claimNotification(t.db, delivery.idempotencyKey);
  if (!claimed) throw new Error('the notice could not be claimed');
  await deliverClaimedNotification({ db: t.db, email, agency: AGENCY }, claimed);
  const mail = smtp.received.find((r) => r.envelopeTo.includes(delivery.to));
  if (!mail) throw new Error(`no email to ${delivery.to}`);
  return mail.mail;
}

it('sends a Spanish case its received notice in Spanish, linking to the Spanish status page', async () => {
  await setCaseLanguage(t.db, 'case-es', 'es', new Date());
  const mail = await sendReceived('case-es', 'SR-2026-000042');
  expect(mail.subject).toBe('Recibimos su solicitud: bulky item pickup. Número de seguimiento SR-2026-000042');
  expect(mail.text).toContain(
    'Gracias. Recibimos su solicitud (bulky item pickup) el viernes, 20 de noviembre de 2026.',
  );
  expect(mail.text).toContain('Código de verificación');
  expect(mail.text).toContain('Queremos terminar antes del viernes, 27 de noviembre de 2026.');
  expect(mail.text).toContain('¿Preguntas? Llame al (555) 010-0311');
  expect(mail.text).toContain('https://311.la.example/portal/follow?lang=es&trackingNumber=SR-2026-000042');
  expect(mail.text).not.toContain('We received');
});

it('sends a case without a chosen language its received notice in English', async () => {
  const mail = await sendReceived('case-en', 'SR-2026-000043');
  expect(mail.subject).toBe('We received your bulky item pickup. Tracking number SR-2026-000043');
  expect(mail.text).toContain('Thank you. We received your bulky item pickup on Friday, November 20, 2026.');
  expect(mail.text).toContain('https://311.la.example/portal/follow?lang=en&trackingNumber=SR-2026-000043');
});

it('writes every resident SMS in the chosen language', () => {
  const residentTemplates = [
    'case-received',
    'status-changed',
    'information-requested',
    'decision',
    'case-closed',
    'case-reopened',
  ] as const;
  for (const template of residentTemplates) {
    const english = renderNotification(template, { ...TEMPLATE_FIXTURES[template] });
    const spanish = renderNotification(template, { ...TEMPLATE_FIXTURES[template], language: 'es' });
    expect(spanish.sms).not.toBe(english.sms);
    expect(spanish.sms).toMatch(/solicitud/);
    expect(spanish.subject).not.toBe(english.subject);
  }
  expect(renderNotification('case-closed', { ...TEMPLATE_FIXTURES['case-closed'], language: 'es' }).sms).toContain(
    'Puede volver a abrirla hasta el',
  );
});

it('names the service and its new status as the definition translates them', async () => {
  const definition = loadShippedDefinitions().find((d) => d.id === 'service-complaint')!;
  await saveDefinitionDraft(t.db, {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    contentHash: definition.hash,
    yamlSource: 'shipped',
    compiled: definition,
    createdBy: 'test',
  });
  const created = await createCase(t.db, {
    id: 'case-es-status',
    definitionId: definition.id,
    definitionVersion: definition.version,
    definitionHash: definition.hash,
    residentStatus: 'assigned',
  });
  await setCaseLanguage(t.db, 'case-es-status', 'es', new Date());
  const delivery: NotificationDelivery = {
    idempotencyKey: 'case-es-status:status:applicant',
    caseId: 'case-es-status',
    channel: 'email',
    to: 'ana@example.org',
    recipientKind: 'applicant',
    template: 'status-changed',
    builtIn: true,
    variables: {
      serviceName: definition.title,
      status: 'assigned',
      statusLabel: 'Sent to the crew',
      trackingNumber: created.record.trackingNumber,
      changedAt: '2026-11-23T17:00:00Z',
    },
  };
  await createCaseNoticeActivities({ db: t.db, publicUrl: 'https://311.la.example' }).sendNotification(delivery);
  const claimed = await claimNotification(t.db, delivery.idempotencyKey);
  await deliverClaimedNotification({ db: t.db, email, agency: AGENCY }, claimed!);
  const mail = smtp.received.find((r) => r.envelopeTo.includes('ana@example.org'))!.mail;
  expect(mail.subject).toContain('Queja de servicio 311');
  expect(mail.subject).toContain('Enviada a la cuadrilla');
  expect(mail.text).not.toContain(definition.title);
  expect(mail.text).not.toContain('Sent to the crew');
});
