/**
 * Sends a work order to a department's system (automated step `activity: work-orders.send`,
 * `connection: <name>`): only the fields the connection maps, signed with its secret (HMAC-SHA256
 * over timestamp and body, lib/signed-request.ts), with an idempotency key that is the same for
 * every attempt of one step visit. Temporal retries a failed attempt with the step's back-off; the
 * system's answer `{ reference }` becomes the case's `workOrderNumber` (audited by the interpreter).
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { beginWorkOrderAttempt, recordWorkOrderDelivered, recordWorkOrderFailure } from '../db';
import type { Connections } from '../domain/connections';
import type { JsonValue } from '../domain/definition';
import { signedHeaders } from '../lib/signed-request';
import type { AutomatedAction } from './automated-actions';

export interface WorkOrderDeps {
  db: Knex;
  connections: Connections;
  /** Base URL of this platform: the callback address is given to the system. */
  publicUrl?: string;
  clock?: () => Date;
  /** Per attempt. */
  timeoutMs?: number;
}

/** The case field the system's reference is written to (declare it in the step's `output`). */
export const WORK_ORDER_REFERENCE_FIELD = 'workOrderNumber';

/** The work order's mapped fields: case field → the system's name; nothing unmapped leaves. */
export function workOrderFields(
  input: Record<string, JsonValue>,
  mapping: Readonly<Record<string, string>>,
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [field, value] of Object.entries(input)) {
    const name = mapping[field];
    if (name !== undefined && value !== null) out[name] = value;
  }
  return out;
}

function parseReference(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    const reference =
      value !== null && typeof value === 'object' ? (value as Record<string, unknown>).reference : undefined;
    return typeof reference === 'string' && reference !== '' && reference.length <= 200 ? reference : undefined;
  } catch {
    return undefined;
  }
}

export function createWorkOrderSender(deps: WorkOrderDeps): AutomatedAction {
  const clock = deps.clock ?? (() => new Date());
  return async (input, context) => {
    const connection = context.connection !== undefined ? deps.connections[context.connection] : undefined;
    if (!connection)
      throw ApplicationFailure.nonRetryable(
        `connection "${context.connection ?? ''}" is not configured`,
        'CONNECTION_UNKNOWN',
      );
    if (connection.secretValue === undefined)
      throw ApplicationFailure.nonRetryable(
        `the secret of connection "${connection.name}" (${connection.secret.env}) is not set`,
        'CONNECTION_SECRET_MISSING',
      );
    const id = `${context.caseId}:${context.token ?? context.key}`;
    const order = await beginWorkOrderAttempt(deps.db, {
      id,
      connection: connection.name,
      caseId: context.caseId,
      stepId: context.step,
    });
    if (order.reference !== null) return { [WORK_ORDER_REFERENCE_FIELD]: order.reference };
    const body = JSON.stringify({
      workOrderId: id,
      caseId: context.caseId,
      ...(deps.publicUrl ? { callbackUrl: `${deps.publicUrl}/api/v1/connections/${connection.name}/callbacks` } : {}),
      fields: workOrderFields(input, connection.fields),
    });
    let response: Response;
    try {
      response = await fetch(connection.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': id,
          ...signedHeaders(connection.secretValue, body, clock()),
        },
        body,
        signal: AbortSignal.timeout(deps.timeoutMs ?? 30_000),
        redirect: 'error',
      });
    } catch (error) {
      const reason = `${connection.name} unreachable: ${(error as Error).message}`;
      await recordWorkOrderFailure(deps.db, id, reason);
      throw new Error(reason);
    }
    const text = await response.text();
    if (!response.ok) {
      const reason = `${connection.name} answered ${response.status}`;
      await recordWorkOrderFailure(deps.db, id, reason);
      // A refusal (bad signature, bad order) will not change on retry; an overload or outage may.
      const permanent =
        response.status >= 400 && response.status < 500 && ![408, 409, 425, 429].includes(response.status);
      if (permanent) throw ApplicationFailure.nonRetryable(reason, 'WORK_ORDER_REFUSED');
      throw new Error(reason);
    }
    const reference = parseReference(text);
    if (reference === undefined) {
      await recordWorkOrderFailure(deps.db, id, `${connection.name} answered without a reference`);
      throw new Error(`${connection.name} answered without a reference`);
    }
    const delivered = await recordWorkOrderDelivered(deps.db, id, reference, clock());
    return { [WORK_ORDER_REFERENCE_FIELD]: delivered.reference ?? reference };
  };
}
