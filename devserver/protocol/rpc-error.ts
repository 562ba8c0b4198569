import { status } from '@grpc/grpc-js';

/** An error answered to the caller with a specific gRPC status code. */
export class RpcError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export const notFound = (message: string): RpcError => new RpcError(status.NOT_FOUND, message);
export const invalidArgument = (message: string): RpcError => new RpcError(status.INVALID_ARGUMENT, message);
export const alreadyExists = (message: string): RpcError => new RpcError(status.ALREADY_EXISTS, message);
export const failedPrecondition = (message: string): RpcError => new RpcError(status.FAILED_PRECONDITION, message);
export const unimplemented = (message: string): RpcError => new RpcError(status.UNIMPLEMENTED, message);
export const internal = (message: string): RpcError => new RpcError(status.INTERNAL, message);
