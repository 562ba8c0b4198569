import * as grpc from '@grpc/grpc-js';
import type { Pb } from '../protocol/proto-codec';
import { RpcError } from '../protocol/rpc-error';

export type RpcHandler = (request: Pb, signal: AbortSignal) => Promise<Pb> | Pb;

/** Adapts an async handler to grpc-js; a cancelled call aborts `signal` (long polls drop their waiter). */
const TRACE = !!process.env.DEVSERVER_TRACE;

export function unary(
  method: string,
  handler: RpcHandler,
  log: (m: string, e?: unknown) => void,
): grpc.handleUnaryCall<Pb, Pb> {
  return (call, callback) => {
    if (TRACE) {
      const original = callback;
      callback = (err: unknown, res: unknown) => {
        console.error(
          `[trace] ${method} ${JSON.stringify(call.request).slice(0, 300)} -> ${err ? JSON.stringify(err) : JSON.stringify(res).slice(0, 600)}`,
        );
        original(err as never, res as never);
      };
    }
    const controller = new AbortController();
    let answered = false;
    // grpc-js also reports a call cancelled once its stream closes after the answer: nothing to abort
    // then, and an abort is not free (it builds a DOMException with its stack).
    call.on('cancelled', () => {
      if (!answered) controller.abort();
    });
    Promise.resolve()
      .then(() => handler(call.request, controller.signal))
      .finally(() => {
        answered = true;
      })
      .then(
        (response) => callback(null, response),
        (err: unknown) => {
          if (err instanceof RpcError) {
            callback({ code: err.code, details: err.message });
            return;
          }
          log(`${method} failed`, err);
          callback({ code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) });
        },
      );
  };
}
