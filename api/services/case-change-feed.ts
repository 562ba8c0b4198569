/**
 * The outbound feed of case changes for other city systems and a data warehouse: every audit entry
 * of every case the caller may see, oldest first, after an opaque cursor. No case data travels
 * here (only what changed and when); a follower reads the case itself when it needs more. Each read
 * is recorded on the platform audit chain.
 */
import { listCaseChanges, type CaseChange } from '../../db';
import type { Principal } from '../auth/principal';
import { departmentScope } from '../auth/access-policy';
import { demand, recordPlatformEntry } from './case-access';
import type { RequestSource, ServiceDeps } from './service-deps';
import { ApiError } from '../errors/api-error';

export interface CaseChangePage {
  changes: CaseChange[];
  /** Give it back as `after` for the next page; the same cursor when nothing new has settled. */
  cursor: string;
}

/** How long an entry must have been recorded before the feed lists it (see listCaseChanges). */
export const DEFAULT_SETTLE_MS = 2_000;

function decode(cursor: string | undefined): string {
  if (cursor === undefined || cursor === '') return '0';
  const id = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!/^\d{1,18}$/.test(id))
    throw new ApiError('INVALID_CURSOR', 'the cursor is not one this feed gave out', { field: 'after' });
  return id;
}

export function createCaseChangeFeed(deps: Pick<ServiceDeps, 'db' | 'clock'> & { settleMs?: number }) {
  return {
    async page(
      principal: Principal,
      options: { after?: string; limit?: number },
      source: RequestSource,
    ): Promise<CaseChangePage> {
      demand(principal, 'events:read');
      const afterId = decode(options.after);
      const scope = departmentScope(principal);
      const changes = await listCaseChanges(deps.db, {
        afterId,
        limit: options.limit ?? 100,
        settleMs: deps.settleMs ?? DEFAULT_SETTLE_MS,
        ...(scope ? { departments: scope } : {}),
      });
      const last = changes.at(-1)?.id ?? afterId;
      await recordPlatformEntry(
        deps,
        principal,
        'case-changes-read',
        { after: afterId, count: changes.length },
        source,
      );
      return { changes, cursor: Buffer.from(last, 'utf8').toString('base64url') };
    },
  };
}
