/**
 * Failure counters for throttles that every process must share (a per-process counter lets N
 * processes give N times the tries). One row per (scope, key); each failure is one atomic upsert.
 */
import type { Knex } from 'knex';

export interface ThrottleCounter {
  failures: number;
  blockedUntil: Date;
}

/**
 * Counts one failure at `now`: a counter quiet for `forgetAfterMs` starts again at 1. The waiting
 * time after the new count (`delayAfter`) only ever extends the block, so concurrent failures in
 * several processes can never shorten it.
 */
export async function recordThrottleFailure(
  db: Knex,
  input: { scope: string; key: string; now: Date; forgetAfterMs: number; delayAfter: (failures: number) => number },
): Promise<ThrottleCounter> {
  const forgottenBefore = new Date(input.now.getTime() - input.forgetAfterMs);
  const first = new Date(input.now.getTime() + input.delayAfter(1));
  const { rows } = await db.raw<{ rows: Array<{ failures: number }> }>(
    `insert into throttle_counters (scope, key, failures, last_failure_at, blocked_until) values (?, ?, 1, ?, ?)
     on conflict (scope, key) do update set
       failures = case when throttle_counters.last_failure_at > ? then throttle_counters.failures + 1 else 1 end,
       blocked_until = case when throttle_counters.last_failure_at > ? then throttle_counters.blocked_until else excluded.blocked_until end,
       last_failure_at = excluded.last_failure_at
     returning failures`,
    [input.scope, input.key, input.now, first, forgottenBefore, forgottenBefore],
  );
  const failures = Number(rows[0]?.failures ?? 1);
  const blockedUntil = new Date(input.now.getTime() + input.delayAfter(failures));
  const [row] = await db<{ scope: string; key: string; failures: number; blocked_until: Date }>('throttle_counters')
    .where({ scope: input.scope, key: input.key })
    .update({ blocked_until: db.raw('greatest(blocked_until, ?)', [blockedUntil]) })
    .returning(['failures', 'blocked_until']);
  return {
    failures: Number(row?.failures ?? failures),
    blockedUntil: row ? new Date(row.blocked_until) : blockedUntil,
  };
}

/** The latest time any of these counters blocks until (undefined: none is blocked or counted). */
export async function throttleBlockedUntil(
  db: Knex,
  counters: ReadonlyArray<{ scope: string; key: string }>,
): Promise<Date | undefined> {
  if (counters.length === 0) return undefined;
  const query = db('throttle_counters').max({ until: 'blocked_until' });
  query.where((where) => {
    for (const counter of counters) where.orWhere({ scope: counter.scope, key: counter.key });
  });
  const row = (await query.first()) as { until: Date | null } | undefined;
  return row?.until ? new Date(row.until) : undefined;
}

export async function clearThrottleCounter(db: Knex, scope: string, key: string): Promise<void> {
  await db('throttle_counters').where({ scope, key }).delete();
}

/** Housekeeping: removes counters with no failure since `before` (forgotten anyway). */
export async function deleteQuietThrottleCounters(db: Knex, before: Date): Promise<number> {
  return db('throttle_counters').where('last_failure_at', '<', before).andWhere('blocked_until', '<', before).delete();
}
