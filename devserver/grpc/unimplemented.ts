// Methods this server does not implement answer UNIMPLEMENTED with a message naming the method and area.
import { unimplemented, type RpcError } from '../protocol/rpc-error';

const AREAS: Array<[RegExp, string]> = [
  [/Nexus/, 'Nexus is not supported'],
  [/Deployment|Versioning|BuildId|WorkerTaskReachability/, 'worker deployments and versioning are not supported'],
  [/Batch/, 'batch operations are not supported'],
  [/Namespace/, 'namespace management is not supported (every namespace exists)'],
  [/WorkflowRule/, 'workflow rules are not supported'],
  [/ActivityExecution|ActivityExecutions/, 'standalone activities are not supported'],
  [
    /Reset|Pause|Unpause|UpdateActivityOptions|UpdateWorkflowExecutionOptions/,
    'reset, pause and option updates are not supported',
  ],
  [/Worker/, 'worker management is not supported'],
];

export function unimplementedError(method: string): RpcError {
  const area = AREAS.find(([pattern]) => pattern.test(method))?.[1] ?? 'this method is not supported';
  return unimplemented(`${method} is not implemented by the CivicFlow embedded Temporal server: ${area}.`);
}
