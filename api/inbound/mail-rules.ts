/**
 * What an incoming email is, decided from its headers alone (pure): mail nobody should answer
 * (auto-replies, bounces, our own notices looping back, bulk mail) is ignored before anything else,
 * then a reply to a case (its tracking number in the subject, or In-Reply-To/References naming a
 * message we sent), else a new request for the service its address is mapped to.
 */

export interface InboundMailFacts {
  /** The From address (lower case), when there is exactly one well-formed one. */
  from?: string;
  fromName?: string;
  /** Recipient addresses: the envelope's when known, else To and Cc (lower case). */
  to: readonly string[];
  subject: string;
  /** Header values by lower-case name. */
  headers: ReadonlyMap<string, string>;
  /** Message-IDs from In-Reply-To and References, angle brackets kept. */
  threadIds: readonly string[];
  /** The top-level content type, e.g. multipart/report for a delivery status notification. */
  contentType: string;
}

export interface MailRouting {
  /** Service address (lower case) → definition id. */
  routes: ReadonlyMap<string, string>;
  /** The triage service for mail to any other address we receive. */
  defaultDefinitionId: string;
  /** Our own sending addresses (MAIL_FROM and the receiving addresses): mail from them is a loop. */
  ownAddresses: ReadonlySet<string>;
}

export type IgnoreReason = 'auto-reply' | 'bounce' | 'loop' | 'bulk' | 'no-sender';

export type MailDecision =
  | { kind: 'ignore'; reason: IgnoreReason }
  | { kind: 'reply'; trackingNumber?: string; threadIds: readonly string[] }
  | { kind: 'new'; definitionId: string };

/** Tracking numbers as the database hands them out: CF-2026-000123. */
export const TRACKING_NUMBER_PATTERN = /\bCF-\d{4}-\d{6,}\b/i;

const BOUNCE_SENDERS = /^(mailer-daemon|postmaster|mail-daemon|bounces?)([+-][^@]*)?@/i;
const AUTO_HEADERS = ['x-autoreply', 'x-autorespond', 'x-auto-response-suppress-all'];

function ignoreReason(mail: InboundMailFacts, routing: MailRouting): IgnoreReason | undefined {
  const header = (name: string) => mail.headers.get(name)?.trim().toLowerCase();
  // RFC 3834: anything but "no" is automatic; answering it makes a loop.
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted !== '' && autoSubmitted !== 'no') return 'auto-reply';
  if (AUTO_HEADERS.some((name) => mail.headers.has(name))) return 'auto-reply';
  const precedence = header('precedence');
  if (precedence === 'auto_reply') return 'auto-reply';
  if (mail.contentType.toLowerCase() === 'multipart/report' || header('return-path') === '<>') return 'bounce';
  if (!mail.from) return 'no-sender';
  if (BOUNCE_SENDERS.test(mail.from)) return 'bounce';
  // Our own notices (or anything from our addresses) coming back.
  if (mail.headers.has('x-civicflow-notification-id') || routing.ownAddresses.has(mail.from)) return 'loop';
  if (
    precedence === 'bulk' ||
    precedence === 'junk' ||
    precedence === 'list' ||
    mail.headers.has('list-id') ||
    mail.headers.has('list-unsubscribe')
  )
    return 'bulk';
  return undefined;
}

export function classifyInboundMail(mail: InboundMailFacts, routing: MailRouting): MailDecision {
  const reason = ignoreReason(mail, routing);
  if (reason) return { kind: 'ignore', reason };
  const tracking = TRACKING_NUMBER_PATTERN.exec(mail.subject)?.[0].toUpperCase();
  if (tracking !== undefined || mail.threadIds.length > 0) {
    return {
      kind: 'reply',
      ...(tracking !== undefined ? { trackingNumber: tracking } : {}),
      threadIds: mail.threadIds,
    };
  }
  const routed = mail.to.map((address) => routing.routes.get(address)).find((id) => id !== undefined);
  return { kind: 'new', definitionId: routed ?? routing.defaultDefinitionId };
}

/** "A <x@y>, b@z" → lower-case addresses; a value that is not a plain address list yields none. */
export function parseAddressList(value: string): string[] {
  return value
    .split(',')
    .map((part) => (/<([^<>\s]+@[^<>\s]+)>/.exec(part)?.[1] ?? part).trim().toLowerCase())
    .filter((address) => /^[^@\s<>,;"]+@[^@\s<>,;"]+\.[^@\s<>,;"]+$/.test(address));
}

/** The Message-IDs an In-Reply-To or References header names. */
export function messageIdsIn(value: string | undefined): string[] {
  return value ? (value.match(/<[^<>\s]+>/g) ?? []) : [];
}
