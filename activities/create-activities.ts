/**
 * The activities the case worker registers: read model and audit, recipients, notices (joined with
 * the notifications module's activities) and the automated-action registry. Dependencies come in here
 * once; nothing below reads configuration.
 */
import type { Knex } from 'knex';
import type { CaseActivities } from '../workflows/case-activities';
import type { DispositionActivities } from '../workflows/disposition-contract';
import { WORK_ORDER_ACTIVITY, type Connections } from '../domain/connections';
import type { HousekeepingActivities } from '../workflows/periodic-contract';
import {
  createAutomatedActionActivities,
  SHIPPED_AUTOMATED_ACTIONS,
  type AutomatedActionRegistry,
} from './automated-actions';
import { createCaseNoticeActivities } from './case-notices.activities';
import { createCaseRecordActivities } from './case-record.activities';
import { createDispositionActivities } from './disposition.activities';
import { createHousekeepingActivities } from './housekeeping.activities';
import { createRecipientActivities } from './case-recipients.activities';
import { createWorkOrderSender } from './work-order.activities';
import {
  createNotificationActivities,
  deliverableChannels,
  type NotificationActivityDeps,
} from './notification.activities';

export interface ActivitiesDeps {
  db: Knex;
  /** Base URL residents and staff see in messages (links). */
  publicUrl?: string;
  automatedActions?: AutomatedActionRegistry;
  /** Channels (SMTP sender, SMS provider) and the agency for notices; absent: notices are only queued in
   *  the outbox. Present without email or SMS: letters are still produced, the rest waits in the outbox. */
  notifications?: Omit<NotificationActivityDeps, 'db'>;
  /** Days a satisfaction survey link works (config SURVEY_EXPIRY_DAYS). */
  surveyExpiryDays?: number;
  /** Root of disk-stored documents, so disposal can remove their files (config DOCUMENT_DIR). */
  documentDir?: string;
  /** Departments' systems work orders go to (process-definitions/connections, secrets resolved). */
  connections?: Connections;
}

export type AllActivities = CaseActivities &
  DispositionActivities &
  HousekeepingActivities &
  Partial<ReturnType<typeof createNotificationActivities>>;

export function createActivities(deps: ActivitiesDeps): AllActivities {
  const notifications = deps.notifications
    ? createNotificationActivities({ ...deps.notifications, db: deps.db })
    : undefined;
  return {
    ...createCaseRecordActivities(deps),
    ...createRecipientActivities(deps),
    ...createCaseNoticeActivities({
      db: deps.db,
      ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
      ...(notifications && deps.notifications
        ? { deliver: notifications.deliverNotification, deliverable: deliverableChannels(deps.notifications) }
        : {}),
    }),
    ...createAutomatedActionActivities({
      // A registry given here (a test's stand-in) may replace the work-order sender too.
      automatedActions: {
        [WORK_ORDER_ACTIVITY]: createWorkOrderSender({
          db: deps.db,
          connections: deps.connections ?? {},
          ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
        }),
        ...(deps.automatedActions ?? SHIPPED_AUTOMATED_ACTIONS),
      },
    }),
    ...(notifications ?? {}),
    ...createDispositionActivities({
      db: deps.db,
      ...(deps.documentDir !== undefined ? { documentDir: deps.documentDir } : {}),
    }),
    ...createHousekeepingActivities({
      db: deps.db,
      ...(deps.documentDir !== undefined ? { documentDir: deps.documentDir } : {}),
    }),
  };
}
