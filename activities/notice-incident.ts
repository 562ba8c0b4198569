/**
 * A notice the outbox gave up on becomes an incident staff see: an entry in its case's audit trail
 * (the case page's timeline and its "not delivered" notice read it from there and from the outbox).
 * Notices without a case go to the platform stream. Idempotent by the notice's key.
 */
import type { Knex } from 'knex';
import { PLATFORM_AUDIT_STREAM } from '../domain/audit';
import { appendAuditEntry } from '../db/repositories/audit.repository';
import type { Notification } from '../db/repositories/notifications.repository';

export const NOTICE_UNDELIVERED_EVENT = 'notice-undelivered';

export async function recordUndeliveredNotice(db: Knex, notice: Notification, at: Date): Promise<void> {
  await appendAuditEntry(db, {
    caseId: notice.caseId ?? PLATFORM_AUDIT_STREAM,
    actor: { id: 'civicflow-notifications', kind: 'system' },
    occurredAt: at,
    eventType: NOTICE_UNDELIVERED_EVENT,
    // No recipient here: the trail is append-only, the address stays in the outbox only.
    details: {
      what: `${notice.template} by ${notice.channel}`,
      notificationId: notice.id,
      channel: notice.channel,
      template: notice.template,
      attempts: notice.attempts,
      reason: notice.lastError ?? 'no attempts left',
    },
    source: { channel: 'notifications' },
    idempotencyKey: `${NOTICE_UNDELIVERED_EVENT}:${notice.idempotencyKey}`,
  });
}
