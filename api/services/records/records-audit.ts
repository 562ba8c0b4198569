/** Audit entries the records and audit services write: who (the principal), from where, on which chain. */
import type { AuditEntryInput, JsonObject } from '../../../domain/audit';
import type { Principal } from '../../auth/principal';
import type { RequestSource } from '../service-deps';

export function principalEntry(principal: Principal, source: RequestSource, now: Date, chain: string, eventType: string, details: JsonObject): AuditEntryInput {
  return {
    caseId: chain,
    actor: { id: principal.id, kind: principal.kind === 'user' ? 'staff' : 'integration' },
    occurredAt: now,
    eventType,
    details,
    source: { ...(source.ip ? { ip: source.ip } : {}), channel: source.channel },
  };
}

/** A free-text reason (hold, release): required, trimmed, bounded. Answers the text or a message. */
export function checkReason(value: unknown, what: string): { reason: string } | { problem: string } {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return { problem: `Enter the reason for the ${what}` };
  if (text.length > 2000) return { problem: `The reason for the ${what} must be 2,000 characters or fewer` };
  return { reason: text };
}
