/**
 * The auditor's use cases: a case's full audit record, the chain check naming the entry that breaks
 * it, a search of the platform audit by actor, kind and period, and its CSV export. Auditor only
 * (`audit:read`); every one of them is itself recorded on the platform chain.
 */
import {
  getCase,
  getTombstone,
  getUserByUsername,
  listAuditEntries,
  searchAuditEntries,
  verifyAuditChain,
} from '../../../db';
import {
  PLATFORM_AUDIT_STREAM,
  type AuditChainVerification,
  type AuditEntry,
  type JsonObject,
} from '../../../domain/audit';
import type { Principal } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { demand, recordPlatformEntry } from '../case-access';
import type { DefinitionCache } from '../definition-cache';
import { toCsv } from '../report-service';
import type { RequestSource, ServiceDeps } from '../service-deps';
import { redactDisposedDetails } from './disposed-details';

export interface CaseAuditRecord {
  caseId: string;
  trackingNumber: string | null;
  disposed: boolean;
  entries: AuditEntry[];
}

export interface AuditSearchInput {
  /** A username or a user/actor id. */
  actor?: string;
  /** An event type or its beginning (`auth.`). */
  kind?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit?: number;
}

/** The chain check in the auditor's words: ok, or the entry (sequence) that breaks it and how. */
export type ChainCheck = AuditChainVerification;

const MAX_RECORD_ENTRIES = 5000;

export function createAuditService(deps: Pick<ServiceDeps, 'db' | 'clock'> & { definitions: DefinitionCache }) {
  async function note(
    principal: Principal,
    source: RequestSource,
    eventType: string,
    details: JsonObject,
  ): Promise<void> {
    await recordPlatformEntry(deps, principal, eventType, details, source);
  }

  async function personalFieldsOf(caseId: string): Promise<Set<string>> {
    const record = await getCase(deps.db, caseId);
    if (!record) return new Set();
    const definition = await deps.definitions.get(record.definitionId, record.definitionVersion);
    return new Set(definition.caseData.personalFields);
  }

  async function actorIds(actor: string | undefined): Promise<string[] | undefined> {
    if (actor === undefined) return undefined;
    const user = await getUserByUsername(deps.db, actor);
    return user ? [user.id, actor] : [actor];
  }

  async function find(input: AuditSearchInput, limit: number): Promise<AuditEntry[]> {
    const ids = await actorIds(input.actor);
    return searchAuditEntries(deps.db, {
      ...(input.kind !== undefined ? { eventTypePrefix: input.kind } : {}),
      ...(input.from !== undefined ? { from: input.from } : {}),
      ...(input.to !== undefined ? { to: input.to } : {}),
      ...(input.beforeId !== undefined ? { beforeId: input.beforeId } : {}),
      ...(ids !== undefined ? { actorIds: ids } : {}),
      limit,
    });
  }

  return {
    /** Every entry of one chain (a case or `_platform`), oldest first; a disposed case's personal values hidden. */
    async caseRecord(principal: Principal, caseId: string, source: RequestSource): Promise<CaseAuditRecord> {
      demand(principal, 'audit:read');
      const record = caseId === PLATFORM_AUDIT_STREAM ? undefined : await getCase(deps.db, caseId);
      const entries = await listAuditEntries(deps.db, caseId, { limit: MAX_RECORD_ENTRIES });
      if (!record && entries.length === 0)
        throw new ApiError('CASE_NOT_FOUND', `no audit record for ${caseId}`, { caseId });
      const tombstone = record ? await getTombstone(deps.db, caseId) : undefined;
      const personal = tombstone ? await personalFieldsOf(caseId) : undefined;
      await note(principal, source, 'audit.record-viewed', { caseId });
      return {
        caseId,
        trackingNumber: record?.trackingNumber ?? null,
        disposed: tombstone !== undefined,
        entries: personal
          ? entries.map((entry) => ({ ...entry, details: redactDisposedDetails(entry.details, personal) }))
          : entries,
      };
    },

    /** Recomputes the chain of one case (or every chain) and says which entry breaks it. */
    async verify(principal: Principal, caseId: string | undefined, source: RequestSource): Promise<ChainCheck> {
      demand(principal, 'audit:read');
      const result = await verifyAuditChain(deps.db, caseId);
      await note(principal, source, 'audit.chain-verified', {
        ...(caseId !== undefined ? { caseId } : {}),
        ok: result.ok,
        entriesChecked: result.entriesChecked,
        ...(result.ok
          ? {}
          : {
              brokenCaseId: result.brokenLink.caseId,
              brokenSequence: result.brokenLink.sequence,
              reason: result.brokenLink.reason,
            }),
      });
      return result;
    },

    /** Entries across every chain, newest first. */
    async search(principal: Principal, input: AuditSearchInput, source: RequestSource): Promise<AuditEntry[]> {
      demand(principal, 'audit:read');
      const entries = await find(input, input.limit ?? 100);
      await note(principal, source, 'audit.searched', searchDetails(input, entries.length));
      return entries;
    },

    /** The search as CSV (up to 5,000 entries); the export is audited with its filter and size. */
    async exportCsv(principal: Principal, input: AuditSearchInput, source: RequestSource): Promise<string> {
      demand(principal, 'audit:read');
      const entries = await find({ ...input, beforeId: undefined }, 5000);
      await note(principal, source, 'audit.exported', searchDetails(input, entries.length));
      const rows = entries.map((entry) => ({
        id: entry.id,
        chain: entry.caseId,
        sequence: entry.sequence,
        occurredAt: entry.occurredAt.toISOString(),
        actorId: entry.actor.id,
        actorKind: entry.actor.kind,
        eventType: entry.eventType,
        channel: entry.source.channel ?? null,
        ip: entry.source.ip ?? null,
        hash: entry.hash,
      }));
      return toCsv(rows, [
        'id',
        'chain',
        'sequence',
        'occurredAt',
        'actorId',
        'actorKind',
        'eventType',
        'channel',
        'ip',
        'hash',
      ]);
    },
  };
}

function searchDetails(input: AuditSearchInput, count: number): Record<string, string | number> {
  return {
    ...(input.actor !== undefined ? { actor: input.actor } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.from !== undefined ? { from: input.from.toISOString() } : {}),
    ...(input.to !== undefined ? { to: input.to.toISOString() } : {}),
    count,
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
