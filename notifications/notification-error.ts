/**
 * Typed errors of the notification layer. `retryable` tells the activity whether trying the same
 * message again can help (a server that is down) or never will (a bad address, an unknown template).
 */
export type NotificationErrorCode =
  /** No template with this id exists. */
  | 'TEMPLATE_UNKNOWN'
  /** A variable the template needs is absent (never "undefined" in a message). */
  | 'TEMPLATE_DATA_MISSING'
  /** A variable is present but of the wrong kind (a number where a date belongs, a javascript: URL). */
  | 'TEMPLATE_DATA_INVALID'
  /** The address or phone number cannot receive messages. */
  | 'RECIPIENT_INVALID'
  /** No sender is configured for the channel (no SMTP server, no SMS provider). */
  | 'CHANNEL_NOT_CONFIGURED'
  /** The provider refused the message for good (SMTP 5xx, HTTP 4xx). */
  | 'DELIVERY_REJECTED'
  /** The provider could not take the message now (timeout, connection refused, SMTP 4xx, HTTP 5xx). */
  | 'DELIVERY_UNAVAILABLE'
  /** Another attempt holds the message right now, or it waits for its next attempt. */
  | 'DELIVERY_IN_PROGRESS'
  /** The outbox gave up on the message earlier (permanent error or attempts used up). */
  | 'DELIVERY_ABANDONED'
  /** The sending activity's attempts are used up; the outbox sweep keeps trying until its give-up time. */
  | 'DELIVERY_DEFERRED';

const RETRYABLE: Record<NotificationErrorCode, boolean> = {
  TEMPLATE_UNKNOWN: false,
  TEMPLATE_DATA_MISSING: false,
  TEMPLATE_DATA_INVALID: false,
  RECIPIENT_INVALID: false,
  CHANNEL_NOT_CONFIGURED: false,
  DELIVERY_REJECTED: false,
  DELIVERY_UNAVAILABLE: true,
  DELIVERY_IN_PROGRESS: true,
  DELIVERY_ABANDONED: false,
  DELIVERY_DEFERRED: false,
};

export class NotificationError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: NotificationErrorCode,
    message: string,
    readonly details: Readonly<Record<string, string | number | boolean>> = {},
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'NotificationError';
    this.retryable = RETRYABLE[code];
  }
}

export function isNotificationError(error: unknown, code?: NotificationErrorCode): error is NotificationError {
  return error instanceof NotificationError && (code === undefined || error.code === code);
}
