// Commands that reach other workflows: start child, signal external, cancel external. Each writes its
// Initiated event and a pending entry in the record; the effect runs after the commit (see
// cross-workflow.ts) and reports back with its own events.
import type { Pb } from '../../protocol/proto-codec';
import { CommandType, EventType, TaskFailedCause } from '../enums';
import type { ExecutionRecord } from '../execution-record';
import { addEvent } from '../history';
import type { CommandHandler } from './command-handler';

export interface ChildEntry {
  namespace: string;
  workflowId: string;
  workflowType: string;
  runId: string;
  state: 'initiated' | 'started';
  parentClosePolicy: number;
  initiatedEventId: number;
  workflowTaskCompletedEventId: number;
  control?: string;
  attributes: Pb;
}

export interface ExternalEntry {
  namespace: string;
  workflowId: string;
  runId: string;
  control?: string;
  childWorkflowOnly: boolean;
  workflowTaskCompletedEventId: number;
  signalName?: string;
  input?: Pb;
  header?: Pb;
  reason?: string;
}

export const children = (rec: ExecutionRecord): Record<string, ChildEntry> => (rec.ext.children ??= {});
export const externalSignals = (rec: ExecutionRecord): Record<string, ExternalEntry> =>
  (rec.ext.externalSignals ??= {});
export const externalCancels = (rec: ExecutionRecord): Record<string, ExternalEntry> =>
  (rec.ext.externalCancels ??= {});

export const startChildCommand: CommandHandler = {
  attributesField: 'startChildWorkflowExecutionCommandAttributes',
  validate(attrs) {
    const cause = TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES;
    if (!attrs?.workflowId) return { cause, message: 'WorkflowId is not set on StartChildWorkflowExecution command.' };
    if (!attrs.workflowType?.name)
      return { cause, message: 'WorkflowType is not set on StartChildWorkflowExecution command.' };
    return undefined;
  },
  apply({ rec, m, completedEventId, services }, attrs) {
    const namespace: string = attrs.namespace || rec.namespace;
    const taskQueue = { name: attrs.taskQueue?.name || rec.taskQueue, kind: 1 };
    const eventAttrs: Pb = { ...attrs, namespace, taskQueue, workflowTaskCompletedEventId: completedEventId };
    const initiatedEventId = addEvent(
      rec,
      m,
      EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
      eventAttrs,
    );
    children(rec)[initiatedEventId] = {
      namespace,
      workflowId: attrs.workflowId,
      workflowType: attrs.workflowType.name,
      runId: '',
      state: 'initiated',
      parentClosePolicy: attrs.parentClosePolicy ?? 0,
      initiatedEventId,
      workflowTaskCompletedEventId: completedEventId,
      control: attrs.control,
      attributes: eventAttrs,
    };
    m.after.push(() => services.startChild(rec, initiatedEventId));
    return false;
  },
};

export const signalExternalCommand: CommandHandler = {
  attributesField: 'signalExternalWorkflowExecutionCommandAttributes',
  validate(attrs) {
    const cause = TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES;
    if (!attrs?.execution?.workflowId)
      return { cause, message: 'WorkflowId is not set on SignalExternalWorkflowExecution command.' };
    if (!attrs.signalName)
      return { cause, message: 'SignalName is not set on SignalExternalWorkflowExecution command.' };
    return undefined;
  },
  apply({ rec, m, completedEventId, services }, attrs) {
    const namespace: string = attrs.namespace || rec.namespace;
    const initiatedEventId = addEvent(rec, m, EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, {
      workflowTaskCompletedEventId: completedEventId,
      namespace,
      workflowExecution: attrs.execution,
      signalName: attrs.signalName,
      input: attrs.input,
      control: attrs.control,
      childWorkflowOnly: attrs.childWorkflowOnly,
      header: attrs.header,
    });
    externalSignals(rec)[initiatedEventId] = {
      namespace,
      workflowId: attrs.execution.workflowId,
      runId: attrs.execution.runId ?? '',
      control: attrs.control,
      childWorkflowOnly: !!attrs.childWorkflowOnly,
      workflowTaskCompletedEventId: completedEventId,
      signalName: attrs.signalName,
      input: attrs.input,
      header: attrs.header,
    };
    m.after.push(() => services.signalExternal(rec, initiatedEventId));
    return false;
  },
};

export const cancelExternalCommand: CommandHandler = {
  attributesField: 'requestCancelExternalWorkflowExecutionCommandAttributes',
  validate(attrs) {
    if (!attrs?.workflowId) {
      return {
        cause: TaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES,
        message: 'WorkflowId is not set on RequestCancelExternalWorkflowExecution command.',
      };
    }
    return undefined;
  },
  apply({ rec, m, completedEventId, services }, attrs) {
    const namespace: string = attrs.namespace || rec.namespace;
    const initiatedEventId = addEvent(
      rec,
      m,
      EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
      {
        workflowTaskCompletedEventId: completedEventId,
        namespace,
        workflowExecution: { workflowId: attrs.workflowId, runId: attrs.runId },
        control: attrs.control,
        childWorkflowOnly: attrs.childWorkflowOnly,
        reason: attrs.reason,
      },
    );
    externalCancels(rec)[initiatedEventId] = {
      namespace,
      workflowId: attrs.workflowId,
      runId: attrs.runId ?? '',
      control: attrs.control,
      childWorkflowOnly: !!attrs.childWorkflowOnly,
      workflowTaskCompletedEventId: completedEventId,
      reason: attrs.reason,
    };
    m.after.push(() => services.cancelExternal(rec, initiatedEventId));
    return false;
  },
};

export const CROSS_WORKFLOW_COMMANDS = {
  [CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION]: startChildCommand,
  [CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION]: signalExternalCommand,
  [CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION]: cancelExternalCommand,
};
