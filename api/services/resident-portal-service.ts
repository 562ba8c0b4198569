/**
 * The resident portal's use cases: the services a resident may request, a request made once per
 * form (the Idempotency-Key reservation), and what a resident may do on their own case once they
 * give its tracking number and verification code: follow it, send what a waiting step asks for,
 * ask a question, reopen it. Wrong codes are throttled per tracking number and per address (counters
 * in Postgres, shared by every process), and a
 * wrong code answers exactly as an unknown number does (no probing of numbers).
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  addInquiry,
  answerInquiry,
  appendAuditEntry,
  claimPendingUpload,
  findCaseForResident,
  getCaseLanguage,
  getInquiry,
  listAuditEntries,
  listCaseInquiries,
  listDefinitions,
  listOpenInquiries,
  PENDING_UPLOAD_PREFIX,
  releasableDocumentIds,
  setCaseLanguage,
  type DocumentMeta,
  type ResidentInquiry,
} from '../../db';
import type { CaseRecord } from '../../domain/case';
import type { CompiledDefinition, JsonValue } from '../../domain/definition';
import { addDuration } from '../../interpreter';
import type { Actor } from '../../interpreter/case-model';
import type { ResidentContactInput } from '../../workflows/case-contract';
import { departmentScope } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import type { SharedThrottle } from '../auth/shared-throttle';
import type { ThrottlePolicy } from '../auth/sign-in-throttle';
import { ApiError } from '../errors/api-error';
import { demand, findVisibleCase } from './case-access';
import { CASE_RESERVATION, type CaseReservation } from './case-reservation';
import type { CaseService } from './case-service';
import { runIdempotent, type Reserved } from './idempotent-request';
import type { RequestSource, ServiceDeps } from './service-deps';

export const PORTAL_LANGUAGES = ['en', 'es'] as const;
export type PortalLanguage = (typeof PORTAL_LANGUAGES)[number];
export const isPortalLanguage = (value: unknown): value is PortalLanguage =>
  typeof value === 'string' && (PORTAL_LANGUAGES as readonly string[]).includes(value);

/**
 * Wrong verification codes, per tracking number: four free misses, then a minute's wait, doubling
 * (codes are 8 characters: guessing one this way takes lifetimes). Per address: more free misses,
 * for a library's shared computers.
 */
export const CODE_POLICY: ThrottlePolicy = {
  freeFailures: 4,
  baseDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
};
export const CODE_ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 30,
  baseDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

/** The portal creates cases as this integration: it may create, and sees nothing. */
const PORTAL_PRINCIPAL: Principal = {
  kind: 'api-key',
  id: 'portal',
  roles: [],
  departmentId: null,
  grants: {},
  scopes: ['cases:create'],
};
const residentActor = (record: Pick<CaseRecord, 'trackingNumber'>): Actor => ({
  id: `resident:${record.trackingNumber}`,
  kind: 'applicant',
});

/** Where a resident may act: what a waiting step asks for, and the event that answers it. */
export interface WaitingOnResident {
  step: string;
  stepTitle: string;
  event: string;
  /** The staff's request in their words (the fields the step was entered with: "what must still be provided"). */
  requested: { field: string; value: string }[];
}

export interface PublicHistoryEntry {
  at: string;
  kind: 'status' | 'information-sent' | 'document-sent' | 'reopened' | 'clock-paused' | 'clock-resumed';
  /** The status id for status changes. */
  status?: string;
}

export interface PortalCase {
  record: CaseRecord;
  definition: CompiledDefinition;
  language: PortalLanguage | undefined;
  waiting: WaitingOnResident | undefined;
  history: PublicHistoryEntry[];
  inquiries: ResidentInquiry[];
  /** Documents the resident sent and those staff marked releasable (the one release concept: `documents.releasable`). */
  documents: (DocumentMeta & { fromResident: boolean })[];
  /** Until when a closed case may be reopened (undefined: it cannot). */
  reopenUntil: Date | undefined;
  /** The deadline the resident is told: the legal one, else the current step's target. */
  expectedBy: Date | undefined;
}

export interface PortalRequestInput {
  definitionId: string;
  data: Record<string, JsonValue>;
  contact: ResidentContactInput | undefined;
  language: PortalLanguage;
  /** From the form (drawn when the check-your-answers page was drawn). */
  idempotencyKey: string;
  /** The photo or document the wizard's upload page kept (holdUpload), attached to the new case. */
  attachmentId?: string;
}

export interface PortalReceipt {
  caseId: string;
  trackingNumber: string;
  verificationCode: string;
  expectedBy: string | null;
}

const isReceipt = (body: JsonValue): body is JsonValue & PortalReceipt =>
  typeof body === 'object' &&
  body !== null &&
  !Array.isArray(body) &&
  typeof body.caseId === 'string' &&
  typeof body.trackingNumber === 'string' &&
  typeof body.verificationCode === 'string';

const PUBLIC_AUDIT: Record<string, PublicHistoryEntry['kind']> = {
  'status-changed': 'status',
  'event-received': 'information-sent',
  'case-reopened': 'reopened',
  'clock-paused': 'clock-paused',
  'clock-resumed': 'clock-resumed',
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type ResidentPortalService = ReturnType<typeof createResidentPortalService>;

export function createResidentPortalService(
  deps: ServiceDeps & { cases: CaseService; throttle: SharedThrottle; waitForFirstMs?: number },
) {
  const definitions = deps.cases.definitions;
  const waitForFirstMs = deps.waitForFirstMs ?? 30_000;

  const isPublic = (definition: CompiledDefinition): boolean => definition.portal?.public === true;

  async function publicServices(): Promise<CompiledDefinition[]> {
    const published = (await listDefinitions(deps.db)).filter((summary) => summary.status === 'published');
    const compiled = await Promise.all(
      published.map((summary) => definitions.latestPublished(summary.id).catch(() => undefined)),
    );
    return compiled.filter(
      (definition): definition is CompiledDefinition => definition !== undefined && isPublic(definition),
    );
  }

  async function publicService(id: string): Promise<CompiledDefinition> {
    const definition = /^[a-z0-9][a-z0-9-]{0,99}$/.test(id)
      ? await definitions.latestPublished(id).catch(() => undefined)
      : undefined;
    if (!definition || !isPublic(definition)) throw new ApiError('NOT_FOUND', 'there is no such public service');
    return definition;
  }

  /** The wait step the case sits on whose event comes from the applicant, if any. */
  function waitingOnResident(record: CaseRecord, definition: CompiledDefinition): WaitingOnResident | undefined {
    if (record.closedAt) return undefined;
    for (const current of record.currentSteps) {
      const step = definition.steps[current.stepId];
      if (!step || step.type !== 'wait') continue;
      const handler = step.on.find((on) => definition.events[on.event]?.from === 'applicant');
      if (!handler) continue;
      // The fields the actions leading here require are the staff's words to the resident.
      const asked = new Set<string>();
      for (const other of Object.values(definition.steps)) {
        if (other.type !== 'human') continue;
        for (const action of Object.values(other.actions))
          if (action.next === step.id) action.requires.forEach((field) => asked.add(field));
      }
      const personal = new Set(definition.caseData.personalFields);
      const requested: { field: string; value: string }[] = [];
      for (const field of asked) {
        const value = record.caseData[field];
        if (!personal.has(field) && typeof value === 'string' && value !== '') requested.push({ field, value });
      }
      return { step: step.id, stepTitle: step.title ?? step.id, event: handler.event, requested };
    }
    return undefined;
  }

  function reopenUntil(record: CaseRecord, definition: CompiledDefinition): Date | undefined {
    if (!record.closedAt || !record.outcome) return undefined;
    const end = Object.values(definition.steps).find((step) => step.type === 'end' && step.outcome === record.outcome);
    if (!end || end.type !== 'end' || !end.reopen) return undefined;
    const calendar = definition.defaultCalendar ? definition.calendars[definition.defaultCalendar] : undefined;
    return new Date(addDuration(end.reopen.within, record.closedAt.getTime(), calendar));
  }

  async function documentsFor(record: CaseRecord): Promise<(DocumentMeta & { fromResident: boolean })[]> {
    const [all, released] = await Promise.all([
      deps.documents.listForCase(record.id),
      releasableDocumentIds(deps.db, record.id),
    ]);
    const mine = residentActor(record).id;
    return all
      .filter((document) => document.uploadedBy === mine || released.has(document.id))
      .map((document) => ({ ...document, fromResident: document.uploadedBy === mine }));
  }

  async function portalCase(record: CaseRecord): Promise<PortalCase> {
    const definition = await definitions.get(record.definitionId, record.definitionVersion);
    const entries = await listAuditEntries(deps.db, record.id, { limit: 5000 });
    const history: PublicHistoryEntry[] = [];
    for (const entry of entries) {
      const kind =
        PUBLIC_AUDIT[entry.eventType] ??
        (entry.eventType === 'document-attached' && entry.actor.id === residentActor(record).id
          ? 'document-sent'
          : undefined);
      if (!kind) continue;
      history.push({
        at: entry.occurredAt.toISOString(),
        kind,
        ...(kind === 'status' && typeof entry.details.status === 'string' ? { status: entry.details.status } : {}),
      });
    }
    const language = await getCaseLanguage(deps.db, record.id);
    return {
      record,
      definition,
      language: isPortalLanguage(language) ? language : undefined,
      waiting: waitingOnResident(record, definition),
      history,
      inquiries: await listCaseInquiries(deps.db, record.id),
      documents: await documentsFor(record),
      reopenUntil: reopenUntil(record, definition),
      expectedBy: record.closedAt ? undefined : (record.statutoryDueAt ?? record.slaDueAt ?? undefined),
    };
  }

  /**
   * The case for this tracking number and code, or NOT_FOUND — the same answer for an unknown number
   * and a wrong code. Every miss counts against the number and the address; past the free tries the
   * caller must wait (RATE_LIMITED), whether the number exists or not.
   */
  async function verified(trackingNumber: string, code: string, address: string): Promise<CaseRecord> {
    const verdict = await deps.throttle.check(trackingNumber, address);
    if (!verdict.allowed)
      throw new ApiError('RATE_LIMITED', 'too many tries; wait and try again', {
        retryAfterSeconds: verdict.retryAfterSeconds,
      });
    const record = await findCaseForResident(deps.db, trackingNumber, code);
    if (!record) {
      await deps.throttle.failed(trackingNumber, address);
      throw new ApiError('NOT_FOUND', 'no case matches this tracking number and code');
    }
    await deps.throttle.succeeded(trackingNumber);
    return record;
  }

  /** A read or a step by the resident goes on the case's audit trail (who: the resident; from where). */
  async function audit(
    record: CaseRecord,
    eventType: string,
    source: RequestSource,
    details: Record<string, JsonValue> = {},
  ): Promise<void> {
    await appendAuditEntry(deps.db, {
      caseId: record.id,
      actor: { id: residentActor(record).id, kind: 'resident' },
      occurredAt: deps.clock(),
      eventType,
      details,
      source: { ...(source.ip ? { ip: source.ip } : {}), channel: source.channel },
    });
  }

  /** One event id per case, form key and part, so a double submit is one event. */
  const eventIdOf = (record: Pick<CaseRecord, 'id'>, key: string, part: string): string =>
    createHash('sha256').update(`portal\u0000${record.id}\u0000${key}\u0000${part}`).digest('hex').slice(0, 32);

  /** Moves the wizard's upload onto the case as the resident's document (once: a repeated submit finds it moved). */
  async function attachUpload(receipt: PortalReceipt, documentId: string, source: RequestSource): Promise<void> {
    const record = { id: receipt.caseId, trackingNumber: receipt.trackingNumber };
    const actor = residentActor(record);
    if (!(await claimPendingUpload(deps.db, { documentId, caseId: record.id, uploadedBy: actor.id }))) return;
    const meta = await deps.documents.getMeta(documentId);
    await deps.cases.actAsResident(
      record.id,
      { kind: 'document-attached', documentId, name: meta?.filename ?? documentId },
      actor,
      source,
      eventIdOf(record, documentId, 'document'),
    );
  }

  return {
    publicServices,

    /** The wizard's upload page: the file is checked (type, size: as staff uploads) and kept until the request is sent. */
    async holdUpload(file: {
      filename: string;
      contentType: string;
      content: Buffer;
    }): Promise<{ id: string; filename: string }> {
      const meta = await deps.documents.save({
        caseId: `${PENDING_UPLOAD_PREFIX}${randomUUID()}`,
        ...file,
        uploadedBy: PORTAL_PRINCIPAL.id,
        uploadedByKind: 'resident',
      });
      return { id: meta.id, filename: meta.filename };
    },
    publicService,

    /** Creates the case once per idempotency key; a second submit waits for the first and answers the same. */
    async submitRequest(input: PortalRequestInput, source: RequestSource): Promise<PortalReceipt> {
      const definition = await publicService(input.definitionId);
      const startInput = {
        definitionId: definition.id,
        data: input.data,
        ...(input.contact ? { residentContact: input.contact } : {}),
      };
      const run = async (reserved: Reserved<CaseReservation>) => {
        const started = await deps.cases.startCase(
          PORTAL_PRINCIPAL,
          { ...startInput, actor: { id: `resident:${reserved.value.trackingNumber}`, kind: 'applicant' } },
          source,
          reserved,
        );
        await setCaseLanguage(deps.db, started.case.id, input.language, deps.clock());
        const expected = started.case.statutoryDueAt ?? started.case.slaDueAt ?? null;
        const receipt: PortalReceipt = {
          caseId: started.case.id,
          trackingNumber: started.trackingNumber,
          verificationCode: started.verificationCode,
          expectedBy: expected,
        };
        return { status: 201, body: { ...receipt }, resourceId: started.case.id };
      };
      const once = {
        scope: 'portal:POST /portal/request',
        key: input.idempotencyKey,
        requestHash: deps.cases.requestHash('POST', `/portal/request/${definition.id}`, {
          ...startInput,
          language: input.language,
        }),
      };
      const deadline = Date.now() + waitForFirstMs;
      for (;;) {
        try {
          const answer = await runIdempotent(deps.db, once, run, CASE_RESERVATION);
          if (!isReceipt(answer.body)) throw new ApiError('INTERNAL', 'a stored portal answer is unreadable');
          if (input.attachmentId) await attachUpload(answer.body, input.attachmentId, source);
          return answer.body;
        } catch (error) {
          if (!(error instanceof ApiError && error.code === 'IDEMPOTENCY_IN_PROGRESS') || Date.now() > deadline)
            throw error;
          await pause(100);
        }
      }
    },

    /** Follow a request: the case as the resident may see it. The read is audited. */
    async follow(
      trackingNumber: string,
      code: string,
      source: RequestSource & { address: string },
    ): Promise<PortalCase> {
      const record = await verified(trackingNumber, code, source.address);
      await audit(record, 'case.read', source, { what: 'resident-status' });
      return portalCase(record);
    },

    /** The language the resident reads the case in (pages and notices). */
    async chooseLanguage(
      trackingNumber: string,
      code: string,
      language: PortalLanguage,
      source: RequestSource & { address: string },
    ): Promise<void> {
      const record = await verified(trackingNumber, code, source.address);
      await setCaseLanguage(deps.db, record.id, language, deps.clock());
    },

    /**
     * What a waiting step asked for: an optional message and document, then the step's event, which
     * moves the case on (and resumes a paused statutory clock) through the workflow.
     */
    async sendInformation(
      trackingNumber: string,
      code: string,
      input: { message: string; file?: { filename: string; contentType: string; content: Buffer }; key: string },
      source: RequestSource & { address: string },
    ): Promise<void> {
      const record = await verified(trackingNumber, code, source.address);
      const definition = await definitions.get(record.definitionId, record.definitionVersion);
      const waiting = waitingOnResident(record, definition);
      if (!waiting)
        throw new ApiError('ACTION_REJECTED', 'the case is not waiting for anything from you', {
          rejection: 'NOT_WAITING',
        });
      const actor = residentActor(record);
      if (input.file) {
        const meta = await deps.documents.save({
          caseId: record.id,
          filename: input.file.filename,
          contentType: input.file.contentType,
          content: input.file.content,
          uploadedBy: actor.id,
          uploadedByKind: 'resident',
        });
        await deps.cases.actAsResident(
          record.id,
          { kind: 'document-attached', documentId: meta.id, name: meta.filename },
          actor,
          source,
          eventIdOf(record, input.key, 'document'),
        );
      }
      if (input.message !== '')
        await deps.cases.actAsResident(
          record.id,
          { kind: 'comment', text: input.message },
          actor,
          source,
          eventIdOf(record, input.key, 'message'),
        );
      await deps.cases.actAsResident(
        record.id,
        { kind: 'external-event', event: waiting.event },
        actor,
        source,
        eventIdOf(record, input.key, 'event'),
      );
    },

    /**
     * A question about the case: it lands with the department of the step the case is on. Asked once
     * per form (`key`): posting the same form again (a double click, a reload) adds nothing.
     */
    async ask(
      trackingNumber: string,
      code: string,
      input: { question: string; key: string },
      source: RequestSource & { address: string },
    ): Promise<ResidentInquiry> {
      const record = await verified(trackingNumber, code, source.address);
      const { inquiry, created } = await addInquiry(deps.db, {
        caseId: record.id,
        departmentId: record.departmentId,
        question: input.question,
        now: deps.clock(),
        requestKey: input.key,
      });
      if (created) await audit(record, 'inquiry-asked', source, { inquiryId: inquiry.id });
      return inquiry;
    },

    async reopen(
      trackingNumber: string,
      code: string,
      input: { reason: string; key: string },
      source: RequestSource & { address: string },
    ): Promise<void> {
      const record = await verified(trackingNumber, code, source.address);
      await deps.cases.actAsResident(
        record.id,
        { kind: 'reopen', reason: input.reason },
        residentActor(record),
        source,
        eventIdOf(record, input.key, 'reopen'),
      );
    },

    /** Staff: unanswered questions of the departments this person sees, oldest first. */
    async openInquiries(principal: Principal): Promise<(ResidentInquiry & { trackingNumber: string })[]> {
      demand(principal, 'cases:act');
      const open = await listOpenInquiries(deps.db, departmentScope(principal));
      const rows: (ResidentInquiry & { trackingNumber: string })[] = [];
      for (const inquiry of open) {
        const record = await findVisibleCase(deps, principal, inquiry.caseId).catch(() => undefined);
        if (record) rows.push({ ...inquiry, trackingNumber: record.trackingNumber });
      }
      return rows;
    },

    /** Staff answer a question; the resident sees it on the status page. */
    async answer(principal: Principal, inquiryId: string, answer: string, source: RequestSource): Promise<void> {
      demand(principal, 'cases:act');
      const inquiry = await getInquiry(deps.db, inquiryId);
      if (!inquiry) throw new ApiError('NOT_FOUND', 'no such question');
      await findVisibleCase(deps, principal, inquiry.caseId);
      if (!(await answerInquiry(deps.db, { id: inquiryId, answer, answeredBy: principal.id, now: deps.clock() })))
        throw new ApiError('ACTION_REJECTED', 'this question has already been answered', {
          rejection: 'ALREADY_ANSWERED',
        });
      await appendAuditEntry(deps.db, {
        caseId: inquiry.caseId,
        actor: { id: principal.id, kind: principal.kind === 'user' ? 'staff' : 'integration' },
        occurredAt: deps.clock(),
        eventType: 'inquiry-answered',
        details: { inquiryId },
        source: { ...(source.ip ? { ip: source.ip } : {}), channel: source.channel },
      });
    },

    /** A document the resident may download (their own or marked releasable). The read is audited. */
    async readDocument(
      trackingNumber: string,
      code: string,
      documentId: string,
      source: RequestSource & { address: string },
    ): Promise<{ meta: DocumentMeta; content: Buffer }> {
      const record = await verified(trackingNumber, code, source.address);
      const allowed = (await documentsFor(record)).some((document) => document.id === documentId);
      if (!allowed) throw new ApiError('DOCUMENT_NOT_FOUND', `document ${documentId} not found`, { documentId });
      await audit(record, 'case.read', source, { what: 'document', documentId });
      return deps.documents.read(documentId);
    },
  };
}
