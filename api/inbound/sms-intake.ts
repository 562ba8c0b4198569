/**
 * One incoming text from the SMS gateway's webhook (already signature-checked): recorded once by the
 * gateway's message id, then a keyword is recorded on the number (STOP/START/HELP), a status request
 * answered when the tracking number and code match (and only then: a wrong code learns nothing), or
 * the text attached to its case as a resident message (tracking number in it, or the case we last
 * texted this number about). The answer text goes back in the webhook response for the gateway to send.
 */
import type { Knex } from 'knex';
import {
  addCaseMessage,
  appendAuditEntry,
  beginInboundMessage,
  findCaseTextedTo,
  finishInboundMessage,
  getCase as getCaseRecord,
  getCaseByTrackingNumber,
  recordSmsKeyword,
  type InboundOutcome,
} from '../../db';
import type { CaseRecord } from '../../domain/case';
import type { AgencyConfig } from '../../config';
import { ApiError } from '../errors/api-error';
import type { createResidentService } from '../services/resident-service';
import { classifySms } from './sms-rules';

export interface IncomingSms {
  /** The gateway's id for the message (repeats of one call share it). */
  messageId: string;
  /** E.164 sender number. */
  from: string;
  text: string;
}

export interface SmsAnswer {
  outcome: InboundOutcome | 'duplicate';
  /** Text for the gateway to send back, when there is one. */
  reply?: string;
}

const normalisePhone = (phone: string) => phone.replace(/[^\d+]/g, '');

export function createSmsIntake(deps: {
  db: Knex;
  clock: () => Date;
  agency: Pick<AgencyConfig, 'name' | 'phone'>;
  residents: Pick<ReturnType<typeof createResidentService>, 'status'>;
}) {
  const { db } = deps;

  async function attach(record: CaseRecord, sms: IncomingSms, key: string): Promise<boolean> {
    const contact =
      typeof record.residentContact?.phone === 'string' ? normalisePhone(record.residentContact.phone) : undefined;
    const verified = contact !== undefined && contact === normalisePhone(sms.from);
    const message = await addCaseMessage(db, {
      caseId: record.id,
      direction: 'in',
      channel: 'sms',
      sender: sms.from,
      body: sms.text.slice(0, 2000),
      externalId: key,
      verifiedSender: verified,
    });
    await appendAuditEntry(db, {
      caseId: record.id,
      actor: { id: `sms:${sms.from}`, kind: 'resident' },
      occurredAt: deps.clock(),
      eventType: 'resident-message-received',
      details: { what: 'text message', channel: 'sms', messageId: message.id, verifiedSender: verified },
      source: { channel: 'sms' },
      idempotencyKey: `resident-message:${key}`,
    });
    return verified;
  }

  return {
    async receive(sms: IncomingSms): Promise<SmsAnswer> {
      const key = `sms:${sms.messageId}`;
      const row = await beginInboundMessage(db, { channel: 'sms', dedupeKey: key, sender: sms.from });
      if (row.outcome) return { outcome: 'duplicate' };
      const finish = async (
        outcome: InboundOutcome,
        reply: string | undefined,
        extra: { reason?: string; caseId?: string } = {},
      ): Promise<SmsAnswer> => {
        await finishInboundMessage(db, row.id, { outcome, ...extra });
        return { outcome, ...(reply !== undefined ? { reply } : {}) };
      };
      const decision = classifySms(sms.text);
      const agency = deps.agency.name;
      if (decision.kind === 'keyword') {
        await recordSmsKeyword(db, sms.from, decision.keyword, deps.clock());
        const reply =
          decision.keyword === 'STOP'
            ? `${agency}: you will get no more texts from us. Reply START to get them again.`
            : decision.keyword === 'START'
              ? `${agency}: you will get texts about your requests again. Reply STOP to stop.`
              : `${agency}: text your tracking number and verification code to see the status of your request. Call ${deps.agency.phone ?? 'us'} for help. Reply STOP to stop texts.`;
        return finish('keyword-recorded', reply, { reason: decision.keyword });
      }
      if (decision.kind === 'status') {
        // The resident status page's own check and answer (status and dates only).
        const status = await deps.residents.status(decision.trackingNumber, decision.code).catch((error: unknown) => {
          if (error instanceof ApiError && error.code === 'NOT_FOUND') return undefined;
          throw error;
        });
        // The same answer for a wrong code and an unknown number: nothing to learn by guessing.
        if (!status)
          return finish('ignored', `${agency}: we could not find a request with that tracking number and code.`, {
            reason: 'no match',
          });
        return finish(
          'status-answered',
          `${agency}: your request ${status.trackingNumber} is ${status.statusLabel.toLowerCase()}${status.open ? '' : ' (closed)'}.`,
        );
      }
      const caseId = decision.trackingNumber
        ? (await getCaseByTrackingNumber(db, decision.trackingNumber))?.id
        : await findCaseTextedTo(db, sms.from);
      const record = caseId ? await getCaseRecord(db, caseId) : undefined;
      if (!record)
        return finish(
          'ignored',
          `${agency}: to reach us about a request, include its tracking number. Reply HELP for help.`,
          { reason: 'no case' },
        );
      const verified = await attach(record, sms, key);
      return finish(
        'reply-attached',
        verified ? `${agency}: thank you, we added your message to ${record.trackingNumber}.` : undefined,
        { caseId: record.id, ...(verified ? {} : { reason: 'sender is not the case contact' }) },
      );
    },
  };
}

export type SmsIntake = ReturnType<typeof createSmsIntake>;
