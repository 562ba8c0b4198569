/**
 * One pipeline for every email that comes in (the SMTP receiver and the IMAP poller both call
 * `receive`): record it once by its key, parse it within limits, then ignore it (hostile or automatic
 * mail), attach it to its case (a reply), or open a case (a new request) with the sender as resident
 * contact, the body as description and the attachments as documents, and queue the acknowledgement
 * with the tracking number in the outbox. Nothing about a case is ever sent back to a sender, so a
 * spoofed From reads nothing.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { simpleParser, type ParsedMail } from 'mailparser';
import {
  addCaseMessage,
  appendAuditEntry,
  beginInboundMessage,
  countCasesOpenedBy,
  enqueueNotification,
  findCaseOfSentMessage,
  finishInboundMessage,
  getCase as getCaseRecord,
  getCaseByTrackingNumber,
  type InboundOutcome,
} from '../../db';
import type { CaseRecord } from '../../domain/case';
import type { JsonValue } from '../../domain/definition';
import { externalEventSignal } from '../../workflows/case-contract';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import type { CaseService } from '../services';
import { CASE_RESERVATION, type CaseReservation } from '../services/case-reservation';
import { runIdempotent } from '../services/idempotent-request';
import { mailCaseData } from './mail-case-data';
import {
  classifyInboundMail,
  messageIdsIn,
  parseAddressList,
  type InboundMailFacts,
  type MailRouting,
} from './mail-rules';

export interface MailIntakeConfig extends MailRouting {
  /** Largest message accepted, whole (attachments are then held to the document limits). */
  maxMessageBytes: number;
  /** New cases one sender may open per hour (a loop or a flood opens no more). */
  maxCasesPerSenderPerHour: number;
  /** Base URL of the resident status page (the acknowledgement's link). */
  publicUrl: string;
}

export interface MailIntakeDeps {
  db: Knex;
  cases: CaseService;
  temporal: Client;
  clock: () => Date;
  config: MailIntakeConfig;
}

export interface MailEnvelope {
  /** RCPT TO addresses, when the mail came by SMTP. */
  to?: readonly string[];
}

/** The channel cases, documents and audit entries record, whether the mail came by SMTP or IMAP. */
const CHANNEL = 'email';

export interface IntakeResult {
  outcome: InboundOutcome | 'duplicate';
  reason?: string;
  caseId?: string;
  trackingNumber?: string;
}

/** The channel's own principal: may open cases and add documents, in every department. */
const MAIL_PRINCIPAL: Principal = {
  kind: 'api-key',
  id: 'channel:email',
  roles: [],
  departmentId: null,
  grants: {},
  scopes: ['cases:create', 'cases:read', 'documents:write', 'departments:all'],
};

function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object' && 'text' in value && typeof value.text === 'string')
    return value.text;
  if (value !== null && typeof value === 'object' && 'value' in value && typeof value.value === 'string')
    return value.value;
  return '';
}

function factsOf(mail: ParsedMail, envelope: MailEnvelope): InboundMailFacts & { fromName?: string } {
  const headers = new Map<string, string>();
  for (const line of mail.headerLines)
    headers.set(line.key.toLowerCase(), line.line.slice(line.line.indexOf(':') + 1).trim());
  const fromList = mail.from?.value ?? [];
  const from = fromList.length === 1 ? parseAddressList(fromList[0].address ?? '')[0] : undefined;
  const listed = [mail.to, mail.cc]
    .flatMap((field) => (field === undefined ? [] : Array.isArray(field) ? field : [field]))
    .flatMap((field) => field.value.map((a) => a.address ?? ''));
  const to =
    envelope.to && envelope.to.length > 0
      ? envelope.to.map((a) => a.toLowerCase())
      : parseAddressList(listed.join(','));
  const name = fromList.length === 1 ? fromList[0].name.trim() : '';
  return {
    ...(from ? { from } : {}),
    ...(name ? { fromName: name.slice(0, 200) } : {}),
    to,
    subject: (mail.subject ?? '').slice(0, 500),
    headers,
    threadIds: [...messageIdsIn(headers.get('in-reply-to')), ...messageIdsIn(headers.get('references'))].slice(0, 50),
    contentType: headerText(mail.headers.get('content-type')).split(';')[0].trim() || 'text/plain',
  };
}

function dedupeKeyOf(raw: Buffer, messageId: string | undefined): string {
  // The Message-ID names the message across SMTP retries and IMAP re-reads; without one, its bytes do.
  return messageId && messageId.length <= 300
    ? `email:${messageId}`
    : `email:sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

export function createMailIntake(deps: MailIntakeDeps) {
  const { db, config } = deps;

  async function done(id: number, result: IntakeResult & { outcome: InboundOutcome }): Promise<IntakeResult> {
    await finishInboundMessage(db, id, {
      outcome: result.outcome,
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.caseId ? { caseId: result.caseId } : {}),
    });
    return result;
  }

  async function attachDocuments(caseId: string, mail: ParsedMail): Promise<string[]> {
    const refused: string[] = [];
    for (const attachment of mail.attachments) {
      const filename = (attachment.filename ?? 'attachment').slice(0, 200);
      try {
        await deps.cases.attachDocument(
          MAIL_PRINCIPAL,
          caseId,
          { filename, contentType: attachment.contentType, content: attachment.content, description: 'Sent by email' },
          { channel: CHANNEL },
        );
      } catch (error) {
        // Same limits as uploads: a refused attachment is noted, the rest of the mail still counts.
        if (!(error instanceof ApiError) && !(error instanceof Error && 'code' in error)) throw error;
        refused.push(filename);
      }
    }
    return refused;
  }

  async function openCase(
    id: number,
    key: string,
    mail: ParsedMail,
    facts: InboundMailFacts & { from: string; fromName?: string },
    definitionId: string,
  ): Promise<IntakeResult> {
    const since = new Date(deps.clock().getTime() - 3_600_000);
    if ((await countCasesOpenedBy(db, facts.from, since)) >= config.maxCasesPerSenderPerHour)
      return done(id, { outcome: 'ignored', reason: 'flood' });
    const text = (mail.text ?? '').trim();
    const start = async (target: string, reserved: { value: CaseReservation; resumed: boolean }) => {
      const definition = await deps.cases.definitions.latestPublished(target);
      return deps.cases.startCase(
        MAIL_PRINCIPAL,
        {
          definitionId: target,
          data: mailCaseData(definition.caseData.schema, {
            from: facts.from,
            subject: facts.subject,
            text,
            ...(facts.fromName ? { fromName: facts.fromName } : {}),
          }),
          residentContact: {
            email: facts.from,
            preferredChannel: 'email',
            ...(facts.fromName ? { name: facts.fromName } : {}),
          },
          actor: { id: `email:${facts.from}`, kind: 'applicant' },
          ...(facts.subject ? { title: facts.subject.slice(0, 200) } : {}),
        },
        { channel: CHANNEL },
        reserved,
      );
    };
    const answer = await runIdempotent<CaseReservation>(
      db,
      { scope: 'inbound-email', key, requestHash: key },
      async (reserved) => {
        let started;
        try {
          started = await start(definitionId, reserved);
        } catch (error) {
          // The mapped service needs more than an email gives: the triage service takes it.
          if (!(error instanceof ApiError) || error.status >= 500 || definitionId === config.defaultDefinitionId)
            throw error;
          started = await start(config.defaultDefinitionId, reserved);
        }
        const body: JsonValue = {
          caseId: started.case.id,
          trackingNumber: started.trackingNumber,
          verificationCode: started.verificationCode,
          serviceName: started.case.title ?? 'request',
        };
        return { status: 201, body, resourceId: started.case.id };
      },
      CASE_RESERVATION,
    );
    const body = answer.body as { caseId: string; trackingNumber: string; verificationCode: string };
    const refused = await attachDocuments(body.caseId, mail);
    const definition = await deps.cases.definitions.latestPublished(
      ((await getCaseRecord(db, body.caseId)) as CaseRecord).definitionId,
    );
    await enqueueNotification(db, {
      idempotencyKey: `${key}:acknowledgement`,
      caseId: body.caseId,
      channel: 'email',
      recipient: facts.from,
      template: 'case-received',
      payload: {
        data: {
          serviceName: definition.title.toLowerCase(),
          trackingNumber: body.trackingNumber,
          verificationCode: body.verificationCode,
          statusUrl: `${config.publicUrl.replace(/\/$/, '')}/status/${encodeURIComponent(body.trackingNumber)}`,
          receivedAt: deps.clock().toISOString(),
        },
      },
    });
    return done(id, {
      outcome: 'case-created',
      caseId: body.caseId,
      trackingNumber: body.trackingNumber,
      ...(refused.length > 0 ? { reason: `attachments refused: ${refused.join(', ')}` } : {}),
    });
  }

  async function attachReply(
    id: number,
    key: string,
    mail: ParsedMail,
    facts: InboundMailFacts & { from: string },
    record: CaseRecord,
  ): Promise<IntakeResult> {
    const contact =
      typeof record.residentContact?.email === 'string' ? record.residentContact.email.toLowerCase() : undefined;
    const verified = contact !== undefined && contact === facts.from;
    const text = (mail.text ?? '').trim().slice(0, 20_000) || '(no text)';
    const message = await addCaseMessage(db, {
      caseId: record.id,
      direction: 'in',
      channel: 'email',
      sender: facts.from,
      subject: facts.subject,
      body: text,
      externalId: key,
      verifiedSender: verified,
    });
    await appendAuditEntry(db, {
      caseId: record.id,
      actor: { id: `email:${facts.from}`, kind: 'resident' },
      occurredAt: deps.clock(),
      eventType: 'resident-message-received',
      // No body here: the audit trail is append-only, the text stays in case_messages.
      details: { what: facts.subject || 'message', channel: 'email', messageId: message.id, verifiedSender: verified },
      source: { channel: CHANNEL },
      idempotencyKey: `resident-message:${key}`,
    });
    // Only the resident's own address moves the case on; a stranger's mail is kept for staff to judge.
    if (verified && record.closedAt === null) {
      const refused = await attachDocuments(record.id, mail);
      await wakeWaitingStep(record, key, facts.from);
      return done(id, {
        outcome: 'reply-attached',
        caseId: record.id,
        ...(refused.length > 0 ? { reason: `attachments refused: ${refused.join(', ')}` } : {}),
      });
    }
    return done(id, {
      outcome: 'reply-attached',
      caseId: record.id,
      reason: verified ? 'case closed' : 'sender is not the case contact',
    });
  }

  async function wakeWaitingStep(record: CaseRecord, key: string, from: string): Promise<void> {
    const definition = await deps.cases.definitions.get(record.definitionId, record.definitionVersion);
    for (const current of record.currentSteps) {
      const step = definition.steps[current.stepId];
      if (step?.type !== 'wait') continue;
      const event = step.on
        .map((on) => definition.events[on.event])
        .find((candidate) => candidate?.from === 'applicant');
      if (!event) continue;
      await deps.temporal.workflow.getHandle(record.id).signal(externalEventSignal, {
        eventId: `${key}:wake`,
        event: event.id,
        actor: { id: `email:${from}`, kind: 'applicant' },
        source: { channel: CHANNEL },
      });
      return;
    }
  }

  return {
    /** Takes one raw message; resolves once it is recorded and handled (or known from before). */
    async receive(raw: Buffer, envelope: MailEnvelope): Promise<IntakeResult> {
      if (raw.length > config.maxMessageBytes) {
        const record = await beginInboundMessage(db, { channel: 'email', dedupeKey: dedupeKeyOf(raw, undefined) });
        return record.outcome ? { outcome: 'duplicate' } : done(record.id, { outcome: 'ignored', reason: 'oversize' });
      }
      let mail: ParsedMail;
      try {
        mail = await simpleParser(raw, { skipHtmlToText: false, maxHtmlLengthToParse: config.maxMessageBytes });
      } catch {
        const record = await beginInboundMessage(db, { channel: 'email', dedupeKey: dedupeKeyOf(raw, undefined) });
        return record.outcome ? { outcome: 'duplicate' } : done(record.id, { outcome: 'ignored', reason: 'malformed' });
      }
      const facts = factsOf(mail, envelope);
      const key = dedupeKeyOf(raw, mail.messageId);
      const record = await beginInboundMessage(db, {
        channel: 'email',
        dedupeKey: key,
        ...(facts.from ? { sender: facts.from } : {}),
      });
      if (record.outcome) return { outcome: 'duplicate', ...(record.caseId ? { caseId: record.caseId } : {}) };
      const decision = classifyInboundMail(facts, config);
      if (decision.kind === 'ignore' || !facts.from)
        return done(record.id, {
          outcome: 'ignored',
          reason: decision.kind === 'ignore' ? decision.reason : 'no-sender',
        });
      const sender = { ...facts, from: facts.from };
      if (decision.kind === 'reply') {
        const found =
          (decision.trackingNumber ? await getCaseByTrackingNumber(db, decision.trackingNumber) : undefined) ??
          (await caseOfThread(decision.threadIds));
        if (found) return attachReply(record.id, key, mail, sender, found);
        // Nothing matches: a new request that happens to quote something.
      }
      return openCase(record.id, key, mail, sender, decision.kind === 'new' ? decision.definitionId : routeOf(facts));
    },
  };

  async function caseOfThread(ids: readonly string[]): Promise<CaseRecord | undefined> {
    const caseId = await findCaseOfSentMessage(db, ids);
    return caseId ? getCaseRecord(db, caseId) : undefined;
  }

  function routeOf(facts: InboundMailFacts): string {
    return (
      facts.to.map((address) => config.routes.get(address)).find((id) => id !== undefined) ?? config.defaultDefinitionId
    );
  }
}

export type MailIntake = ReturnType<typeof createMailIntake>;
