/**
 * The activities' dependencies built from the configuration: the one builder every process that runs
 * the case worker uses (worker/main.ts, `npm start`), so channels, SMS token and sender, and the
 * agency block cannot drift between them. `close` releases what it opened (the SMTP pool).
 */
import type { Knex } from 'knex';
import type { AppConfig } from '../config';
import { createNotificationChannels } from '../notifications';
import type { ActivitiesDeps } from '../activities/create-activities';

export type ActivityDepsConfig = Pick<AppConfig, 'publicUrl' | 'smtp' | 'mailFrom' | 'smsProviderUrl' | 'smsProviderToken' | 'smsFrom' | 'agency'> & Partial<Pick<AppConfig, 'documents' | 'surveyExpiryDays'>>;

export interface WorkerActivityDeps {
  readonly deps: ActivitiesDeps;
  close(): Promise<void>;
}

/** Without SMTP or an SMS gateway, notices wait in the outbox for a later delivery. */
export function activityDepsFromConfig(config: ActivityDepsConfig, db: Knex): WorkerActivityDeps {
  const channels = createNotificationChannels(config);
  const { email, sms } = channels;
  const notifications = email || sms ? { ...(email ? { email } : {}), ...(sms ? { sms } : {}), agency: { ...config.agency } } : undefined;
  return {
    deps: { db, publicUrl: config.publicUrl, ...(config.surveyExpiryDays !== undefined ? { surveyExpiryDays: config.surveyExpiryDays } : {}), ...(config.documents ? { documentDir: config.documents.dir } : {}), ...(notifications ? { notifications } : {}) },
    close: () => channels.close(),
  };
}
