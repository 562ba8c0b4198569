/**
 * The workflow's one way to send a notice: maps a resolved delivery onto the notifications module's
 * `deliverNotification` (outbox + SMTP/SMS, idempotent by key) and fills the variables its templates
 * need (links, audience). A notice on a channel that is not configured (email without SMTP, SMS
 * without a gateway) is only queued in the outbox, in the same payload shape, for the sweep to send
 * once it is; letters need no channel.
 */
import type { Knex } from 'knex';
import type { JsonObject } from '../domain/audit';
import type { JsonValue } from '../domain/definition';
import { enqueueNotification } from '../db';
import type { NotificationChannel } from '../db/repositories/notifications.repository';
import type { NotificationDelivery } from '../workflows/case-activities';
import type { DeliverNotificationInput, DeliverNotificationResult } from './notification.activities';
import { residentNoticeText, residentStatusUrl } from './resident-language';

export type DeliverNotification = (input: DeliverNotificationInput) => Promise<DeliverNotificationResult>;

/** Template variables: case data and context, plus links and the audience the frame needs. */
export function noticeData(delivery: NotificationDelivery, publicUrl: string | undefined): JsonObject {
  const base = (publicUrl ?? 'http://localhost:3000').replace(/\/$/, '');
  const data: Record<string, JsonValue> = { ...delivery.variables };
  const tracking = typeof data.trackingNumber === 'string' ? data.trackingNumber : delivery.caseId;
  data.trackingNumber = tracking;
  data.caseUrl ??= `${base}/cases/${encodeURIComponent(delivery.caseId)}`;
  data.statusUrl ??= `${base}/status/${encodeURIComponent(tracking)}`;
  data.portalUrl ??= base;
  data.audience = delivery.recipientKind === 'applicant' ? 'resident' : 'staff';
  // The authored decision notices state appeal rights in their own words; the frame's structured
  // appeal block needs a deadline the definition does not give.
  delete data.appealable;
  return JSON.parse(JSON.stringify(data)) as JsonObject;
}

export interface CaseNoticeDeps {
  db: Knex;
  publicUrl?: string;
  deliver?: DeliverNotification;
  /** The channels `deliver` can send now; a notice on any other waits in the outbox. */
  deliverable?: readonly NotificationChannel[];
}

export function createCaseNoticeActivities(deps: CaseNoticeDeps) {
  return {
    async sendNotification(delivery: NotificationDelivery): Promise<{ delivered: boolean; detail?: string }> {
      const data = noticeData(delivery, deps.publicUrl);
      let authored = delivery.definitionTemplate
        ? {
            ...(delivery.definitionTemplate.subject !== undefined
              ? { subject: delivery.definitionTemplate.subject }
              : {}),
            body: delivery.definitionTemplate.body,
          }
        : undefined;
      // A resident reads the notice in the language they chose on the portal, and its link opens the portal's status page.
      if (delivery.recipientKind === 'applicant') {
        const text = await residentNoticeText(deps.db, delivery.caseId, delivery.template);
        if (authored && text.translated) authored = text.translated;
        // The platform's resident templates read it (EN or ES); an authored template ignores it.
        data.language = text.language;
        // The service and its status in the same language, where the definition translates them.
        if (text.serviceName) data.serviceName = text.serviceName;
        const statusLabel = typeof data.status === 'string' ? text.statuses?.[data.status] : undefined;
        if (statusLabel) data.statusLabel = statusLabel;
        data.statusUrl = residentStatusUrl(
          deps.publicUrl ?? 'http://localhost:3000',
          typeof data.trackingNumber === 'string' ? data.trackingNumber : delivery.caseId,
          text.language,
        );
      }
      if (deps.deliver && (deps.deliverable ?? ['email', 'sms', 'letter']).includes(delivery.channel)) {
        const result = await deps.deliver({
          idempotencyKey: delivery.idempotencyKey,
          caseId: delivery.caseId,
          channel: delivery.channel,
          recipient: delivery.to,
          template: delivery.template,
          data,
          ...(authored ? { definitionTemplate: authored } : {}),
        });
        return { delivered: true, detail: result.status };
      }
      const queued = await enqueueNotification(deps.db, {
        idempotencyKey: delivery.idempotencyKey,
        caseId: delivery.caseId,
        channel: delivery.channel,
        recipient: delivery.to,
        template: delivery.template,
        payload: authored ? { data, definitionTemplate: authored } : { data },
      });
      return { delivered: false, detail: queued.enqueued ? 'queued' : 'already queued' };
    },
  };
}
