// Markers (local activities, patches), search attribute upserts and memo changes.
import type { Pb } from '../../protocol/proto-codec';
import { CommandType, EventType, TaskFailedCause } from '../enums';
import { addEvent } from '../history';
import { upsertSearchAttributes } from '../../visibility';
import type { CommandHandler } from './command-handler';

export const recordMarkerCommand: CommandHandler = {
  attributesField: 'recordMarkerCommandAttributes',
  validate: (attrs) =>
    attrs?.markerName
      ? undefined
      : {
          cause: TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES,
          message: 'MarkerName is not set on command.',
        },
  apply({ rec, m, completedEventId }, attrs) {
    addEvent(rec, m, EventType.EVENT_TYPE_MARKER_RECORDED, {
      markerName: attrs.markerName,
      details: attrs.details,
      workflowTaskCompletedEventId: completedEventId,
      header: attrs.header,
      failure: attrs.failure,
    });
    return false;
  },
};

/** Merges memo payload maps; an empty payload removes the key. */
export function mergePayloadMap(current: Pb | undefined, changes: Pb | undefined): Pb {
  const merged: Pb = { ...(current ?? {}) };
  for (const [key, payload] of Object.entries(changes ?? {})) {
    const p = payload as Pb;
    const data = p?.data;
    const isEmptyList = typeof data === 'string' && Buffer.from(data, 'base64').toString() === '[]';
    if (!data || isEmptyList) delete merged[key];
    else merged[key] = p;
  }
  return merged;
}

export const upsertSearchAttributesCommand: CommandHandler = {
  attributesField: 'upsertWorkflowSearchAttributesCommandAttributes',
  validate: (attrs) =>
    attrs?.searchAttributes
      ? undefined
      : {
          cause: TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES,
          message: 'SearchAttributes are not set on command.',
        },
  apply({ rec, m, completedEventId }, attrs) {
    // Same semantics as visibility: an unset (null / binary/null) payload removes the attribute.
    rec.searchAttributes = {
      indexedFields: upsertSearchAttributes(
        rec.searchAttributes?.indexedFields ?? {},
        attrs.searchAttributes.indexedFields,
      ),
    };
    addEvent(rec, m, EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, {
      workflowTaskCompletedEventId: completedEventId,
      searchAttributes: attrs.searchAttributes,
    });
    return false;
  },
};

export const modifyPropertiesCommand: CommandHandler = {
  attributesField: 'modifyWorkflowPropertiesCommandAttributes',
  validate: (attrs) =>
    attrs
      ? undefined
      : {
          cause: TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES,
          message: 'Attributes are not set on command.',
        },
  apply({ rec, m, completedEventId }, attrs) {
    rec.memo = { fields: mergePayloadMap(rec.memo?.fields, attrs.upsertedMemo?.fields) };
    addEvent(rec, m, EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED, {
      workflowTaskCompletedEventId: completedEventId,
      upsertedMemo: attrs.upsertedMemo,
    });
    return false;
  },
};

export const PROPERTY_COMMANDS = {
  [CommandType.COMMAND_TYPE_RECORD_MARKER]: recordMarkerCommand,
  [CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES]: upsertSearchAttributesCommand,
  [CommandType.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES]: modifyPropertiesCommand,
};
