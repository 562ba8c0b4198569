// temporal.api.workflowservice.v1.WorkflowService: the implemented methods.
import type { Engine } from '../engine/engine';
import type { Schedules } from '../schedules/scheduler';
import { countExecutions, listExecutions } from '../engine/visibility-listing';
import type { RpcHandler } from './unary';

export const SERVER_VERSION = '1.24.0-civicflow';

export function workflowServiceHandlers(engine: Engine, schedules: Schedules): Record<string, RpcHandler> {
  return {
    GetSystemInfo: () => ({
      serverVersion: SERVER_VERSION,
      capabilities: {
        signalAndQueryHeader: true,
        internalErrorDifferentiation: true,
        activityFailureIncludeHeartbeat: true,
        encodedFailureAttributes: true,
        upsertMemo: true,
        sdkMetadata: true,
        eagerWorkflowStart: true,
        nexus: false,
        supportsSchedules: true,
        countGroupByExecutionStatus: true,
      },
    }),
    GetClusterInfo: () => ({
      serverVersion: SERVER_VERSION,
      clusterName: 'civicflow-embedded',
      clusterId: 'civicflow-embedded',
      historyShardCount: 1,
      persistenceStore: 'civicflow',
      visibilityStore: 'civicflow',
    }),
    // No namespace capabilities: each one would switch on a protocol this server would have to honour.
    DescribeNamespace: (req) => ({
      namespaceInfo: { name: req.namespace || 'default', state: 1, id: req.namespace || 'default' },
      config: { workflowExecutionRetentionTtl: { seconds: 86400 } },
    }),
    ListNamespaces: () => ({
      namespaces: [
        {
          namespaceInfo: { name: 'default', state: 1, id: 'default' },
          config: { workflowExecutionRetentionTtl: { seconds: 86400 } },
        },
      ],
    }),
    GetSearchAttributes: () => ({ keys: {} }),
    ShutdownWorker: (req) => engine.shutdownWorker(req),
    ResetStickyTaskQueue: (req) => engine.resetStickyTaskQueue(req),

    StartWorkflowExecution: (req) => engine.startWorkflow(req),
    SignalWithStartWorkflowExecution: (req) => engine.signalWithStart(req),
    SignalWorkflowExecution: (req) => engine.signal(req),
    RequestCancelWorkflowExecution: (req) => engine.requestCancel(req),
    TerminateWorkflowExecution: (req) => engine.terminate(req),
    DescribeWorkflowExecution: (req) => engine.describe(req),
    GetWorkflowExecutionHistory: (req, signal) => engine.getHistory(req, signal),
    GetWorkflowExecutionHistoryReverse: (req) => engine.getHistoryReverse(req),
    QueryWorkflow: (req, signal) => engine.query(req, signal),
    UpdateWorkflowExecution: (req, signal) => engine.updateWorkflow(req, signal),
    PollWorkflowExecutionUpdate: (req, signal) => engine.pollUpdate(req, signal),
    ExecuteMultiOperation: (req, signal) => engine.executeMultiOperation(req, signal),
    ListWorkflowExecutions: (req) => listExecutions(engine.allRuns(), req),
    ScanWorkflowExecutions: (req) => listExecutions(engine.allRuns(), req),
    CountWorkflowExecutions: (req) => countExecutions(engine.allRuns(), req),

    PollWorkflowTaskQueue: (req, signal) => engine.pollWorkflowTask(req, signal),
    RespondWorkflowTaskCompleted: (req) => engine.completeWorkflowTask(req),
    RespondWorkflowTaskFailed: (req) => engine.failWorkflowTask(req),
    RespondQueryTaskCompleted: (req) => engine.respondQueryTask(req),

    PollActivityTaskQueue: (req, signal) => engine.pollActivityTask(req, signal),
    RecordActivityTaskHeartbeat: (req) => engine.heartbeatActivity(req),
    RecordActivityTaskHeartbeatById: (req) => engine.heartbeatActivity(req, true),
    RespondActivityTaskCompleted: (req) => engine.completeActivity(req),
    RespondActivityTaskCompletedById: (req) => engine.completeActivity(req, true),
    RespondActivityTaskFailed: (req) => engine.failActivity(req),
    RespondActivityTaskFailedById: (req) => engine.failActivity(req, true),
    RespondActivityTaskCanceled: (req) => engine.cancelActivity(req),
    RespondActivityTaskCanceledById: (req) => engine.cancelActivity(req, true),

    CreateSchedule: (req) => schedules.create(req),
    DescribeSchedule: (req) => schedules.describe(req),
    UpdateSchedule: (req) => schedules.update(req),
    PatchSchedule: (req) => schedules.patch(req),
    DeleteSchedule: (req) => schedules.delete(req),
    ListSchedules: (req) => schedules.list(req),
    CountSchedules: (req) => schedules.countSchedules(req),
    ListScheduleMatchingTimes: (req) => schedules.matchingTimes(req),
  };
}
