/**
 * One workflow per case (workflow id = case id): a thin loop around the pure interpreter. It waits
 * for a signal or the next deadline, applies the event, and carries out the resulting commands
 * through activities. All process logic lives in the interpreter; this file only sequences I/O.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { CompiledDefinition, JsonValue } from '../domain/definition';
import {
  applyCaseEvent,
  migrateCase,
  availableActions,
  fireDueDeadlines,
  nextDeadline,
  rejectionAuditEntry,
  startCase,
  type AuditEntry,
  type WorkflowCommand,
  type CaseEvent,
  type CaseState,
  type CaseStepResult,
} from '../interpreter';
import type { AuditWrite, CaseActivities, PrepareNotificationInput } from './case-activities';
import { sharedDefinition, sharedPackedDefinition } from './shared-definitions';
import {
  assignTaskSignal,
  availableActionsQuery,
  cancelCaseSignal,
  caseStateQuery,
  caseSummaryQuery,
  claimTaskSignal,
  commentSignal,
  documentAttachedSignal,
  eventOutcomeQuery,
  extendClockSignal,
  externalEventSignal,
  pauseClockSignal,
  releaseTaskSignal,
  reopenSignal,
  resumeClockSignal,
  retryAutomatedSignal,
  staffActionSignal,
  withdrawSignal,
  submitEventUpdate,
  caseStartedUpdate,
  migrateCaseUpdate,
  type CaseEventRequest,
  type CaseSignalPayloads,
  type CaseWorkflowArgs,
  type CaseWorkflowResult,
  type EventOutcome,
  type EventSource,
  type MigrateCaseResult,
  type QueuedEvent,
  type ResidentContactInput,
} from './case-contract';
import { applicantContact, caseProjection, caseSummary, supervisorRoles } from './case-snapshot';
import { caseClock } from './case-clock';

/** Continue-as-new past this many history events even if the server does not suggest it. */
const MAX_HISTORY_EVENTS = 8_000;
/** Outcomes kept for the eventOutcome query (oldest dropped first). */
const MAX_OUTCOMES = 1_000;
/** A deadline handled later than this after its due instant is recorded as late (see fireDueDeadlines). */
const LATE_DEADLINE_MS = 1_000;
const SYSTEM_ACTOR = { id: 'civicflow-workflow', kind: 'system' } as const;
/**
 * Patch marker: the submitEvent update answers once the event's audit and projection are written
 * (histories recorded before answered as soon as the outcome was decided, and replay that way).
 */
const ANSWER_WHEN_RECORDED = 'submit-event-answers-when-recorded';
/** Patch marker: steps are recorded by a local activity (histories recorded before used an activity task). */
const RECORD_STEPS_LOCALLY = 'record-case-step-locally';
/** Patch marker: a notice's deliveries are prepared by a local activity (before: an activity task). */
const PREPARE_NOTICES_LOCALLY = 'prepare-notification-locally';

const records = proxyActivities<Pick<CaseActivities, 'recordCaseStep' | 'prepareNotification'>>({
  startToCloseTimeout: '1 minute',
  // The record must get written eventually: retry until it does (idempotency keys make that safe).
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
/**
 * Recording a step inside the workflow task that applied it (one task per step instead of three), and
 * preparing a notice's deliveries (database reads only) the same way.
 */
const localRecords = proxyLocalActivities<Pick<CaseActivities, 'recordCaseStep' | 'prepareNotification'>>({
  startToCloseTimeout: '1 minute',
  // Past the first minute the SDK waits between attempts with a workflow timer, which adds about six
  // history events per attempt: every 5 minutes, a database down for weeks still fits in a history.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
const notices = proxyActivities<Pick<CaseActivities, 'sendNotification'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 8 },
});

function auditActorKind(kind: string | undefined): AuditWrite['actor']['kind'] {
  if (kind === 'applicant') return 'resident';
  if (kind === 'system') return 'system';
  return 'staff';
}

export async function caseWorkflow(input: CaseWorkflowArgs): Promise<CaseWorkflowResult> {
  // The SDK keeps the start arguments for the whole run: pointing an unpacked definition at the
  // thread's shared copy is what lets this run's own copy go.
  if (input.definition) input.definition = sharedDefinition(input.definition);
  // `let`: a migration (migrateCaseUpdate) moves the case to a newer version of its definition.
  let definition: CompiledDefinition = input.definition ?? sharedPackedDefinition(input.packedDefinition);
  const caseId = input.caseId;
  const outcomes = new Map<string, EventOutcome>(input.resume?.outcomes ?? []);
  const queue: QueuedEvent[] = [...(input.resume?.pending ?? [])];
  const background = new Set<Promise<void>>();
  let recording = 0;
  let state: CaseState | undefined = input.resume?.state;
  /** Events applied whose audit entries and projection are not written yet. */
  const unrecorded = new Set<string>();
  /** The first step's audit and projection are written (a resumed run's were, in the run before). */
  let startRecorded = input.resume !== undefined;
  let supervisors = supervisorRoles(definition);
  // Every time the interpreter sees comes from here, never from Date.now() directly (case-clock.ts).
  const clock = caseClock(() => Date.now());

  const remember = (outcome: EventOutcome): void => {
    outcomes.delete(outcome.eventId);
    outcomes.set(outcome.eventId, outcome);
    while (outcomes.size > MAX_OUTCOMES) outcomes.delete(outcomes.keys().next().value as string);
  };
  /** A signal: queued once per event id; a repeat of a known id changes nothing. */
  const enqueue = (eventId: string | undefined, source: EventSource | undefined, event: CaseEvent): void => {
    if (typeof eventId !== 'string' || eventId === '' || outcomes.has(eventId)) return;
    remember({ eventId, status: 'pending' });
    queue.push({ eventId, ...(source ? { source } : {}), event: { ...event, eventId } });
  };

  // Signal payload → interpreter event, one per signal; the submitEvent update uses the same table.
  const toEvent: { [K in keyof CaseSignalPayloads]: (s: CaseSignalPayloads[K]) => CaseEvent } = {
    staffAction: (s) => ({
      type: 'staff-action',
      actor: s.actor,
      step: s.step,
      action: s.action,
      ...(s.data ? { data: s.data } : {}),
      ...(s.comment !== undefined ? { comment: s.comment } : {}),
    }),
    claimTask: (s) => ({ type: 'claim', actor: s.actor, step: s.step }),
    assignTask: (s) => ({ type: 'assign', actor: s.actor, step: s.step, assignee: s.assignee }),
    releaseTask: (s) => ({ type: 'release', actor: s.actor, step: s.step }),
    addComment: (s) => ({ type: 'comment', actor: s.actor, text: s.text }),
    documentAttached: (s) => ({
      type: 'document-attached',
      ...(s.actor ? { actor: s.actor } : {}),
      documentId: s.documentId,
      ...(s.name ? { name: s.name } : {}),
    }),
    externalEvent: (s) => ({
      type: 'external-event',
      event: s.event,
      ...(s.data ? { data: s.data } : {}),
      ...(s.actor ? { actor: s.actor } : {}),
    }),
    pauseClock: (s) => ({ type: 'pause-clock', reason: s.reason, ...(s.actor ? { actor: s.actor } : {}) }),
    resumeClock: (s) => ({ type: 'resume-clock', ...(s.actor ? { actor: s.actor } : {}) }),
    extendClock: (s) => ({
      type: 'extend-clock',
      by: s.by,
      ...(s.reason ? { reason: s.reason } : {}),
      ...(s.actor ? { actor: s.actor } : {}),
    }),
    withdrawCase: (s) => ({
      type: 'withdraw',
      ...(s.reason ? { reason: s.reason } : {}),
      ...(s.actor ? { actor: s.actor } : {}),
    }),
    reopenCase: (s) => ({
      type: 'reopen',
      ...(s.reason ? { reason: s.reason } : {}),
      ...(s.actor ? { actor: s.actor } : {}),
    }),
    cancelCase: (s) => ({ type: 'cancel', actor: s.actor, ...(s.comment ? { comment: s.comment } : {}) }),
    retryAutomatedStep: (s) => ({ type: 'retry-automated', actor: s.actor, step: s.step }),
  };
  const enqueueRequest = (request: CaseEventRequest): void => {
    const convert = toEvent[request.signal] as (payload: CaseEventRequest['payload']) => CaseEvent;
    enqueue(request.payload.eventId, request.payload.source, convert(request.payload));
  };
  setHandler(staffActionSignal, (payload) => enqueueRequest({ signal: 'staffAction', payload }));
  setHandler(claimTaskSignal, (payload) => enqueueRequest({ signal: 'claimTask', payload }));
  setHandler(assignTaskSignal, (payload) => enqueueRequest({ signal: 'assignTask', payload }));
  setHandler(releaseTaskSignal, (payload) => enqueueRequest({ signal: 'releaseTask', payload }));
  setHandler(commentSignal, (payload) => enqueueRequest({ signal: 'addComment', payload }));
  setHandler(documentAttachedSignal, (payload) => enqueueRequest({ signal: 'documentAttached', payload }));
  setHandler(externalEventSignal, (payload) => enqueueRequest({ signal: 'externalEvent', payload }));
  setHandler(pauseClockSignal, (payload) => enqueueRequest({ signal: 'pauseClock', payload }));
  setHandler(resumeClockSignal, (payload) => enqueueRequest({ signal: 'resumeClock', payload }));
  setHandler(extendClockSignal, (payload) => enqueueRequest({ signal: 'extendClock', payload }));
  setHandler(withdrawSignal, (payload) => enqueueRequest({ signal: 'withdrawCase', payload }));
  setHandler(reopenSignal, (payload) => enqueueRequest({ signal: 'reopenCase', payload }));
  setHandler(cancelCaseSignal, (payload) => enqueueRequest({ signal: 'cancelCase', payload }));
  setHandler(retryAutomatedSignal, (payload) => enqueueRequest({ signal: 'retryAutomatedStep', payload }));
  setHandler(
    submitEventUpdate,
    async (request) => {
      const eventId = request.payload.eventId;
      enqueueRequest(request);
      await condition(() => outcomes.get(eventId)?.status !== 'pending');
      if (patched(ANSWER_WHEN_RECORDED)) await condition(() => !unrecorded.has(eventId));
      return outcomes.get(eventId) as Exclude<EventOutcome, { status: 'pending' }>;
    },
    {
      validator: (request) => {
        if (!request || typeof request !== 'object' || !(request.signal in toEvent))
          throw new Error(
            `unknown event kind ${JSON.stringify((request as { signal?: unknown } | undefined)?.signal)}`,
          );
        if (typeof request.payload?.eventId !== 'string' || request.payload.eventId === '')
          throw new Error('an event needs an eventId');
      },
    },
  );

  setHandler(caseStartedUpdate, async () => {
    await condition(() => startRecorded);
    return { caseId, sequence: current().sequence };
  });

  const busy = () => queue.length > 0 || background.size > 0 || recording > 0;
  const current = (): CaseState => {
    if (!state) throw ApplicationFailure.nonRetryable('the case has not started yet', 'CASE_NOT_STARTED');
    return state;
  };
  setHandler(caseSummaryQuery, () => caseSummary(definition, current(), busy()));
  setHandler(caseStateQuery, () => current());
  setHandler(availableActionsQuery, (user) => availableActions(definition, current(), user));
  setHandler(eventOutcomeQuery, (eventId) => outcomes.get(eventId) ?? { eventId, status: 'unknown' as const });

  // ---------------------------------------------------------------------------------------------
  // Side effects
  // ---------------------------------------------------------------------------------------------

  const toAuditWrite = (
    key: string,
    entry: AuditEntry,
    actorKind: string | undefined,
    source: EventSource | undefined,
  ): AuditWrite => {
    const { type, at, actor, ...rest } = entry;
    return {
      idempotencyKey: key,
      actor: actor ? { id: actor, kind: auditActorKind(actorKind) } : { ...SYSTEM_ACTOR },
      occurredAt: at,
      eventType: type,
      details: JSON.parse(JSON.stringify(rest)) as Record<string, JsonValue>,
      source: { ...(source ?? {}), channel: source?.channel ?? 'workflow', workflowId: caseId },
    };
  };

  const track = (work: Promise<void>): void => {
    const tracked = work.finally(() => background.delete(tracked));
    background.add(tracked);
  };

  // The first projection creates the read-model row with the creator's columns (see CaseRegistration).
  const firstProjectionExtra = () => ({
    ...(input.residentContact ? { residentContact: input.residentContact } : {}),
    ...(input.trackingNumber && input.registration
      ? { registration: { ...input.registration, trackingNumber: input.trackingNumber } }
      : {}),
  });

  const contact = (): ResidentContactInput => applicantContact(definition, current().data, input.residentContact);

  const notify = async (command: Extract<WorkflowCommand, { type: 'notify' }>, at: string): Promise<void> => {
    const template = command.builtIn ? undefined : definition.templates[command.template];
    const notice: PrepareNotificationInput = {
      caseId,
      key: command.key,
      template: command.template,
      builtIn: command.builtIn,
      ...(template
        ? {
            definitionTemplate: {
              ...(template.subject ? { subject: template.subject } : {}),
              body: template.body,
              channel: template.channel,
            },
          }
        : {}),
      recipients: command.recipients,
      supervisorRoles: supervisors,
      applicant: contact(),
      variables: {
        ...current().data,
        ...command.context,
        caseId,
        serviceName: definition.title,
        at,
        ...(command.step ? { stepTitle: definition.steps[command.step]?.title ?? command.step } : {}),
        ...(input.trackingNumber ? { trackingNumber: input.trackingNumber } : {}),
      },
    };
    const deliveries = patched(PREPARE_NOTICES_LOCALLY)
      ? await clock.outsideCaseTime(() => localRecords.prepareNotification(notice))
      : await records.prepareNotification(notice);
    for (const delivery of deliveries) {
      try {
        await notices.sendNotification(delivery);
      } catch (error) {
        // A notice that cannot be sent must not stop the case; the outbox keeps the failure.
        log.warn('notification failed', { key: delivery.idempotencyKey, error: String(error) });
      }
    }
  };

  const runAutomated = async (command: Extract<WorkflowCommand, { type: 'run-activity' }>): Promise<void> => {
    const { runAutomatedAction } = proxyActivities<Pick<CaseActivities, 'runAutomatedAction'>>({
      startToCloseTimeout: '5 minutes',
      retry: {
        maximumAttempts: Math.max(1, command.retry.maxAttempts),
        initialInterval: Math.max(1, command.retry.initialIntervalMs),
        backoffCoefficient: Math.max(1, command.retry.backoff),
        nonRetryableErrorTypes: ['UNKNOWN_AUTOMATED_ACTION'],
      },
    });
    const eventId = `auto:${command.key}`;
    try {
      const output = await runAutomatedAction({
        caseId,
        key: command.key,
        activity: command.activity,
        ...(command.connection !== undefined ? { connection: command.connection, token: command.token } : {}),
        step: command.step,
        input: command.input,
      });
      queue.push({ eventId, event: { type: 'automated-completed', step: command.step, output } });
    } catch (error) {
      const cause = error instanceof ActivityFailure && error.cause ? error.cause.message : String(error);
      queue.push({ eventId, event: { type: 'automated-failed', step: command.step, error: cause } });
    }
  };

  /** Audit and projection in order (awaited: the chain order is the interpreter's), then the rest. */
  const carryOut = async (
    result: CaseStepResult,
    before: CaseState | undefined,
    queued: QueuedEvent | undefined,
    origin?: { actorKind?: string; source?: EventSource },
  ): Promise<void> => {
    const event = queued?.event;
    const actorKind = origin ? origin.actorKind : event && 'actor' in event ? event.actor?.kind : input.actor?.kind;
    const audit: AuditWrite[] = [];
    if (result.outcome === 'rejected' && event && queued) {
      const entry = rejectionAuditEntry(
        event,
        result.rejection,
        Math.max(clock.now(), Date.parse(result.state.updatedAt)),
      );
      audit.push(toAuditWrite(`${caseId}:rejected:${queued.eventId}`, entry, actorKind, queued.source));
    }
    for (const command of result.commands) {
      if (command.type === 'audit')
        audit.push(
          toAuditWrite(
            command.key,
            command.entry,
            actorKind,
            origin?.source ?? queued?.source ?? (before ? undefined : input.source),
          ),
        );
    }
    const projection =
      result.outcome === 'accepted'
        ? caseProjection(definition, before, result.state, before ? {} : firstProjectionExtra())
        : undefined;
    if (audit.length > 0 || projection) {
      recording += 1;
      try {
        const step = { caseId, audit, ...(projection ? { projection } : {}) };
        if (patched(RECORD_STEPS_LOCALLY)) await clock.outsideCaseTime(() => localRecords.recordCaseStep(step));
        else await records.recordCaseStep(step);
      } finally {
        recording -= 1;
      }
    }
    for (const command of result.commands) {
      if (command.type === 'notify') track(notify(command, result.state.updatedAt));
      else if (command.type === 'run-activity') track(runAutomated(command));
    }
  };

  const apply = async (queued: QueuedEvent): Promise<void> => {
    const before = current();
    const result = applyCaseEvent(definition, before, queued.event, clock.now());
    state = result.state;
    const at = new Date(clock.now()).toISOString();
    const internal = queued.eventId.startsWith('auto:');
    unrecorded.add(queued.eventId);
    if (!internal) {
      if (result.outcome === 'accepted')
        remember({ eventId: queued.eventId, status: 'accepted', sequence: result.state.sequence, at });
      else if (result.outcome === 'rejected')
        remember({
          eventId: queued.eventId,
          status: 'rejected',
          code: result.rejection.code,
          reason: result.rejection.reason,
          at,
        });
      else remember({ eventId: queued.eventId, status: 'ignored', reason: result.reason, at });
    }
    try {
      if (result.outcome !== 'ignored') await carryOut(result, before, queued);
    } finally {
      unrecorded.delete(queued.eventId);
    }
  };

  const fireDeadlines = async (): Promise<void> => {
    let before = current();
    // Timers fire within milliseconds of their due instant; more than a second late means nobody ran the case then.
    const fired = fireDueDeadlines(definition, before, clock.now(), { lateAfterMs: LATE_DEADLINE_MS });
    for (const result of fired.results) {
      state = result.state;
      if (result.outcome === 'accepted') await carryOut(result, before, undefined);
      before = result.state;
    }
  };

  // A migration waits until nothing is in flight, so it never interleaves with an event being applied.
  // Histories without this update replay unchanged, so it needs no patch marker.
  const migrations = new Map<string, MigrateCaseResult>();
  setHandler(
    migrateCaseUpdate,
    async (request) => {
      await condition(() => state !== undefined && !busy());
      const known = migrations.get(request.eventId);
      if (known) return known;
      const before = current();
      const target = sharedDefinition(request.target);
      const result = migrateCase(before, target, clock.now(), request.actor);
      if (result.outcome === 'refused') {
        const refusal: MigrateCaseResult = {
          status: 'refused',
          code: result.code,
          reason: result.reason,
          unmapped: result.unmapped,
        };
        migrations.set(request.eventId, refusal);
        return refusal;
      }
      state = result.state;
      definition = target;
      supervisors = supervisorRoles(definition);
      const answer: MigrateCaseResult = {
        status: 'migrated',
        from: before.definition.version,
        to: definition.version,
        moves: result.moves,
        sequence: result.state.sequence,
      };
      migrations.set(request.eventId, answer);
      await carryOut({ outcome: 'accepted', state: result.state, commands: result.commands }, before, undefined, {
        actorKind: request.actor.kind ?? 'staff',
        ...(request.source ? { source: request.source } : {}),
      });
      return answer;
    },
    {
      validator: (request) => {
        if (typeof request?.eventId !== 'string' || request.eventId === '')
          throw new Error('a migration needs an eventId');
        if (!request.target || typeof request.target !== 'object' || typeof request.target.version !== 'string')
          throw new Error('a migration needs a target definition');
        if (!request.actor || typeof request.actor.id !== 'string') throw new Error('a migration needs an actor');
      },
    },
  );

  // ---------------------------------------------------------------------------------------------
  // The loop
  // ---------------------------------------------------------------------------------------------

  if (!state) {
    // The case exists from the moment the start was accepted, not from when a worker first ran it.
    const createdMs = workflowInfo().runStartTime.getTime();
    const started = startCase(
      definition,
      {
        caseId,
        ...(input.data ? { data: input.data } : {}),
        ...(input.priority ? { priority: input.priority } : {}),
        ...(input.actor ? { actor: input.actor } : {}),
      },
      createdMs,
    );
    state = started.state;
    await carryOut(started, undefined, undefined);
    startRecorded = true;
  }

  for (;;) {
    await fireDeadlines();
    const next = queue.shift();
    if (next) {
      await apply(next);
      continue;
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > MAX_HISTORY_EVENTS) {
      // Side effects finish in this run; events that arrive meanwhile travel with the new run.
      await condition(() => background.size === 0);
      if (queue.length > 0) continue;
      await continueAsNew<typeof caseWorkflow>({
        caseId,
        // Still packed unless a migration changed the version.
        ...(input.packedDefinition?.hash === definition.hash
          ? { packedDefinition: input.packedDefinition }
          : { definition }),
        ...(input.residentContact ? { residentContact: input.residentContact } : {}),
        ...(input.trackingNumber ? { trackingNumber: input.trackingNumber } : {}),
        resume: { state: current(), outcomes: [...outcomes.entries()], pending: [...queue] },
      });
    }
    const closed = current().lifecycle === 'closed';
    const reopenUntil = current().reopen ? Date.parse(current().reopen!.until) : undefined;
    if (closed && (reopenUntil === undefined || reopenUntil <= clock.now())) {
      // Signals that race with the close still get their outcome (rejected: closed) before we finish.
      await condition(() => background.size === 0 || queue.length > 0);
      if (queue.length > 0) continue;
      break;
    }
    const due = [nextDeadline(current())?.dueMs, closed ? reopenUntil : undefined].filter(
      (ms): ms is number => ms !== undefined,
    );
    const wakeAt = due.length > 0 ? Math.min(...due) : undefined;
    const waitMs = wakeAt === undefined ? undefined : Math.max(1, wakeAt - clock.now());
    if (waitMs === undefined) await condition(() => queue.length > 0);
    else await condition(() => queue.length > 0, waitMs);
  }
  const final = current();
  return {
    caseId,
    ...(final.outcome ? { outcome: final.outcome.id } : {}),
    ...(final.status ? { status: final.status } : {}),
    sequence: final.sequence,
  };
}
