/**
 * The checks every case use case starts with, shared by the case services: the permission, the
 * department scope (a case outside it looks absent) and the audit entry a read leaves behind.
 */
import {
  appendAuditEntry,
  getCase as getCaseRecord,
  type CaseListFilter,
  type CaseListRequest,
  type CaseSort,
} from '../../db';
import { PLATFORM_AUDIT_STREAM, type AuditEntryInput, type JsonObject } from '../../domain/audit';
import type { CaseRecord } from '../../domain/case';
import type { JsonValue } from '../../domain/definition';
import { can, departmentScope, seesDepartment, type Permission } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import type { RequestSource, ServiceDeps } from './service-deps';

export function demand(principal: Principal, permission: Permission): void {
  if (!can(principal, permission))
    throw new ApiError('FORBIDDEN', `this needs the ${permission} permission`, { permission });
}

/** The case when the principal may see it; CASE_NOT_FOUND otherwise (out of scope looks the same as absent). */
export async function findVisibleCase(
  deps: Pick<ServiceDeps, 'db'>,
  principal: Principal,
  caseId: string,
): Promise<CaseRecord> {
  const record = await getCaseRecord(deps.db, caseId);
  if (!record || !seesDepartment(principal, record.departmentId))
    throw new ApiError('CASE_NOT_FOUND', `case ${caseId} not found`, { caseId });
  return record;
}

/** Appends `case.read` (who, what, from where) to the case's audit chain. */
export async function recordCaseRead(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  principal: Principal,
  caseId: string,
  what: string,
  source: RequestSource,
  extra: Record<string, JsonValue> = {},
): Promise<void> {
  await appendAuditEntry(
    deps.db,
    principalEntry(principal, source, deps.clock(), caseId, 'case.read', { what, ...extra }),
  );
}

/** An audit entry by the principal, from where the request came, on `chain` (a case id or the platform stream). */
export function principalEntry(
  principal: Pick<Principal, 'id' | 'kind'>,
  source: RequestSource,
  now: Date,
  chain: string,
  eventType: string,
  details: JsonObject,
): AuditEntryInput {
  return {
    caseId: chain,
    actor: { id: principal.id, kind: principal.kind === 'user' ? 'staff' : 'integration' },
    occurredAt: now,
    eventType,
    details,
    source: { ...(source.ip ? { ip: source.ip } : {}), channel: source.channel },
  };
}

/** Appends an entry about no single case (lists, reports, exports) to the platform chain: who, what, from where. */
export async function recordPlatformEntry(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  principal: Principal,
  eventType: string,
  details: JsonObject,
  source: RequestSource,
): Promise<void> {
  await appendAuditEntry(
    deps.db,
    principalEntry(principal, source, deps.clock(), PLATFORM_AUDIT_STREAM, eventType, details),
  );
}

/** A list filter narrowed to the principal's department scope (and judged at `now` when it asks for overdue cases). */
export function scopedCaseFilter(
  principal: Principal,
  filter: Omit<CaseListFilter, 'departmentIds'> & { departmentIds?: readonly string[] },
  now: Date,
): CaseListFilter {
  const scope = departmentScope(principal);
  const wanted = filter.departmentIds;
  const departmentIds =
    scope === undefined ? wanted : wanted === undefined ? scope : wanted.filter((d) => scope.includes(d));
  return {
    ...filter,
    ...(departmentIds !== undefined ? { departmentIds } : {}),
    ...(filter.overdue !== undefined ? { now } : {}),
  };
}

/** A case list as a caller asks for it: their filter, before their department scope is applied. */
export interface CaseListQuery {
  filter: Omit<CaseListFilter, 'departmentIds'> & { departmentIds?: readonly string[] };
  sort?: CaseSort;
  limit?: number;
  cursor?: string;
}

/** The list read for this caller at `now`: the query within their scope. */
export function scopedListRequest(principal: Principal, query: CaseListQuery, now: Date): CaseListRequest {
  return {
    filter: scopedCaseFilter(principal, query.filter, now),
    ...(query.sort ? { sort: query.sort } : {}),
    ...(query.limit ? { limit: query.limit } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  };
}
