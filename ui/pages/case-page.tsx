/**
 * The staff case page (issue 8, screens 2 and 4): summary and data, SLA panels and the statutory
 * clock with "why this date", what you can do (forms from the definition), documents, the timeline.
 * Plain data in (CasePageData, the form being corrected), markup out.
 */
import { randomUUID } from 'node:crypto';
import { ActionForm } from '../components/action-form';
import { CaseDocuments } from '../components/case-documents';
import { CaseRecordsNotices } from '../components/case-records-notices';
import { CaseSummary } from '../components/case-summary';
import { CaseTimeline } from '../components/case-timeline';
import { PauseClockForm, ResumeClockForm, ExtendClockForm } from '../components/clock-forms';
import { CommentForm } from '../components/comment-form';
import { ErrorSummary, type FieldError } from '../components/error-summary';
import { Notice } from '../components/notice';
import { StatutoryClockPanel } from '../components/statutory-clock-panel';
import { PredictedClose } from '../components/predicted-close';
import { StepSlaPanel } from '../components/step-sla-panel';
import { AssignForm, ClaimForm, ReleaseForm } from '../components/task-forms';
import { UndeliveredNotices } from '../components/undelivered-notices';
import { CaseMessages } from '../components/case-messages';
import { CaseSatisfaction } from '../components/case-satisfaction';
import { actionForm, formValues, humanise, withoutFields, type FormDescriptor } from '../forms';
import { absoluteTime, timelineTime } from '../present';
import type { CasePageData } from './case-page-data';
import {
  describeEntry,
  describeSource,
  matchesKind,
  TIMELINE_KIND_LABELS,
  TIMELINE_KINDS,
  type TimelineKind,
} from './case-timeline-kinds';

/** The form being corrected after a refusal: its id, what was posted, the errors (by control id). */
export interface FormState {
  formId: string;
  values: Readonly<Record<string, string | string[]>>;
  errors: readonly FieldError[];
}

export const FLASH_MESSAGES = {
  action: 'Done: the action was recorded on the case.',
  claim: 'You have claimed the task.',
  release: 'You have released the task.',
  assign: 'The task has been assigned.',
  comment: 'Your comment was added.',
  pause: 'The clock is paused.',
  resume: 'The clock is running again.',
  extend: 'The deadline has been extended.',
  upload: 'The document was uploaded.',
  releasable: 'The document is now released in public-records exports.',
  withheld: 'The document is now withheld from public-records exports.',
  reply: 'Your reply is on its way to the resident by email.',
} as const;
export type FlashCode = keyof typeof FLASH_MESSAGES;

export function parseFlash(value: unknown): FlashCode | undefined {
  return typeof value === 'string' && Object.hasOwn(FLASH_MESSAGES, value) ? (value as FlashCode) : undefined;
}

export interface CasePageProps {
  data: CasePageData;
  now: Date;
  timeZone: string;
  csrfToken: string;
  state?: FormState;
  flash?: FlashCode;
  timelineKind?: TimelineKind;
  documentLimits: { maxBytes: number; contentTypes: readonly string[] };
}

/** The action form of an offer, without the fields the viewer may not see (they are withheld, not editable). */
export function offeredActionForm(
  data: Pick<CasePageData, 'definition' | 'view'>,
  step: string,
  action: string,
): FormDescriptor & { purpose: { kind: 'action'; step: string; action: string; label: string } } {
  return withoutFields(actionForm(data.definition, step, action), data.view.maskedFields) as FormDescriptor & {
    purpose: { kind: 'action'; step: string; action: string; label: string };
  };
}

export const actionFormId = (step: string, action: string) => `act-${step}-${action}`;

export function CasePage(props: CasePageProps) {
  const { data, now, timeZone, csrfToken, state } = props;
  const { view, definition, sla } = data;
  const caseId = view.id;
  const frame = () => ({ csrfToken, idempotencyKey: randomUUID() });
  const errorsOf = (formId: string): readonly FieldError[] => (state?.formId === formId ? state.errors : []);
  const valuesOf = (formId: string) => (state?.formId === formId ? state.values : undefined);
  const name = (id: string | null) => (id ? (data.names.get(id) ?? id) : null);
  const closed = view.closedAt !== null;
  const clock = sla.statutoryClock;
  const clockDef = definition.statutoryClock;
  const clockCalendar = clock?.why.calendar ? sla.calendars[clock.why.calendar.id] : undefined;
  const humanSteps = sla.steps.filter((step) => step.kind === 'human');
  const when = (iso: string) => absoluteTime(Date.parse(iso), timeZone);
  const shown = data.timeline.filter((entry) => matchesKind(entry, props.timelineKind));
  const tasks = humanSteps.map((step) => ({
    step,
    claim: data.offers.some((offer) => offer.kind === 'claim' && offer.step === step.stepId),
    actions: data.offers.flatMap((offer) => (offer.kind === 'action' && offer.step === step.stepId ? [offer] : [])),
    eligible: data.assignees.get(step.stepId),
    mine: step.assigneeId !== null && step.assigneeId === data.viewerId && data.may.act,
  }));
  const replyable =
    data.may.act && typeof view.residentContact?.email === 'string' && view.residentContact.preferredChannel !== 'none';
  const clockForms =
    !closed && clock && clockDef && data.may.clock && (clock.state === 'running' || clock.state === 'paused')
      ? clock.state
      : undefined;
  const present = new Set<string>([
    ...(closed
      ? []
      : tasks.flatMap((t) => [
          ...(t.claim ? [`claim-${t.step.stepId}`] : []),
          ...(t.mine ? [`release-${t.step.stepId}`] : []),
          ...(t.eligible ? [`assign-${t.step.stepId}`] : []),
          ...t.actions.map((a) => actionFormId(a.step, a.action)),
        ])),
    ...(clockForms === 'running'
      ? ['clock-pause', 'clock-extend']
      : clockForms === 'paused'
        ? ['clock-resume', 'clock-extend']
        : []),
    ...(!closed && data.may.act ? ['comment'] : []),
    ...(!closed && data.may.upload ? ['upload'] : []),
    ...(data.records.mayMarkReleasable ? data.documents.map((doc) => `releasable-${doc.id}`) : []),
    ...(replyable ? ['reply'] : []),
  ]);
  // The case moved on and the refused form is gone: its errors link to a note where it was.
  const gone = state !== undefined && !present.has(state.formId);
  const summaryErrors = state
    ? gone
      ? state.errors.map((error) => ({ ...error, field: state.formId }))
      : state.errors
    : [];

  return (
    <div class="grid-container cf-case-page">
      {state ? <ErrorSummary errors={summaryErrors} /> : null}
      {props.flash ? <Notice kind="success">{FLASH_MESSAGES[props.flash]}</Notice> : null}
      <h1>Case {view.trackingNumber}</h1>
      <CaseRecordsNotices
        holds={data.records.holds.map((hold) => ({
          id: hold.id,
          reason: hold.reason,
          placedBy: name(hold.placedBy) ?? hold.placedBy,
          placedAt: when(hold.placedAt.toISOString()),
          on: hold.scope.kind,
        }))}
        tombstone={
          data.records.tombstone
            ? {
                disposedAt: when(data.records.tombstone.disposedAt.toISOString()),
                approvedBy: data.records.tombstone.approvedByName,
                retentionClass: data.records.tombstone.retentionClass,
                documentsRemoved: data.records.tombstone.documentsRemoved,
              }
            : undefined
        }
      />
      {view.title ? <p class="usa-intro">{view.title}</p> : null}
      <UndeliveredNotices
        notices={data.undeliveredNotices.map((notice) => ({
          id: notice.id,
          template: notice.template,
          channel: notice.channel,
          attempts: notice.attempts,
          reason: notice.lastError ?? 'no attempts left',
          when: when(notice.nextAttemptAt.toISOString()),
        }))}
      />
      <CaseSummary
        trackingNumber={view.trackingNumber}
        title={view.title}
        definition={{ id: definition.id, version: view.definition.version, title: definition.title }}
        status={closed ? `Closed (${humanise(view.status)})` : humanise(view.status)}
        priority={humanise(view.priority)}
        department={view.departmentId ? (definition.departments[view.departmentId]?.title ?? view.departmentId) : null}
        assignee={name(view.assigneeId)}
        createdAt={when(view.createdAt)}
        closedAt={view.closedAt ? when(view.closedAt) : null}
        outcome={view.outcome ? humanise(view.outcome) : null}
        fields={definition.caseData.fields.map((field) => ({
          name: field,
          label: definition.caseData.schema.properties[field]?.title ?? humanise(field),
        }))}
        data={view.data}
        maskedFields={view.maskedFields}
        residentContact={view.residentContact}
      />

      <h2 id="deadlines">Deadlines</h2>
      <PredictedClose prediction={data.prediction} when={when} />
      {sla.steps.length === 0 && !clock ? <p>No current steps.</p> : null}
      {sla.steps.map((step) => (
        <StepSlaPanel
          key={step.stepId}
          step={step}
          calendar={step.sla?.calendar ? sla.calendars[step.sla.calendar.id] : undefined}
          timeZone={timeZone}
          now={now}
        />
      ))}
      {clock ? <StatutoryClockPanel clock={clock} calendar={clockCalendar} timeZone={timeZone} now={now} /> : null}

      <h2 id="what-you-can-do">What you can do</h2>
      {gone && state ? (
        <div class="usa-alert usa-alert--warning usa-alert--slim" id={state.formId} tabindex={-1}>
          <div class="usa-alert__body">
            <p class="usa-alert__text">{state.errors.map((error) => error.message).join('. ')}</p>
          </div>
        </div>
      ) : null}
      {closed ? (
        <p>This case is closed. It is read-only.</p>
      ) : (
        <>
          {tasks.map(({ step, claim, actions, eligible, mine }) => {
            return (
              <section key={step.stepId} class="cf-panel" aria-labelledby={`task-${step.stepId}`}>
                <h3 id={`task-${step.stepId}`}>{step.title}</h3>
                <p>Assigned to: {name(step.assigneeId) ?? 'nobody'}</p>
                {claim ? (
                  <ClaimForm
                    caseId={caseId}
                    stepId={step.stepId}
                    idPrefix={`claim-${step.stepId}`}
                    frame={frame()}
                    errors={errorsOf(`claim-${step.stepId}`)}
                  />
                ) : null}
                {mine && step.assigneeId ? (
                  <ReleaseForm
                    caseId={caseId}
                    stepId={step.stepId}
                    idPrefix={`release-${step.stepId}`}
                    frame={frame()}
                    errors={errorsOf(`release-${step.stepId}`)}
                  />
                ) : null}
                {eligible ? (
                  <AssignForm
                    caseId={caseId}
                    stepId={step.stepId}
                    idPrefix={`assign-${step.stepId}`}
                    frame={frame()}
                    errors={errorsOf(`assign-${step.stepId}`)}
                    eligible={eligible.items}
                    currentAssignee={step.assigneeId}
                    value={
                      typeof valuesOf(`assign-${step.stepId}`)?.assigneeId === 'string'
                        ? (valuesOf(`assign-${step.stepId}`)?.assigneeId as string)
                        : undefined
                    }
                  />
                ) : null}
                {actions.map((offer) => {
                  const id = actionFormId(offer.step, offer.action);
                  const form = offeredActionForm(data, offer.step, offer.action);
                  return (
                    <div key={id} class="cf-action">
                      <h4>{offer.label}</h4>
                      <ActionForm
                        caseId={caseId}
                        form={form}
                        idPrefix={id}
                        frame={frame()}
                        values={valuesOf(id) ?? formValues(form, view.data)}
                        errors={errorsOf(id)}
                      />
                    </div>
                  );
                })}
                {!claim && actions.length === 0 && !eligible ? <p>Nothing for you to do on this step.</p> : null}
              </section>
            );
          })}
          {clock && clockDef && clockForms ? (
            <section class="cf-panel" aria-labelledby="clock-actions">
              <h3 id="clock-actions">Statutory clock</h3>
              {clockForms === 'running' ? (
                <PauseClockForm
                  caseId={caseId}
                  frame={frame()}
                  errors={errorsOf('clock-pause')}
                  values={valuesOf('clock-pause') ?? {}}
                  reasons={Object.values(clockDef.pauseReasons).map((r) => ({ value: r.id, label: r.label }))}
                />
              ) : (
                <ResumeClockForm caseId={caseId} frame={frame()} errors={errorsOf('clock-resume')} />
              )}
              <ExtendClockForm
                caseId={caseId}
                frame={frame()}
                errors={errorsOf('clock-extend')}
                values={valuesOf('clock-extend') ?? {}}
                reasons={clockDef.extensions.reasons.map((r) => ({ value: r, label: humanise(r) }))}
              />
            </section>
          ) : null}
          {data.may.act ? (
            <section class="cf-panel" aria-labelledby="comment-heading">
              <h3 id="comment-heading">Add a comment</h3>
              <CommentForm
                caseId={caseId}
                frame={frame()}
                errors={errorsOf('comment')}
                value={typeof valuesOf('comment')?.text === 'string' ? (valuesOf('comment')?.text as string) : ''}
              />
            </section>
          ) : null}
        </>
      )}

      <h2 id="messages">Messages with the resident</h2>
      <CaseMessages
        caseId={caseId}
        messages={data.messages.map((message) => ({
          id: message.id,
          incoming: message.direction === 'in',
          from: message.direction === 'in' ? message.sender : (name(message.sender) ?? message.sender),
          unverified: message.direction === 'in' && !message.verifiedSender,
          subject: message.subject,
          body: message.body,
          when: when(message.createdAt.toISOString()),
          isNew: message.direction === 'in' && message.readAt === null,
        }))}
        reply={
          replyable
            ? {
                frame: frame(),
                errors: errorsOf('reply'),
                value: typeof valuesOf('reply')?.text === 'string' ? (valuesOf('reply')?.text as string) : '',
              }
            : undefined
        }
      />

      {closed ? (
        <>
          <h2 id="satisfaction">Resident satisfaction</h2>
          <CaseSatisfaction
            surveys={data.surveys.map((survey) => ({
              id: survey.id,
              sent: when(survey.sentAt.toISOString()),
              channel: survey.channel === 'sms' ? 'text message' : survey.channel,
              rating: survey.rating,
              comment: survey.comment,
              answered: survey.answeredAt ? when(survey.answeredAt.toISOString()) : null,
              expired: survey.expiresAt.getTime() <= now.getTime(),
              reviewed: survey.reviewedAt
                ? `${when(survey.reviewedAt.toISOString())} by ${name(survey.reviewedBy) ?? survey.reviewedBy ?? ''}`
                : null,
            }))}
          />
        </>
      ) : null}

      <h2 id="documents">Documents</h2>
      <CaseDocuments
        caseId={caseId}
        documents={data.documents.map((doc) => ({
          id: doc.id,
          filename: doc.filename,
          contentType: doc.contentType,
          sizeBytes: doc.sizeBytes,
          uploadedBy: name(doc.uploadedBy) ?? doc.uploadedBy,
          uploadedAt: when(doc.uploadedAt.toISOString()),
          description: doc.description,
        }))}
        upload={
          !closed && data.may.upload
            ? {
                frame: frame(),
                errors: errorsOf('upload'),
                maxBytes: props.documentLimits.maxBytes,
                accept: props.documentLimits.contentTypes,
              }
            : undefined
        }
        releasable={{
          releasable: data.records.releasableDocuments,
          ...(data.records.mayMarkReleasable ? { form: frame() } : {}),
          errors: state?.formId.startsWith('releasable-') ? state.errors : [],
        }}
      />

      <h2 id="timeline">Timeline</h2>
      <CaseTimeline
        caseId={caseId}
        kind={props.timelineKind ?? ''}
        kinds={TIMELINE_KINDS.map((kind) => ({ value: kind, label: TIMELINE_KIND_LABELS[kind] }))}
        total={data.timeline.length}
        rows={shown.map((entry) => {
          const time = timelineTime(Date.parse(entry.at), now.getTime(), timeZone);
          return {
            sequence: entry.sequence,
            when: time.relative,
            whenFull: time.absolute,
            iso: time.iso,
            who: entry.actor.kind === 'system' ? 'CivicFlow' : (name(entry.actor.id) ?? entry.actor.id),
            what: describeEntry(entry, data.names),
            where: describeSource(entry.source),
          };
        })}
      />
    </div>
  );
}
