/**
 * The workflow's one way to send a notice. It hands the delivery to the notifications module's
 * `deliverNotification` when the worker has one; without it the message is only queued in the
 * outbox (idempotent by key), for a delivery loop to send.
 */
import type { Knex } from 'knex';
import type { JsonObject } from '../domain/audit';
import { enqueueNotification } from '../db';
import type { NotificationDelivery } from '../workflows/case-activities';

export type DeliverNotification = (delivery: NotificationDelivery) => Promise<unknown>;

export function createCaseNoticeActivities(deps: { db: Knex; deliver?: DeliverNotification }) {
  return {
    async sendNotification(delivery: NotificationDelivery): Promise<{ delivered: boolean; detail?: string }> {
      if (deps.deliver) {
        const result = await deps.deliver(delivery);
        return { delivered: true, ...(result !== undefined ? { detail: JSON.stringify(result).slice(0, 500) } : {}) };
      }
      const queued = await enqueueNotification(deps.db, {
        idempotencyKey: delivery.idempotencyKey,
        caseId: delivery.caseId,
        channel: delivery.channel,
        recipient: delivery.to,
        template: delivery.template,
        payload: JSON.parse(JSON.stringify({ builtIn: delivery.builtIn, definitionTemplate: delivery.definitionTemplate ?? null, variables: delivery.variables, recipientKind: delivery.recipientKind })) as JsonObject,
      });
      return { delivered: false, detail: queued.enqueued ? 'queued' : 'already queued' };
    },
  };
}
