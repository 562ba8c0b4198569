/**
 * A department system calls back about a work order (progress, completed). The call must be signed
 * with the connection's secret inside the timestamp window, name a work order sent to that
 * connection, and carry a callback id not seen before (the replay store); only then does it reach
 * the case workflow as the definition's external event, audited with its source. Anything else is a
 * 4xx with a code and changes nothing.
 */
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { findWorkOrder, forgetWorkOrderCallback, recordWorkOrderCallback } from '../../db';
import type { Connections } from '../../domain/connections';
import type { JsonValue } from '../../domain/definition';
import { checkSignature } from '../../lib/signed-request';
import { submitCaseEvent } from '../../client/case-client';
import type { EventOutcome } from '../../workflows/case-contract';
import { ApiError } from '../errors/api-error';

export interface WorkOrderCallback {
  callbackId: string;
  workOrderId: string;
  status: string;
  data?: Record<string, JsonValue>;
}

export interface CallbackDeps {
  db: Knex;
  temporal: Client;
  clock: () => Date;
  connections: Connections;
}

export const CALLBACK_CHANNEL = 'work-order-callback';

function parseCallback(body: Buffer): WorkOrderCallback {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError('MALFORMED_JSON', 'the body must be JSON');
  }
  const call =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const text = (field: string): string => {
    const v = call[field];
    if (typeof v !== 'string' || v === '' || v.length > 200)
      throw new ApiError('VALIDATION_FAILED', `${field} must be a string of 1-200 characters`, { field });
    return v;
  };
  const data = call.data;
  if (data !== undefined && (data === null || typeof data !== 'object' || Array.isArray(data)))
    throw new ApiError('VALIDATION_FAILED', 'data must be an object of case fields', { field: 'data' });
  return {
    callbackId: text('callbackId'),
    workOrderId: text('workOrderId'),
    status: text('status'),
    ...(data ? { data: data as Record<string, JsonValue> } : {}),
  };
}

export function createWorkOrderCallbackService(deps: CallbackDeps) {
  return {
    async receive(
      connectionName: string,
      headers: { timestamp?: string; signature?: string },
      body: Buffer,
      source: { ip?: string },
    ): Promise<{
      caseId: string;
      eventId: string;
      event: string;
      outcome: Exclude<EventOutcome, { status: 'pending' }>;
    }> {
      const connection = Object.prototype.hasOwnProperty.call(deps.connections, connectionName)
        ? deps.connections[connectionName]
        : undefined;
      if (!connection || connection.secretValue === undefined)
        throw new ApiError('NOT_FOUND', `no connection "${connectionName}" is configured`);
      const check = checkSignature(connection.secretValue, headers, body, deps.clock());
      if (check === 'stale')
        throw new ApiError('SIGNATURE_EXPIRED', 'the X-CivicFlow-Timestamp is more than five minutes from our clock');
      if (check !== 'valid')
        throw new ApiError('SIGNATURE_INVALID', `the callback is not signed with the secret of "${connectionName}"`);
      const callback = parseCallback(body);
      const order = await findWorkOrder(deps.db, callback.workOrderId);
      if (!order || order.connection !== connection.name)
        throw new ApiError(
          'WORK_ORDER_NOT_FOUND',
          `no work order ${callback.workOrderId} was sent to "${connectionName}"`,
        );
      const event = connection.events[callback.status];
      if (event === undefined)
        throw new ApiError('VALIDATION_FAILED', `status must be one of ${Object.keys(connection.events).join(', ')}`, {
          field: 'status',
        });
      const fresh = await recordWorkOrderCallback(deps.db, {
        connection: connection.name,
        callbackId: callback.callbackId,
        workOrderId: order.id,
        status: callback.status,
      });
      if (!fresh)
        throw new ApiError(
          'CALLBACK_REPLAYED',
          `callback ${callback.callbackId} was received before; it changes nothing`,
        );
      const eventId = `callback:${connection.name}:${callback.callbackId}`;
      const handle = deps.temporal.workflow.getHandle(order.caseId);
      let outcome: Exclude<EventOutcome, { status: 'pending' }>;
      try {
        outcome = await submitCaseEvent(handle, {
          signal: 'externalEvent',
          payload: {
            eventId,
            event,
            ...(callback.data ? { data: callback.data } : {}),
            actor: { id: `connection:${connection.name}`, kind: 'system' },
            source: { channel: CALLBACK_CHANNEL, ...(source.ip ? { ip: source.ip } : {}) },
          },
        });
      } catch (error) {
        // Not delivered: forget the callback id so the system's retry is not taken for a replay.
        await forgetWorkOrderCallback(deps.db, connection.name, callback.callbackId);
        throw error;
      }
      return { caseId: order.caseId, eventId, event, outcome };
    },
  };
}
