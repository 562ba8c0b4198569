/**
 * The commands staff (and integrations) send to a case, the permission each needs, and how each
 * becomes an event for the case workflow's submitEvent update. Pure mapping; case-service.ts does the I/O.
 */
import type { JsonValue } from '../../domain/definition';
import type { Actor } from '../../interpreter/case-model';
import type { CaseEventRequest, EventSource } from '../../workflows/case-contract';
import type { Permission } from '../auth/access-policy';

export type CaseCommand =
  | { kind: 'action'; step: string; action: string; data?: Record<string, JsonValue>; comment?: string }
  | { kind: 'claim'; step: string }
  | { kind: 'assign'; step: string; assigneeId: string }
  | { kind: 'release'; step: string }
  | { kind: 'comment'; text: string }
  | { kind: 'document-attached'; documentId: string; name?: string }
  | { kind: 'pause-clock'; reason: string }
  | { kind: 'resume-clock' }
  | { kind: 'extend-clock'; by: string; reason?: string }
  | { kind: 'withdraw'; reason?: string }
  | { kind: 'reopen'; reason?: string }
  | { kind: 'external-event'; event: string; data?: Record<string, JsonValue> };

export type CaseCommandKind = CaseCommand['kind'];

export const COMMAND_PERMISSION: Record<CaseCommandKind, Permission> = {
  action: 'cases:act',
  claim: 'cases:act',
  assign: 'cases:assign',
  release: 'cases:act',
  comment: 'cases:act',
  'document-attached': 'documents:write',
  'pause-clock': 'cases:clock',
  'resume-clock': 'cases:clock',
  'extend-clock': 'cases:clock',
  withdraw: 'cases:withdraw',
  reopen: 'cases:reopen',
  'external-event': 'cases:act',
};

/** The command as the case workflow's submitEvent update takes it (the same payload as its signal). */
export function toEventRequest(
  command: CaseCommand,
  eventId: string,
  actor: Actor,
  source: EventSource,
  assignee?: Actor,
): CaseEventRequest {
  const base = { eventId, source, actor };
  switch (command.kind) {
    case 'action':
      return {
        signal: 'staffAction',
        payload: {
          ...base,
          step: command.step,
          action: command.action,
          ...(command.data ? { data: command.data } : {}),
          ...(command.comment !== undefined ? { comment: command.comment } : {}),
        },
      };
    case 'claim':
      return { signal: 'claimTask', payload: { ...base, step: command.step } };
    case 'assign':
      if (!assignee) throw new Error('assign needs the assignee resolved');
      return { signal: 'assignTask', payload: { ...base, step: command.step, assignee } };
    case 'release':
      return { signal: 'releaseTask', payload: { ...base, step: command.step } };
    case 'comment':
      return { signal: 'addComment', payload: { ...base, text: command.text } };
    case 'document-attached':
      return {
        signal: 'documentAttached',
        payload: { ...base, documentId: command.documentId, ...(command.name ? { name: command.name } : {}) },
      };
    case 'pause-clock':
      return { signal: 'pauseClock', payload: { ...base, reason: command.reason } };
    case 'resume-clock':
      return { signal: 'resumeClock', payload: base };
    case 'extend-clock':
      return {
        signal: 'extendClock',
        payload: { ...base, by: command.by, ...(command.reason !== undefined ? { reason: command.reason } : {}) },
      };
    case 'withdraw':
      return {
        signal: 'withdrawCase',
        payload: { ...base, ...(command.reason !== undefined ? { reason: command.reason } : {}) },
      };
    case 'reopen':
      return {
        signal: 'reopenCase',
        payload: { ...base, ...(command.reason !== undefined ? { reason: command.reason } : {}) },
      };
    case 'external-event':
      return {
        signal: 'externalEvent',
        payload: { ...base, event: command.event, ...(command.data ? { data: command.data } : {}) },
      };
  }
}
