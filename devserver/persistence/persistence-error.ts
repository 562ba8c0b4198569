/** A durable store that cannot be opened, read or written; the devserver fails loudly rather than lose state. */
export class PersistenceError extends Error {
  override readonly name = 'PersistenceError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
