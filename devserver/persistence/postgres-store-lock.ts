import { Client } from 'pg';
import { PersistenceError } from './persistence-error';

/**
 * Takes a Postgres store (its schema and table prefix) for one server: two servers on one store would
 * both load every run and fire its timers. A session-level advisory lock on a connection of its own,
 * so the lock goes with the process, however it ends (kill -9 closes the socket, Postgres frees it).
 * Returns the release function.
 */
export async function lockPostgresStore(
  connectionString: string,
  store: { schema: string | undefined; tablePrefix: string },
): Promise<() => Promise<void>> {
  const client = new Client({ connectionString });
  // A lost connection loses the lock; the store's own pool reports the outage to the server.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ taken: boolean; schema: string }>(
      `select pg_try_advisory_lock(hashtext('civicflow-devserver-store:' || s.name || ':' || $2::text)) as taken,
              s.name as schema
         from (select coalesce($1::text, current_schema()) as name) s`,
      [store.schema ?? null, store.tablePrefix],
    );
    if (!rows[0]?.taken)
      throw new PersistenceError(
        `the store ${rows[0]?.schema ?? ''}.${store.tablePrefix}* is in use by another server (another devserver or npm start?)`,
      );
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return () => client.end();
}
