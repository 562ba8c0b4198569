/**
 * Messages on a case (issue 11): what the resident wrote in (email replies) and what staff answered.
 * A staff reply goes out by email through the outbox (never lost, one per idempotency key) on the
 * resident's thread: In-Reply-To/References of their last message, and the tracking number in the
 * subject so their next reply threads back to the case.
 */
import type { Knex } from 'knex';
import {
  addCaseMessage,
  appendAuditEntry,
  enqueueNotification,
  listCaseMessages,
  markCaseMessagesRead,
  type CaseMessage,
} from '../../db';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { demand, findVisibleCase } from './case-access';
import type { RequestSource } from './service-deps';

export const STAFF_REPLY_MAX_LENGTH = 10_000;

/** `email:<id@host>` (the intake's key of a message) → `<id@host>`. */
function messageIdOf(message: CaseMessage): string | undefined {
  return /^email:(<[^<>\s]+>)$/.exec(message.externalId ?? '')?.[1];
}

export function createCaseMessageService(deps: { db: Knex; clock: () => Date; publicUrl: string }) {
  return {
    /** The case's messages, oldest first; the incoming ones are marked read (staff have seen them). */
    async listMessages(principal: Principal, caseId: string): Promise<CaseMessage[]> {
      demand(principal, 'cases:read');
      await findVisibleCase(deps, principal, caseId);
      const messages = await listCaseMessages(deps.db, caseId);
      if (principal.kind === 'user' && messages.some((m) => m.direction === 'in' && m.readAt === null))
        await markCaseMessagesRead(deps.db, caseId, deps.clock());
      return messages;
    },

    async reply(
      principal: Principal,
      caseId: string,
      text: string,
      idempotencyKey: string,
      source: RequestSource,
    ): Promise<CaseMessage> {
      demand(principal, 'cases:act');
      const record = await findVisibleCase(deps, principal, caseId);
      const contact = record.residentContact;
      const to = typeof contact?.email === 'string' ? contact.email : undefined;
      if (!to || contact?.preferredChannel === 'none')
        throw new ApiError('RESIDENT_UNREACHABLE', 'the resident has no email address on this case');
      const body = text.trim();
      if (body === '' || body.length > STAFF_REPLY_MAX_LENGTH)
        throw new ApiError('VALIDATION_FAILED', `a reply must be 1 to ${STAFF_REPLY_MAX_LENGTH} characters`, {
          field: 'text',
        });
      const incoming = (await listCaseMessages(deps.db, caseId)).filter(
        (m) => m.direction === 'in' && m.verifiedSender,
      );
      const last = incoming.at(-1);
      const ids = incoming.flatMap((m) => messageIdOf(m) ?? []);
      const lastId = last ? messageIdOf(last) : undefined;
      const key = `staff-reply:${caseId}:${idempotencyKey}`;
      const subject = last?.subject ?? `Your request ${record.trackingNumber}`;
      await enqueueNotification(deps.db, {
        idempotencyKey: key,
        caseId,
        channel: 'email',
        recipient: to,
        template: 'staff-reply',
        payload: {
          data: {
            trackingNumber: record.trackingNumber,
            subject,
            message: body,
            statusUrl: `${deps.publicUrl.replace(/\/$/, '')}/status/${encodeURIComponent(record.trackingNumber)}`,
          },
          ...(lastId ? { thread: { inReplyTo: lastId, references: ids.slice(-20) } } : {}),
        },
      });
      const message = await addCaseMessage(deps.db, {
        caseId,
        direction: 'out',
        channel: 'email',
        sender: principal.id,
        subject,
        body,
        externalId: key,
        verifiedSender: true,
      });
      await appendAuditEntry(deps.db, {
        caseId,
        actor: { id: principal.id, kind: principal.kind === 'user' ? 'staff' : 'integration' },
        occurredAt: deps.clock(),
        eventType: 'staff-message-sent',
        details: { what: `reply by email`, messageId: message.id },
        source: { ...(source.ip ? { ip: source.ip } : {}), channel: source.channel },
        idempotencyKey: `staff-message:${key}`,
      });
      return message;
    },
  };
}

export type CaseMessageService = ReturnType<typeof createCaseMessageService>;
