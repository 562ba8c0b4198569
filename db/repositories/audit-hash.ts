/** The hash that links audit entries: sha256 over a canonical serialisation that includes the previous hash. */
import { createHash } from 'node:crypto';
import type { AuditActor, AuditSource, JsonObject } from '../../domain/audit';
import { canonicalJson } from '../../domain/canonical-json';

/** Everything an entry's hash covers. `recordedAt` and the row id are deliberately left out. */
export interface HashedAuditFields {
  caseId: string;
  sequence: number;
  actor: AuditActor;
  occurredAt: Date;
  eventType: string;
  details: JsonObject;
  source: AuditSource;
  idempotencyKey?: string;
  prevHash: string;
}

/** Bump when the hashed layout changes; old entries keep verifying under the version they were written with. */
export const AUDIT_HASH_VERSION = 1;

export function auditEntryHash(fields: HashedAuditFields): string {
  const material = canonicalJson({
    v: AUDIT_HASH_VERSION,
    caseId: fields.caseId,
    seq: fields.sequence,
    actorId: fields.actor.id,
    actorKind: fields.actor.kind,
    occurredAt: fields.occurredAt.toISOString(),
    eventType: fields.eventType,
    details: fields.details,
    ip: fields.source.ip ?? null,
    channel: fields.source.channel ?? null,
    workflowId: fields.source.workflowId ?? null,
    idempotencyKey: fields.idempotencyKey ?? null,
    prevHash: fields.prevHash,
  });
  return createHash('sha256').update(material, 'utf8').digest('hex');
}
