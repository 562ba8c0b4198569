/**
 * The API test environment (real Postgres, embedded Temporal server, case worker) plus the email
 * intake and a real SMTP server that the acknowledgements are delivered to by the outbox sweep.
 */
import { createNotificationActivities } from '../../../activities/notification.activities';
import { createMailIntake, type MailIntake, type MailIntakeConfig } from '../../../api/inbound/mail-intake';
import { createSmtpEmailSender, type EmailSender } from '../../../notifications';
import { buildWebApp } from '../../../ui/web-app';
import { startApiEnv, type ApiEnv } from '../../api/support/api-harness';
import { startSmtpTestServer, type SmtpTestServer } from '../../notifications/support/smtp-test-server';
import { AGENCY } from '../../notifications/template-fixtures';

export const MAIL_CONFIG: MailIntakeConfig = {
  routes: new Map([['permits@springfield.example', 'building-permit']]),
  defaultDefinitionId: 'service-complaint',
  ownAddresses: new Set(['no-reply@springfield.example']),
  maxMessageBytes: 200_000,
  maxCasesPerSenderPerHour: 5,
  publicUrl: 'https://springfield.example',
};

export interface MailIntakeEnv {
  api: ApiEnv;
  intake: MailIntake;
  /** Where the outbox sends (acknowledgements). */
  outgoing: SmtpTestServer;
  /** Runs the outbox sweep once (what the schedule does). */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

export async function startMailIntakeEnv(): Promise<MailIntakeEnv> {
  // With the pages, so staff can read and answer the messages on the case page.
  const [api, outgoing] = await Promise.all([startApiEnv({ build: buildWebApp }), startSmtpTestServer()]);
  const intake = createMailIntake({
    db: api.t.db,
    cases: api.civic.services.cases,
    temporal: api.client,
    clock: () => new Date(),
    config: MAIL_CONFIG,
  });
  const email: EmailSender = createSmtpEmailSender({
    smtp: { host: '127.0.0.1', port: outgoing.port, secure: false },
    from: 'Springfield 311 <no-reply@springfield.example>',
  });
  const notices = createNotificationActivities({ db: api.t.db, email, agency: AGENCY });
  return {
    api,
    intake,
    outgoing,
    sweep: async () => {
      await notices.deliverDueNotifications(500);
    },
    async close() {
      await email.close();
      await outgoing.close();
      await api.close();
    },
  };
}
