/** Waits for a statement of the test's database to be blocked on a lock (conditions, not sleeps). */
import type { Knex } from 'knex';
import { waitFor } from '../../support/until';

/** Until some transaction of this database waits for an advisory lock (an audit chain's). */
export async function untilAdvisoryLockWaited(db: Knex): Promise<void> {
  await waitFor('a wait on an advisory lock', async () => {
    const { rows } = await db.raw<{ rows: unknown[] }>(
      `select 1 from pg_locks l join pg_database d on d.oid = l.database
       where l.locktype = 'advisory' and not l.granted and d.datname = current_database()`,
    );
    return rows.length > 0;
  });
}

/** Until a statement of this database whose text contains `text` waits for a lock (e.g. a row's). */
export async function untilStatementWaitsOnLock(db: Knex, text: string): Promise<void> {
  await waitFor(`a statement with ${text} to wait on a lock`, async () => {
    const { rows } = await db.raw<{ rows: unknown[] }>(
      `select 1 from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock' and position(? in query) > 0`,
      [text],
    );
    return rows.length > 0;
  });
}
