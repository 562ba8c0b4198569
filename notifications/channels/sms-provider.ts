/** The SMS channel: any provider that takes one message per call and honours an idempotency key. */
export interface SmsMessage {
  /** E.164 phone number. */
  readonly to: string;
  readonly body: string;
  /** The outbox idempotency key; providers that de-duplicate use it to drop a resend. */
  readonly idempotencyKey: string;
  /** Aborts the request (the activity was cancelled or timed out). */
  readonly signal?: AbortSignal;
}

export interface SentSms {
  /** The provider's id for the message, when it returns one. */
  readonly messageId?: string;
}

export interface SmsProvider {
  /** Throws NotificationError (DELIVERY_REJECTED, DELIVERY_UNAVAILABLE, RECIPIENT_INVALID). */
  send(message: SmsMessage): Promise<SentSms>;
}
