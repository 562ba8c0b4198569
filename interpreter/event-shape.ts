/**
 * Shape checks for events arriving from outside (signals carry JSON from the API). A malformed event
 * is rejected with INVALID_EVENT instead of throwing inside a workflow, where a throw would fail the
 * workflow task over and over.
 */
import type { CaseEvent, Rejection } from './case-model';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 10_000;
const optionalText = (v: unknown) => v === undefined || (typeof v === 'string' && v.length <= 100_000);

function actorProblem(actor: unknown, required: boolean): string | undefined {
  if (actor === undefined) return required ? 'an actor is required' : undefined;
  if (!isObject(actor) || !isText(actor.id)) return 'the actor needs an id';
  if (actor.roles !== undefined && (!Array.isArray(actor.roles) || !actor.roles.every((r) => typeof r === 'string')))
    return 'actor.roles must be a list of role ids';
  if (actor.department !== undefined && typeof actor.department !== 'string') return 'actor.department must be text';
  return undefined;
}

const dataProblem = (data: unknown) =>
  data === undefined || isObject(data) ? undefined : 'data must be an object of field values';

const NEEDS: Record<CaseEvent['type'], (e: Record<string, unknown>) => string | undefined> = {
  'staff-action': (e) =>
    actorProblem(e.actor, true) ??
    (isText(e.step) && isText(e.action) ? undefined : 'step and action are required') ??
    dataProblem(e.data) ??
    (optionalText(e.comment) ? undefined : 'comment must be text'),
  claim: (e) => actorProblem(e.actor, true) ?? (isText(e.step) ? undefined : 'step is required'),
  assign: (e) =>
    actorProblem(e.actor, true) ??
    (isText(e.step) ? undefined : 'step is required') ??
    (actorProblem(e.assignee, true) === undefined ? undefined : 'the assignee needs an id and roles'),
  release: (e) => actorProblem(e.actor, true) ?? (isText(e.step) ? undefined : 'step is required'),
  comment: (e) => actorProblem(e.actor, true) ?? (typeof e.text === 'string' ? undefined : 'text is required'),
  'document-attached': (e) =>
    actorProblem(e.actor, false) ??
    (isText(e.documentId) ? undefined : 'documentId is required') ??
    (optionalText(e.name) ? undefined : 'name must be text'),
  'external-event': (e) =>
    actorProblem(e.actor, false) ?? (isText(e.event) ? undefined : 'event is required') ?? dataProblem(e.data),
  'pause-clock': (e) => actorProblem(e.actor, false) ?? (isText(e.reason) ? undefined : 'reason is required'),
  'resume-clock': (e) => actorProblem(e.actor, false) ?? (optionalText(e.reason) ? undefined : 'reason must be text'),
  'extend-clock': (e) =>
    actorProblem(e.actor, false) ??
    (isText(e.by) ? undefined : 'by (a duration) is required') ??
    (optionalText(e.reason) ? undefined : 'reason must be text'),
  withdraw: (e) => actorProblem(e.actor, false) ?? (optionalText(e.reason) ? undefined : 'reason must be text'),
  cancel: (e) => actorProblem(e.actor, true) ?? (optionalText(e.comment) ? undefined : 'comment must be text'),
  reopen: (e) => actorProblem(e.actor, false) ?? (optionalText(e.reason) ? undefined : 'reason must be text'),
  'timer-fired': (e) => (isText(e.deadlineId) ? undefined : 'deadlineId is required'),
  'automated-completed': (e) => (isText(e.step) ? undefined : 'step is required') ?? dataProblem(e.output),
  'automated-failed': (e) =>
    (isText(e.step) ? undefined : 'step is required') ??
    (typeof e.error === 'string' ? undefined : 'error must be text'),
  'retry-automated': (e) => actorProblem(e.actor, true) ?? (isText(e.step) ? undefined : 'step is required'),
};

export function eventShapeProblem(event: unknown): Rejection | undefined {
  if (!isObject(event) || typeof event.type !== 'string' || !Object.prototype.hasOwnProperty.call(NEEDS, event.type)) {
    return {
      code: 'INVALID_EVENT',
      reason: `unknown event type ${JSON.stringify(isObject(event) ? event.type : event)}`,
    };
  }
  if (event.eventId !== undefined && !isText(event.eventId))
    return { code: 'INVALID_EVENT', reason: 'eventId must be text' };
  const problem = NEEDS[event.type as CaseEvent['type']](event);
  return problem ? { code: 'INVALID_EVENT', reason: `${event.type}: ${problem}` } : undefined;
}
