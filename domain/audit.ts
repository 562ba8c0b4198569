/**
 * The audit trail's shared vocabulary. Entries form one hash chain per case: each entry's hash covers
 * its content and the previous entry's hash, so altering or removing any entry breaks every later link.
 */

export type ActorKind = 'staff' | 'resident' | 'system' | 'integration';
export const ACTOR_KINDS: readonly ActorKind[] = ['staff', 'resident', 'system', 'integration'];

/** Chain key for events that belong to no case (logins, definition publishing, exports). */
export const PLATFORM_AUDIT_STREAM = '_platform';

/** The `prevHash` of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  /** User id, resident tracking reference, API key id or a system component name. */
  id: string;
  kind: ActorKind;
}

/** Where the event came from. All optional: a timer firing has no IP address. */
export interface AuditSource {
  ip?: string;
  /** e.g. 'api', 'open311', 'workflow', 'cli'. */
  channel?: string;
  workflowId?: string;
}

import type { JsonObject, JsonValue } from './json';

export type { JsonObject, JsonValue };

/** What a caller hands to the audit repository. */
export interface AuditEntryInput {
  caseId: string;
  actor: AuditActor;
  /** When the event happened (workflow time for workflow events). */
  occurredAt: Date;
  /** Dotted event name, e.g. 'case.created', 'step.completed', 'case.read'. */
  eventType: string;
  details: JsonObject;
  source?: AuditSource;
  /** Retried writes with the same key return the first entry instead of adding another (e.g. case:step:sequence). */
  idempotencyKey?: string;
}

export interface AuditEntry extends AuditEntryInput {
  /** Database-wide insertion order; usable as a feed position (e.g. Open311 update_id). */
  id: number;
  /** 1, 2, 3 … within the case. */
  sequence: number;
  source: AuditSource;
  /** When the database stored it; not part of the hash. */
  recordedAt: Date;
  prevHash: string;
  hash: string;
}

/** Result of verifying one or all chains: ok, or the first link that does not hold. */
export type AuditChainVerification =
  | { ok: true; casesChecked: number; entriesChecked: number }
  | {
      ok: false;
      casesChecked: number;
      entriesChecked: number;
      brokenLink: {
        caseId: string;
        sequence: number;
        /**
         * hash-mismatch: the entry's content was altered; prev-hash-mismatch: entries were replaced or
         * reordered; sequence-gap: an entry was removed; missing-tail: the newest entries were removed
         * (the chain ends before its recorded head; `sequence` is the head's); head-mismatch: the
         * recorded head does not match the chain's last entry.
         */
        reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'sequence-gap' | 'missing-tail' | 'head-mismatch';
        expected: string;
        actual: string;
      };
    };
