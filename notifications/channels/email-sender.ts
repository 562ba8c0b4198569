/** The email channel as the activity sees it: one call per message, typed failures. */
export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The outbox idempotency key: carried in the Message-ID and X-CivicFlow-Notification-Id. */
  readonly notificationId: string;
  /** The message this one answers (an email thread): In-Reply-To and References. */
  readonly thread?: { readonly inReplyTo: string; readonly references: readonly string[] };
  /** Aborts the send (the activity was cancelled or timed out). */
  readonly signal?: AbortSignal;
}

export interface SentEmail {
  /** The Message-ID header the message was sent with. */
  readonly messageId: string;
  /** The server's final reply, e.g. "250 OK: queued as 12345". */
  readonly response?: string;
}

export interface EmailSender {
  /** Throws NotificationError (DELIVERY_REJECTED, DELIVERY_UNAVAILABLE, RECIPIENT_INVALID). */
  send(email: OutgoingEmail): Promise<SentEmail>;
  close(): Promise<void>;
}

/** Header naming the notification, so duplicates are detectable by any mail system. */
export const NOTIFICATION_ID_HEADER = 'X-CivicFlow-Notification-Id';
