/** Sign-in events go on the `_platform` audit chain, with the channel and address they came from. */
import type { Knex } from 'knex';
import { appendAuditEntry } from '../../db';
import { PLATFORM_AUDIT_STREAM, type JsonObject } from '../../domain/audit';

export interface SignInSource {
  ip?: string;
  /** 'api' or 'web'. */
  channel: string;
}

export async function recordSignInEvent(deps: { db: Knex; clock: () => Date }, actorId: string, eventType: string, details: JsonObject, source: SignInSource): Promise<void> {
  await appendAuditEntry(deps.db, {
    caseId: PLATFORM_AUDIT_STREAM,
    actor: { id: actorId, kind: 'staff' },
    occurredAt: deps.clock(),
    eventType,
    details,
    source: { channel: source.channel, ...(source.ip ? { ip: source.ip } : {}) },
  });
}
