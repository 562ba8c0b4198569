/**
 * Housekeeping: wizard uploads never sent with a request (older than the given hours) are deleted
 * with their files, and throttle counters quiet for a day (forgotten by every policy) are dropped.
 */
import type { Knex } from 'knex';
import { deleteAbandonedUploads, deleteQuietThrottleCounters } from '../db';
import type { HousekeepingActivities } from '../workflows/periodic-contract';
import { removeDocumentFiles } from './document-files';

/** Longer than any throttle policy's forget-after (api/services/resident-portal-service.ts CODE_POLICY: 24 h). */
const THROTTLE_QUIET_MS = 48 * 3_600_000;

export function createHousekeepingActivities(deps: {
  db: Knex;
  documentDir?: string;
  clock?: () => Date;
}): HousekeepingActivities {
  const clock = deps.clock ?? (() => new Date());
  return {
    async sweepAbandoned({ uploadsOlderThanHours }) {
      const now = clock().getTime();
      let uploadsRemoved = 0;
      for (;;) {
        const batch = await deleteAbandonedUploads(deps.db, new Date(now - uploadsOlderThanHours * 3_600_000));
        await removeDocumentFiles(deps.documentDir, batch.documentPaths);
        uploadsRemoved += batch.removed;
        if (batch.removed === 0) break;
      }
      const throttleCountersRemoved = await deleteQuietThrottleCounters(deps.db, new Date(now - THROTTLE_QUIET_MS));
      return { uploadsRemoved, throttleCountersRemoved };
    },
  };
}
