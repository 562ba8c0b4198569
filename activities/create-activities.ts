/**
 * The activities the case worker registers: read model and audit, recipients, notices and the
 * automated-action registry. Dependencies come in here once; nothing below reads configuration.
 */
import type { Knex } from 'knex';
import type { CaseActivities } from '../workflows/case-activities';
import { createAutomatedActionActivities, type AutomatedActionRegistry } from './automated-actions';
import { createCaseNoticeActivities, type DeliverNotification } from './case-notices.activities';
import { createCaseRecordActivities } from './case-record.activities';
import { createRecipientActivities } from './case-recipients.activities';

export interface ActivitiesDeps {
  db: Knex;
  /** Base URL residents see in messages. */
  publicUrl?: string;
  automatedActions?: AutomatedActionRegistry;
  /** Sends one notice (the notifications module); absent: notices are only queued in the outbox. */
  deliver?: DeliverNotification;
}

export function createActivities(deps: ActivitiesDeps): CaseActivities {
  return {
    ...createCaseRecordActivities(deps),
    ...createRecipientActivities(deps),
    ...createCaseNoticeActivities(deps),
    ...createAutomatedActionActivities(deps),
  };
}
