// Opaque task tokens: which run, which task (scheduled event id) and which attempt.
import { notFound } from '../protocol/rpc-error';

export interface WorkflowTaskToken {
  kind: 'workflow';
  namespace: string;
  workflowId: string;
  runId: string;
  scheduledEventId: number;
  attempt: number;
}
export interface ActivityTaskToken {
  kind: 'activity';
  namespace: string;
  workflowId: string;
  runId: string;
  scheduledEventId: number;
  attempt: number;
}
export interface QueryTaskToken {
  kind: 'query';
  queryId: string;
}
export type TaskToken = WorkflowTaskToken | ActivityTaskToken | QueryTaskToken;

/** Encodes to base64 (the plain-object form of a bytes field). */
export function encodeTaskToken(token: TaskToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

export function decodeTaskToken<K extends TaskToken['kind']>(
  encoded: string | undefined,
  kind: K,
): Extract<TaskToken, { kind: K }> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded ?? '', 'base64').toString());
    if (parsed && typeof parsed === 'object' && (parsed as { kind?: unknown }).kind === kind) {
      return parsed as Extract<TaskToken, { kind: K }>;
    }
  } catch {
    // fall through
  }
  throw notFound('Task token is not valid for this server.');
}
