/**
 * The case application service: every use case the staff API and the Open311 routes share. It checks
 * permissions and department scope, talks to the workflow through its contract and reads the read
 * model; it knows nothing about HTTP.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  appendAuditEntry,
  canonicalJson,
  hashVerificationCode,
  getCase as getCaseRecord,
  getUser,
  listAuditEntries,
  listCasesWithFingerprint,
  registerStartedCase,
  type DocumentMeta,
  type PageFingerprint,
} from '../../db';
import type { CaseRecord, CaseRegistration } from '../../domain/case';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import type { CompiledDefinition, JsonValue } from '../../domain/definition';
import type { Actor } from '../../interpreter/case-model';
import { CaseClientError, isCallTimeout, startCaseRecorded, submitCaseEvent } from '../../client/case-client';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  availableActionsQuery,
  caseStartedUpdate,
  type CaseEventRequest,
  type CaseWorkflowInput,
  type EventOutcome,
} from '../../workflows/case-contract';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { demand, findVisibleCase, recordCaseRead, scopedListRequest, type CaseListQuery } from './case-access';
import { createCaseDataCheck } from './case-data-check';
import { reserveCase, type CaseReservation } from './case-reservation';
import type { Reserved } from './idempotent-request';
import { registeredRecord } from './registered-record';
import type { StartCaseInput } from './start-case-input';
import { COMMAND_PERMISSION, toEventRequest, type CaseCommand } from './case-commands';
import { toCaseView, type CaseView } from './case-view';
import { createDefinitionCache } from './definition-cache';
import type { RequestSource, ServiceDeps } from './service-deps';

export type { StartCaseInput };

export interface StartedCase {
  case: CaseView;
  trackingNumber: string;
  /** Shown once to the resident; only its hash is kept. */
  verificationCode: string;
}

export type ActOutcome = { status: 'accepted'; eventId: string; sequence: number; case: CaseView };

export type { CaseListQuery } from './case-access';

export interface TimelineEntry {
  sequence: number;
  at: string;
  type: string;
  actor: { id: string; kind: string };
  details: Record<string, JsonValue>;
  /** From where: the channel and address the event came in by. */
  source: { ip?: string; channel?: string };
}

export type CaseService = ReturnType<typeof createCaseService>;

export function staffActor(principal: Principal): Actor {
  return {
    id: principal.id,
    roles: principal.roles,
    ...(principal.departmentId ? { department: principal.departmentId } : {}),
    kind: principal.kind === 'user' ? 'staff' : 'system',
  };
}

function startDepartment(definition: CompiledDefinition): string | undefined {
  const start = definition.steps[definition.start];
  return start && start.type === 'human' ? start.department : undefined;
}

/** The Open311 service code a case is filed under (per category when the definition has a category enum), whatever channel it came in by. */
function serviceCodeOf(definition: CompiledDefinition, data: Record<string, JsonValue>): string {
  const category = definition.caseData.schema.properties.category;
  return category && Array.isArray(category.enum) && typeof data.category === 'string'
    ? `${definition.id}:${data.category}`
    : definition.id;
}

/**
 * What the creator registers with the case: one function for a first attempt and for a retry that
 * finds the case started but not yet projected, so both rows get the same department, channel and
 * service code (a row without its department is invisible to the department's staff).
 */
function registrationOf(
  definition: CompiledDefinition,
  principal: Principal,
  input: StartCaseInput,
  source: RequestSource,
  reservation: CaseReservation,
): Omit<CaseRegistration, 'trackingNumber'> {
  const departmentId = startDepartment(definition) ?? principal.departmentId ?? undefined;
  return {
    verificationCodeHash: hashVerificationCode(reservation.trackingNumber, reservation.verificationCode),
    channel: source.channel,
    ...(input.title ? { title: input.title } : {}),
    ...(departmentId ? { departmentId } : {}),
    open311: { serviceCode: serviceCodeOf(definition, input.data), ...(input.open311 ?? {}) },
  };
}

export function createCaseService(deps: ServiceDeps) {
  const definitions = createDefinitionCache(deps.db);
  const check = createCaseDataCheck();
  const outcomeTimeoutMs = deps.outcomeTimeoutMs ?? 15_000;

  /** The case when the principal may see it; CASE_NOT_FOUND otherwise (out of scope looks the same as absent). */
  const visibleCase = (principal: Principal, caseId: string): Promise<CaseRecord> =>
    findVisibleCase(deps, principal, caseId);
  const recordRead = (
    principal: Principal,
    caseId: string,
    what: string,
    source: RequestSource,
    extra: Record<string, JsonValue> = {},
  ): Promise<void> => recordCaseRead(deps, principal, caseId, what, source, extra);

  async function view(principal: Principal, record: CaseRecord): Promise<CaseView> {
    const definition = await definitions.get(record.definitionId, record.definitionVersion);
    return toCaseView(record, definition, principal, deps.clock());
  }

  /**
   * Applies one event through the workflow's submitEvent update and answers its outcome once the
   * event's audit entries and projection are written (so a read right after sees it). A case that
   * does not answer within outcomeTimeoutMs is CASE_BUSY: a retry with the same key learns the outcome.
   */
  async function submit(
    caseId: string,
    request: CaseEventRequest,
  ): Promise<Exclude<EventOutcome, { status: 'pending' }>> {
    const handle = deps.temporal.workflow.getHandle(caseId);
    try {
      return await deps.temporal.withDeadline(Date.now() + outcomeTimeoutMs, () => submitCaseEvent(handle, request));
    } catch (error) {
      if (isCallTimeout(error))
        throw new ApiError(
          'CASE_BUSY',
          'the case did not answer in time; retry with the same Idempotency-Key to learn the outcome',
          { eventId: request.payload.eventId },
        );
      throw error;
    }
  }

  /** The case's row, written by the workflow's first step or (a slow worker) by registerStarted. */
  const committedRow = (caseId: string): Promise<CaseRecord | undefined> => getCaseRecord(deps.db, caseId);

  async function workflowExists(caseId: string): Promise<boolean> {
    try {
      await deps.temporal.workflow.getHandle(caseId).describe();
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  /**
   * Starts the case with update-with-start: answers once its first step is recorded. A worker too
   * slow to record it within outcomeTimeoutMs leaves a started workflow; the caller writes its row.
   */
  async function startRecorded(input: CaseWorkflowInput): Promise<void> {
    try {
      await deps.temporal.withDeadline(Date.now() + outcomeTimeoutMs, () =>
        startCaseRecorded(deps.temporal, input, { taskQueue: deps.taskQueue }),
      );
    } catch (error) {
      if (!isCallTimeout(error) || !(await workflowExists(input.caseId))) throw error;
    }
  }

  /** Waits (within outcomeTimeoutMs) for a started case's first step to be recorded; false if it was not. */
  async function firstStepRecorded(caseId: string): Promise<boolean> {
    try {
      await deps.temporal.withDeadline(Date.now() + outcomeTimeoutMs, () =>
        deps.temporal.workflow.getHandle(caseId).executeUpdate(caseStartedUpdate),
      );
      return true;
    } catch (error) {
      if (isCallTimeout(error)) return false;
      throw error;
    }
  }

  /**
   * The workflow started but has not projected yet (a slow or restarting worker): write its row now,
   * so the case answered to the caller can be read and acted on at once; the projection merges over it.
   */
  async function registerStarted(
    reservation: CaseReservation,
    record: CaseRecord,
    registration: Omit<CaseRegistration, 'trackingNumber'>,
  ): Promise<CaseRecord> {
    await registerStartedCase(deps.db, record, { ...registration, trackingNumber: reservation.trackingNumber });
    return (await getCaseRecord(deps.db, reservation.caseId)) ?? record;
  }

  /** The reserved case when an earlier attempt already started it (its row may still be on the way). */
  async function committedCase(
    principal: Principal,
    reservation: CaseReservation,
    input: StartCaseInput,
    source: RequestSource,
  ): Promise<StartedCase | undefined> {
    const answer = async (record: CaseRecord): Promise<StartedCase> => ({
      case: await view(principal, record),
      trackingNumber: reservation.trackingNumber,
      verificationCode: reservation.verificationCode,
    });
    const row = await committedRow(reservation.caseId);
    if (row) return answer(row);
    if (!(await workflowExists(reservation.caseId))) return undefined;
    const recorded = (await firstStepRecorded(reservation.caseId)) ? await committedRow(reservation.caseId) : undefined;
    if (recorded) return answer(recorded);
    const definition = await definitions.latestPublished(input.definitionId);
    const registration = registrationOf(definition, principal, input, source, reservation);
    return answer(
      await registerStarted(
        reservation,
        registeredRecord(reservation, definition, input, registration, deps.clock()),
        registration,
      ),
    );
  }

  return {
    definitions,

    /**
     * Starts the case's workflow, which creates the read-model row with its first projection: the
     * start is the commit point, so no case row exists without its workflow. `reserved` (from an
     * Idempotency-Key) fixes the case id, tracking number and code: an attempt after one that crashed
     * finds that case or starts it, never a second one, and answers the same.
     */
    async startCase(
      principal: Principal,
      input: StartCaseInput,
      source: RequestSource,
      reserved?: Reserved<CaseReservation>,
    ): Promise<StartedCase> {
      demand(principal, 'cases:create');
      if (reserved?.resumed) {
        const committed = await committedCase(principal, reserved.value, input, source);
        if (committed) return committed;
      }
      const definition = await definitions.latestPublished(input.definitionId);
      check.start(definition, input.data);
      const reservation = reserved?.value ?? (await reserveCase(deps.db));
      const { caseId, trackingNumber, verificationCode } = reservation;
      const registration = registrationOf(definition, principal, input, source, reservation);
      try {
        await startRecorded({
          caseId,
          definition,
          data: input.data,
          ...(input.priority ? { priority: input.priority } : {}),
          actor: input.actor ?? staffActor(principal),
          ...(input.residentContact ? { residentContact: input.residentContact } : {}),
          trackingNumber,
          registration,
          source: { ...(source.ip ? { ip: source.ip } : {}), channel: source.channel },
        });
      } catch (error) {
        // Started (and finished) by an earlier attempt with this reservation: the same case.
        if (!(reserved && error instanceof CaseClientError && error.code === 'CASE_EXISTS')) throw error;
      }
      const record =
        (await committedRow(caseId)) ??
        (await registerStarted(
          reservation,
          registeredRecord(reservation, definition, input, registration, deps.clock()),
          registration,
        ));
      return { case: await view(principal, record), trackingNumber, verificationCode };
    },

    async getCase(principal: Principal, caseId: string, source: RequestSource): Promise<CaseView> {
      demand(principal, 'cases:read');
      const record = await visibleCase(principal, caseId);
      await recordRead(principal, caseId, 'case', source);
      return view(principal, record);
    },

    /** A page of cases, audited; `fingerprint` describes the rows read, for the list's tag (list-change-tag.ts). */
    async listCases(
      principal: Principal,
      query: CaseListQuery,
      source?: RequestSource,
    ): Promise<{ items: CaseView[]; nextCursor: string | null; fingerprint: PageFingerprint }> {
      demand(principal, 'cases:read');
      const now = deps.clock();
      const page = await listCasesWithFingerprint(deps.db, scopedListRequest(principal, query, now), now);
      const items: CaseView[] = [];
      for (const record of page.items) items.push(await view(principal, record));
      // A list shows case data too: one entry on the platform chain names who saw which cases.
      if (source && items.length > 0) {
        await appendAuditEntry(deps.db, {
          caseId: PLATFORM_AUDIT_STREAM,
          actor: { id: principal.id, kind: principal.kind === 'user' ? 'staff' : 'integration' },
          occurredAt: deps.clock(),
          eventType: 'cases.listed',
          details: {
            caseIds: items.map((item) => item.id),
            filter: JSON.parse(JSON.stringify(query.filter)) as JsonValue,
          },
          source: { ...(source.ip ? { ip: source.ip } : {}), channel: source.channel },
        });
      }
      return { items, nextCursor: page.nextCursor, fingerprint: page.fingerprint };
    },

    async timeline(principal: Principal, caseId: string, source: RequestSource): Promise<TimelineEntry[]> {
      demand(principal, 'cases:read');
      await visibleCase(principal, caseId);
      await recordRead(principal, caseId, 'timeline', source);
      const entries = await listAuditEntries(deps.db, caseId, { limit: 5000 });
      return entries.map((entry) => ({
        sequence: entry.sequence,
        at: entry.occurredAt.toISOString(),
        type: entry.eventType,
        actor: { id: entry.actor.id, kind: entry.actor.kind },
        details: entry.details,
        source: {
          ...(entry.source.ip ? { ip: entry.source.ip } : {}),
          ...(entry.source.channel ? { channel: entry.source.channel } : {}),
        },
      }));
    },

    async availableActions(principal: Principal, caseId: string) {
      demand(principal, 'cases:read');
      const record = await visibleCase(principal, caseId);
      if (record.closedAt) return [];
      try {
        return await deps.temporal.workflow.getHandle(caseId).query(availableActionsQuery, staffActor(principal));
      } catch {
        return [];
      }
    },

    /**
     * Signals the workflow and waits for its verdict. `idempotencyKey` (per principal) makes a retried
     * request reuse the event id, so the workflow applies it once and answers the same.
     */
    async act(
      principal: Principal,
      caseId: string,
      command: CaseCommand,
      source: RequestSource,
      idempotencyKey?: string,
    ): Promise<ActOutcome> {
      demand(principal, COMMAND_PERMISSION[command.kind]);
      const record = await visibleCase(principal, caseId);
      if (command.kind === 'action')
        check.action(
          await definitions.get(record.definitionId, record.definitionVersion),
          command.step,
          command.action,
          command.data,
        );
      let assignee: Actor | undefined;
      if (command.kind === 'assign') {
        const user = await getUser(deps.db, command.assigneeId);
        if (!user || !user.active)
          throw new ApiError('USER_NOT_FOUND', `user ${command.assigneeId} not found`, { userId: command.assigneeId });
        assignee = {
          id: user.id,
          roles: user.roles,
          ...(user.departmentId ? { department: user.departmentId } : {}),
          kind: 'staff',
        };
      }
      const eventId = idempotencyKey
        ? createHash('sha256')
            .update(`${principal.id}\u0000${caseId}\u0000${idempotencyKey}`)
            .digest('hex')
            .slice(0, 32)
        : randomUUID();
      const request = toEventRequest(
        command,
        eventId,
        staffActor(principal),
        { ...(source.ip ? { ip: source.ip } : {}), channel: source.channel },
        assignee,
      );
      let outcome: Exclude<EventOutcome, { status: 'pending' }>;
      try {
        outcome = await submit(caseId, request);
      } catch (error) {
        // A finished case's workflow is gone once nothing can reopen it: the API gives the verdict.
        if (error instanceof ApiError || !record.closedAt) throw error;
        if (command.kind === 'reopen')
          throw new ApiError('ACTION_REJECTED', 'the case can no longer be reopened', {
            rejection: 'REOPEN_WINDOW_CLOSED',
            eventId,
          });
        throw new ApiError('ACTION_REJECTED', 'the case is closed', { rejection: 'CASE_CLOSED', eventId });
      }
      if (outcome.status === 'rejected')
        throw new ApiError('ACTION_REJECTED', outcome.reason, { rejection: outcome.code, eventId });
      if (outcome.status === 'ignored') throw new ApiError('ACTION_IGNORED', outcome.reason, { eventId });
      const updated = (await getCaseRecord(deps.db, caseId)) ?? record;
      return { status: 'accepted', eventId, sequence: outcome.sequence, case: await view(principal, updated) };
    },

    /**
     * A command from the resident themself (the portal checked their tracking number and code): the
     * workflow decides, exactly as for staff. `eventId` comes from the form's idempotency key, so a
     * double submit is one event.
     */
    async actAsResident(
      caseId: string,
      command: CaseCommand,
      actor: Actor,
      source: RequestSource,
      eventId: string,
    ): Promise<void> {
      const request = toEventRequest(command, eventId, actor, {
        ...(source.ip ? { ip: source.ip } : {}),
        channel: source.channel,
      });
      let outcome: Exclude<EventOutcome, { status: 'pending' }>;
      try {
        outcome = await submit(caseId, request);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError)
          throw new ApiError(
            'ACTION_REJECTED',
            command.kind === 'reopen' ? 'the case can no longer be reopened' : 'the case is closed',
            { rejection: command.kind === 'reopen' ? 'REOPEN_WINDOW_CLOSED' : 'CASE_CLOSED', eventId },
          );
        throw error;
      }
      if (outcome.status === 'rejected')
        throw new ApiError('ACTION_REJECTED', outcome.reason, { rejection: outcome.code, eventId });
      if (outcome.status === 'ignored') throw new ApiError('ACTION_IGNORED', outcome.reason, { eventId });
    },

    /** Stores an uploaded document and tells the workflow about it. */
    async attachDocument(
      principal: Principal,
      caseId: string,
      file: { filename: string; contentType: string; content: Buffer; description?: string },
      source: RequestSource,
    ): Promise<DocumentMeta> {
      demand(principal, 'documents:write');
      await visibleCase(principal, caseId);
      const meta = await deps.documents.save({
        caseId,
        filename: file.filename,
        contentType: file.contentType,
        content: file.content,
        uploadedBy: principal.id,
        uploadedByKind: principal.kind === 'user' ? 'staff' : 'integration',
        ...(file.description ? { description: file.description } : {}),
      });
      const eventId = randomUUID();
      const request = toEventRequest(
        { kind: 'document-attached', documentId: meta.id, name: meta.filename },
        eventId,
        staffActor(principal),
        { ...(source.ip ? { ip: source.ip } : {}), channel: source.channel },
      );
      // The workflow puts the attachment on the case's record; the update answers once it has.
      let delivered = true;
      try {
        await submit(caseId, request);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        delivered = false;
      }
      if (!delivered) {
        // A finished case's workflow is gone; the document stays on record and the audit says who added it.
        await appendAuditEntry(deps.db, {
          caseId,
          actor: { id: principal.id, kind: principal.kind === 'user' ? 'staff' : 'integration' },
          occurredAt: deps.clock(),
          eventType: 'document-attached',
          details: { documentId: meta.id, name: meta.filename },
          source: { channel: source.channel, ...(source.ip ? { ip: source.ip } : {}) },
        });
      }
      return meta;
    },

    async listDocuments(principal: Principal, caseId: string): Promise<DocumentMeta[]> {
      demand(principal, 'cases:read');
      await visibleCase(principal, caseId);
      return deps.documents.listForCase(caseId);
    },

    async readDocument(
      principal: Principal,
      caseId: string,
      documentId: string,
      source: RequestSource,
    ): Promise<{ meta: DocumentMeta; content: Buffer }> {
      demand(principal, 'cases:read');
      await visibleCase(principal, caseId);
      const meta = await deps.documents.getMeta(documentId);
      if (!meta || meta.caseId !== caseId)
        throw new ApiError('DOCUMENT_NOT_FOUND', `document ${documentId} not found`, { documentId });
      await recordRead(principal, caseId, 'document', source, { documentId });
      return deps.documents.read(documentId);
    },

    /** For request hashing by callers that add idempotency (the create route, Open311 POST). */
    requestHash(method: string, path: string, body: unknown): string {
      return createHash('sha256').update(canonicalJson({ method, path, body })).digest('hex');
    },
  };
}
