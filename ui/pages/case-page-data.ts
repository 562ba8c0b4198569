/**
 * Everything the case page shows, read through the in-process services with the signed-in person's
 * principal (so scope, masking and the audit of reads are the API's). Another department's case
 * throws CASE_NOT_FOUND from the first read, before anything else is read.
 */
import type { Knex } from 'knex';
import { can } from '../../api/auth/access-policy';
import type { Principal } from '../../api/auth/principal';
import type { CaseSla, CaseView, EligibleAssigneeList, RequestSource, TimelineEntry } from '../../api/services';
import { createCaseMessageService } from '../../api/services/case-message-service';
import { listCaseNotifications, type CaseMessage, type DocumentMeta, type Notification } from '../../db';
import type { CompiledDefinition } from '../../domain/definition';
import type { AvailableAction, AvailableClaim } from '../../interpreter/available-actions';
import type { PredictedClose } from '../../api/services/prediction-service';
import type { CaseRecordsStatus } from '../../api/services/records/records-service';
import type { SurveySummary } from '../../api/services/satisfaction-service';
import type { PageDeps } from './page-deps';

export interface CasePageData {
  view: CaseView;
  definition: CompiledDefinition;
  sla: CaseSla;
  timeline: TimelineEntry[];
  offers: (AvailableAction | AvailableClaim)[];
  documents: DocumentMeta[];
  /** Eligible assignees by step id (only for people who may assign). */
  assignees: Map<string, EligibleAssigneeList>;
  /** Display names of the staff the page mentions, by user id. */
  names: Map<string, string>;
  /** The signed-in person's id (their own task offers Release). */
  viewerId: string;
  may: { act: boolean; assign: boolean; clock: boolean; upload: boolean };
  /** Legal holds, tombstone and releasable documents. */
  records: CaseRecordsStatus;
  /** Open cases only: the predicted close date. */
  prediction?: PredictedClose;
  /** Notices the outbox gave up on (an incident staff act on). */
  undeliveredNotices: Notification[];
  /** Messages with the resident (email in, staff replies), oldest first. */
  messages: CaseMessage[];
  /** Satisfaction surveys sent when the case closed, newest first. */
  surveys: SurveySummary[];
}

async function displayNames(db: Knex, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (wanted.length === 0) return new Map();
  const rows = await db('users')
    .whereIn('id', wanted)
    .select<{ id: string; display_name: string }[]>('id', 'display_name');
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

export async function loadCasePage(
  deps: PageDeps,
  principal: Principal,
  caseId: string,
  source: RequestSource,
): Promise<CasePageData> {
  const { cases, sla, assignees } = deps.services;
  const view = await cases.getCase(principal, caseId, source);
  const may = {
    act: can(principal, 'cases:act'),
    assign: can(principal, 'cases:assign'),
    clock: can(principal, 'cases:clock'),
    upload: can(principal, 'documents:write'),
  };
  const open = view.closedAt === null;
  const [definition, slaView, timeline, offers, documents, records, undeliveredNotices, messages, surveys] =
    await Promise.all([
      cases.definitions.get(view.definition.id, view.definition.version),
      sla.caseSla(principal, caseId, source),
      cases.timeline(principal, caseId, source),
      open && may.act ? cases.availableActions(principal, caseId) : Promise.resolve([]),
      cases.listDocuments(principal, caseId),
      deps.services.records.caseStatus(principal, caseId),
      // After getCase: the viewer may see this case.
      listCaseNotifications(deps.db, caseId, { state: 'failed' }),
      createCaseMessageService({ db: deps.db, clock: deps.clock, publicUrl: deps.config.publicUrl }).listMessages(
        principal,
        caseId,
      ),
      deps.satisfaction.forCase(principal, caseId),
    ]);
  const prediction = open ? (await deps.predictions.forCases([caseId])).get(caseId) : undefined;
  const humanSteps = slaView.steps.filter((step) => step.kind === 'human');
  const lists =
    open && may.assign
      ? await Promise.all(
          humanSteps.map((step) => assignees.eligibleAssignees(principal, caseId, step.stepId).catch(() => undefined)),
        )
      : [];
  const names = await displayNames(deps.db, [
    ...(view.assigneeId ? [view.assigneeId] : []),
    ...slaView.steps.flatMap((step) => (step.assigneeId ? [step.assigneeId] : [])),
    ...timeline.map((entry) => entry.actor.id),
    ...documents.map((doc) => doc.uploadedBy),
    ...records.holds.map((hold) => hold.placedBy),
    ...messages.flatMap((message) => (message.direction === 'out' ? [message.sender] : [])),
    ...surveys.flatMap((survey) => (survey.reviewedBy ? [survey.reviewedBy] : [])),
  ]);
  return {
    view,
    definition,
    sla: slaView,
    timeline,
    offers,
    documents,
    records,
    assignees: new Map(lists.flatMap((list) => (list ? [[list.stepId, list] as const] : []))),
    names,
    viewerId: principal.id,
    may,
    ...(prediction ? { prediction } : {}),
    undeliveredNotices,
    messages,
    surveys,
  };
}
