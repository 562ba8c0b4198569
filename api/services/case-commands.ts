/**
 * The commands staff (and integrations) send to a case, the permission each needs, and how each
 * becomes a workflow signal. Pure mapping; case-service.ts does the I/O.
 */
import type { JsonValue } from '../../domain/definition';
import type { Actor } from '../../interpreter/case-model';
import {
  assignTaskSignal,
  claimTaskSignal,
  commentSignal,
  documentAttachedSignal,
  extendClockSignal,
  externalEventSignal,
  pauseClockSignal,
  releaseTaskSignal,
  reopenSignal,
  resumeClockSignal,
  staffActionSignal,
  withdrawSignal,
  type EventSource,
} from '../../workflows/case-contract';
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

/** A signal definition and its payload, ready for `handle.signal`. */
export interface SignalCall {
  signal: any;
  payload: Record<string, unknown>;
}

export function toSignal(command: CaseCommand, eventId: string, actor: Actor, source: EventSource, assignee?: Actor): SignalCall {
  const base = { eventId, source, actor };
  switch (command.kind) {
    case 'action':
      return { signal: staffActionSignal, payload: { ...base, step: command.step, action: command.action, ...(command.data ? { data: command.data } : {}), ...(command.comment !== undefined ? { comment: command.comment } : {}) } };
    case 'claim':
      return { signal: claimTaskSignal, payload: { ...base, step: command.step } };
    case 'assign':
      if (!assignee) throw new Error('assign needs the assignee resolved');
      return { signal: assignTaskSignal, payload: { ...base, step: command.step, assignee } };
    case 'release':
      return { signal: releaseTaskSignal, payload: { ...base, step: command.step } };
    case 'comment':
      return { signal: commentSignal, payload: { ...base, text: command.text } };
    case 'document-attached':
      return { signal: documentAttachedSignal, payload: { ...base, documentId: command.documentId, ...(command.name ? { name: command.name } : {}) } };
    case 'pause-clock':
      return { signal: pauseClockSignal, payload: { ...base, reason: command.reason } };
    case 'resume-clock':
      return { signal: resumeClockSignal, payload: base };
    case 'extend-clock':
      return { signal: extendClockSignal, payload: { ...base, by: command.by, ...(command.reason !== undefined ? { reason: command.reason } : {}) } };
    case 'withdraw':
      return { signal: withdrawSignal, payload: { ...base, ...(command.reason !== undefined ? { reason: command.reason } : {}) } };
    case 'reopen':
      return { signal: reopenSignal, payload: { ...base, ...(command.reason !== undefined ? { reason: command.reason } : {}) } };
    case 'external-event':
      return { signal: externalEventSignal, payload: { ...base, event: command.event, ...(command.data ? { data: command.data } : {}) } };
  }
}
