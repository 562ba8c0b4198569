/**
 * Migrations are TypeScript modules imported statically and handed to knex through a
 * MigrationSource, so they run the same under ts-node, jest and a compiled build (no directory scan,
 * no file-extension guessing).
 */
import type { Knex } from 'knex';
import * as directory from './0001-directory';
import * as definitions from './0002-definitions';
import * as cases from './0003-cases';
import * as audit from './0004-audit';
import * as notifications from './0005-notifications';
import * as documents from './0006-documents';
import * as idempotencyKeys from './0007-idempotency-keys';
import * as auditHeads from './0008-audit-heads';
import * as notificationDueMillis from './0009-notification-due-millis';
import * as webSessions from './0010-web-sessions';
import * as idempotencyReservations from './0011-idempotency-reservations';
import * as savedViews from './0012-saved-views';
import * as channels from './0013-channels';
import * as casePredictions from './0014-case-predictions';
import * as records from './0015-records';
import * as residentPortal from './0016-resident-portal';
import * as studioDrafts from './0017-studio-drafts';
import * as signInFactors from './0018-sign-in-factors';
import * as oneReleaseConcept from './0020-one-release-concept';
import * as knowledgeBase from './0021-knowledge-base';
import * as workOrders from './0022-work-orders';
import * as sharedThrottleAndAsks from './0025-shared-throttle-and-asks';
import * as satisfactionSurveys from './0023-satisfaction-surveys';
import * as casesDepartmentSlaDue from './0026-cases-department-sla-due';
import * as oneStatementStepWrites from './0027-one-statement-step-writes';
import * as stepFunctionsPlanPerCall from './0028-step-functions-plan-per-call';

const MIGRATIONS: ReadonlyArray<readonly [string, Knex.Migration]> = [
  ['0001-directory', directory],
  ['0002-definitions', definitions],
  ['0003-cases', cases],
  ['0004-audit', audit],
  ['0005-notifications', notifications],
  ['0006-documents', documents],
  ['0007-idempotency-keys', idempotencyKeys],
  ['0008-audit-heads', auditHeads],
  ['0009-notification-due-millis', notificationDueMillis],
  ['0010-web-sessions', webSessions],
  ['0011-idempotency-reservations', idempotencyReservations],
  ['0012-saved-views', savedViews],
  ['0013-channels', channels],
  ['0014-case-predictions', casePredictions],
  ['0015-records', records],
  ['0016-resident-portal', residentPortal],
  ['0017-studio-drafts', studioDrafts],
  ['0018-sign-in-factors', signInFactors],
  ['0020-one-release-concept', oneReleaseConcept],
  ['0021-knowledge-base', knowledgeBase],
  ['0022-work-orders', workOrders],
  ['0025-shared-throttle-and-asks', sharedThrottleAndAsks],
  ['0023-satisfaction-surveys', satisfactionSurveys],
  ['0026-cases-department-sla-due', casesDepartmentSlaDue],
  ['0027-one-statement-step-writes', oneStatementStepWrites],
  ['0028-step-functions-plan-per-call', stepFunctionsPlanPerCall],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(MIGRATIONS.map(([name]) => name)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const found = MIGRATIONS.find(([candidate]) => candidate === name);
    if (!found) return Promise.reject(new Error(`unknown migration ${name}`));
    return Promise.resolve(found[1]);
  },
};

export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map(([name]) => name);
