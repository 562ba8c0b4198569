/**
 * The change signal for live work lists: an entity tag (ETag) per list, computed from one narrow
 * query over the read model (the ids, projection sequences, update times and overdue flags of the
 * rows the list shows, db/repositories/list-fingerprint.query.ts). A refresh
 * sends it back in If-None-Match; an unchanged list answers 304 without reading the rows' contents,
 * so it costs no `cases.listed` audit entry and carries no personal data.
 *
 * A list answered in full carries the tag of the rows it was read from (one read); a refresh's
 * If-None-Match is checked first against a fresh fingerprint, and only a miss reads the list.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, casePageFingerprint, worklistPageFingerprint, type PageFingerprint } from '../../db';
import type { JsonValue } from '../../domain/definition';
import type { Principal } from '../auth/principal';
import { demand, scopedListRequest, type CaseListQuery } from './case-access';
import type { ServiceDeps } from './service-deps';
import { worklistFilter, type WorklistKind } from './worklist-service';

/**
 * A weak tag (the body is equivalent, not byte-identical) tied to the caller: what they see depends on
 * their roles and grants (masking, scope), so another person's tag never matches.
 */
export function changeTag(
  principal: Principal,
  list: string,
  request: unknown,
  fingerprint: Readonly<Record<string, JsonValue>>,
): string {
  const who = {
    id: principal.id,
    roles: [...principal.roles].sort(),
    departmentId: principal.departmentId,
    grants: principal.grants,
    scopes: [...principal.scopes].sort(),
  };
  const material = canonicalJson(
    JSON.parse(JSON.stringify({ v: 1, who, list, request: request ?? null, fingerprint })) as JsonValue,
  );
  return `W/"${createHash('sha256').update(material).digest('base64url').slice(0, 32)}"`;
}

/** If-None-Match (RFC 9110 §13.1.2, weak comparison): `*` or any listed tag equal to ours. */
export function ifNoneMatchHits(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  const ours = opaque(tag);
  return header.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === ours);
}

export type ChangeSignalService = ReturnType<typeof createChangeSignalService>;

/** The tag of GET /api/v1/cases with this query for this caller, from its page's fingerprint. */
function caseListTagOf(principal: Principal, query: CaseListQuery, fingerprint: PageFingerprint): string {
  return changeTag(principal, 'cases', query, fingerprint);
}

/** The tag of GET /api/v1/worklists/{kind} for this caller, from its rows' fingerprint. */
function worklistTagOf(
  principal: Principal,
  kind: WorklistKind,
  limit: number | undefined,
  fingerprint: PageFingerprint,
): string {
  return changeTag(principal, `worklist:${kind}`, { limit: limit ?? null }, fingerprint);
}

/**
 * The tags of refreshes, from narrow fingerprint reads. A list answered in full takes its tag from
 * the fingerprint its own read brought back (caseListTagOf, worklistTagOf): no second read.
 */
export function createChangeSignalService(deps: Pick<ServiceDeps, 'db' | 'clock'>) {
  return {
    async caseListTag(principal: Principal, query: CaseListQuery): Promise<string> {
      demand(principal, 'cases:read');
      const now = deps.clock();
      return caseListTagOf(
        principal,
        query,
        await casePageFingerprint(deps.db, scopedListRequest(principal, query, now), now),
      );
    },

    async worklistTag(principal: Principal, kind: WorklistKind, limit?: number): Promise<string> {
      const now = deps.clock();
      const fingerprint = await worklistPageFingerprint(
        deps.db,
        { ...worklistFilter(principal, kind, now), ...(limit !== undefined ? { limit } : {}) },
        now,
      );
      return worklistTagOf(principal, kind, limit, fingerprint);
    },

    caseListTagOf,
    worklistTagOf,
  };
}
