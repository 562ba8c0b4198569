/** An entry on the `_platform` audit chain (definitions, the studio): who, what, from where. */
import { appendAuditEntry } from '../../db';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import type { Principal } from '../auth/principal';
import type { RequestSource, ServiceDeps } from './service-deps';

export async function auditPlatform(deps: Pick<ServiceDeps, 'db' | 'clock'>, principal: Principal, eventType: string, details: Record<string, string>, source: RequestSource): Promise<void> {
  await appendAuditEntry(deps.db, {
    caseId: PLATFORM_AUDIT_STREAM,
    actor: { id: principal.id, kind: principal.kind === 'user' ? 'staff' : 'integration' },
    occurredAt: deps.clock(),
    eventType,
    details,
    source: { channel: source.channel, ...(source.ip ? { ip: source.ip } : {}) },
  });
}
