/**
 * A visibility query the server cannot accept. The engine maps it to gRPC INVALID_ARGUMENT, which is
 * what a real Temporal server answers for a malformed `ListWorkflowExecutions` query.
 */
export class VisibilityQueryError extends Error {
  override readonly name = 'VisibilityQueryError';

  constructor(
    /** What is wrong, without the position (that is appended to `message`). */
    readonly reason: string,
    /** 0-based character offset in the query where the problem starts. */
    readonly position: number,
    readonly query: string,
  ) {
    super(`invalid visibility query: ${reason} at position ${position + 1}`);
  }
}
