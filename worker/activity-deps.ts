/**
 * The activities' dependencies built from the configuration: the one builder every process that runs
 * the case worker uses (worker/main.ts, `npm start`), so channels, SMS token and sender, and the
 * agency block cannot drift between them. `close` releases what it opened (the SMTP pool).
 */
import type { Knex } from 'knex';
import type { AppConfig } from '../config';
import { createNotificationChannels } from '../notifications';
import type { ActivitiesDeps } from '../activities/create-activities';
import { connectionsFromConfig } from '../client/connections';

export type ActivityDepsConfig = Pick<
  AppConfig,
  | 'connectionsFile'
  | 'env'
  | 'publicUrl'
  | 'smtp'
  | 'mailFrom'
  | 'smsProviderUrl'
  | 'smsProviderToken'
  | 'smsFrom'
  | 'agency'
> &
  Partial<Pick<AppConfig, 'documents' | 'surveyExpiryDays'>>;

export interface WorkerActivityDeps {
  readonly deps: ActivitiesDeps;
  close(): Promise<void>;
}

/**
 * The notification activities are always registered: letters need no mail server, so they are
 * produced (PDF, /letters) under a bare `npm start` too. Email and SMS notices wait in the outbox
 * until SMTP or an SMS gateway is configured.
 */
export function activityDepsFromConfig(config: ActivityDepsConfig, db: Knex): WorkerActivityDeps {
  const channels = createNotificationChannels(config);
  const { email, sms } = channels;
  const notifications = { ...(email ? { email } : {}), ...(sms ? { sms } : {}), agency: { ...config.agency } };
  return {
    deps: {
      db,
      publicUrl: config.publicUrl,
      connections: connectionsFromConfig(config),
      ...(config.surveyExpiryDays !== undefined ? { surveyExpiryDays: config.surveyExpiryDays } : {}),
      ...(config.documents ? { documentDir: config.documents.dir } : {}),
      notifications,
    },
    close: () => channels.close(),
  };
}
