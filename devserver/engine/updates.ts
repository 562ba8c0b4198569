// Workflow updates: admission, delivery as protocol messages inside workflow tasks, and the
// worker's acceptance / rejection / response messages. Update state lives in the record
// (ext.updates), so waiters re-check it after every change of the run.
import { decodeMessage, encodeMessage, protoType, type Pb } from '../protocol/proto-codec';
import { internal } from '../protocol/rpc-error';
import { CommandType, EventType } from './enums';
import type { ExecutionRecord } from './execution-record';
import { addEvent, ensureWorkflowTask } from './history';
import type { Mutation } from './mutation';
import type { CommandHandler } from './commands/command-handler';
import { updates, type UpdateEntry } from './update-state';

const REQUEST = 'temporal.api.update.v1.Request';
const ANY_PREFIX = 'type.googleapis.com/';

/** Admits an update (idempotent on its id) and makes sure a workflow task will deliver it. */
export function admitUpdate(rec: ExecutionRecord, m: Mutation, request: Pb): UpdateEntry {
  const updateId: string = request.meta.updateId;
  const existing = updates(rec)[updateId];
  if (existing) return existing;
  const entry: UpdateEntry = {
    updateId,
    request,
    state: 'admitted',
    messageId: `${updateId}/request`,
    sequencingEventId: 0,
    acceptedEventId: 0,
  };
  updates(rec)[updateId] = entry;
  m.touch(rec);
  ensureWorkflowTask(rec, m);
  return entry;
}

export const hasUndeliveredUpdates = (rec: ExecutionRecord): boolean =>
  Object.values(updates(rec)).some((u) => u.state === 'admitted');

/** Protocol messages for the task being started: every admitted update, after the last event. */
export function takeUpdateMessages(rec: ExecutionRecord, m: Mutation, startedEventId: number): Pb[] {
  const messages: Pb[] = [];
  for (const entry of Object.values(updates(rec))) {
    if (entry.state !== 'admitted') continue;
    if (!entry.request) throw internal(`update ${entry.updateId} is to be delivered but its request is gone`);
    entry.state = 'sent';
    entry.sequencingEventId = startedEventId - 1;
    messages.push({
      id: entry.messageId,
      protocolInstanceId: entry.updateId,
      eventId: entry.sequencingEventId,
      body: {
        type_url: ANY_PREFIX + REQUEST,
        value: encodeMessage(protoType(REQUEST), entry.request).toString('base64'),
      },
    });
  }
  if (messages.length > 0) m.touch(rec);
  return messages;
}

function decodeBody(body: Pb | undefined): { kind: string; value: Pb } | undefined {
  const typeUrl: string | undefined = body?.type_url ?? body?.typeUrl;
  if (!typeUrl || !body?.value) return undefined;
  const typeName = typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
  const kind = typeName.slice(typeName.lastIndexOf('.') + 1);
  return { kind, value: decodeMessage(protoType(typeName), Buffer.from(body.value as string, 'base64')) };
}

/** Applies one protocol message from a workflow task completion. */
export function applyProtocolMessage(rec: ExecutionRecord, m: Mutation, message: Pb): void {
  const entry = updates(rec)[message.protocolInstanceId];
  const body = decodeBody(message.body);
  if (!entry || !body) return;
  m.touch(rec);
  switch (body.kind) {
    case 'Acceptance':
      if (entry.state === 'accepted' || entry.state === 'completed') return;
      entry.state = 'accepted';
      entry.acceptedEventId = addEvent(rec, m, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, {
        protocolInstanceId: entry.updateId,
        acceptedRequestMessageId: body.value.acceptedRequestMessageId,
        acceptedRequestSequencingEventId: body.value.acceptedRequestSequencingEventId,
        acceptedRequest: body.value.acceptedRequest ?? entry.request,
      });
      delete entry.request;
      return;
    case 'Rejection':
      // A rejected update leaves no trace in history.
      if (entry.state === 'completed') return;
      entry.state = 'completed';
      entry.outcome = { failure: body.value.failure };
      delete entry.request;
      return;
    case 'Response':
      if (entry.state === 'completed') return;
      addEvent(rec, m, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED, {
        meta: body.value.meta,
        acceptedEventId: entry.acceptedEventId,
        outcome: body.value.outcome,
      });
      entry.state = 'completed';
      entry.outcome = body.value.outcome;
      return;
  }
}

/** COMMAND_TYPE_PROTOCOL_MESSAGE: applies the referenced message at this point of the command list. */
export const protocolMessageCommand: CommandHandler = {
  attributesField: 'protocolMessageCommandAttributes',
  validate: () => undefined,
  apply({ rec, m, messages }, attrs) {
    const message = messages?.get(attrs?.messageId);
    if (message) {
      messages?.delete(attrs.messageId);
      applyProtocolMessage(rec, m, message);
    }
    return false;
  },
};

export const UPDATE_COMMANDS = { [CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE]: protocolMessageCommand };
