import { Client } from 'pg';
import { PersistenceError } from './persistence-error';

/** First key of the two-key advisory lock, so a store's lock never collides with other advisory locks. */
const STORE_LOCK_CLASS = 0x54535452; // "TSTR"

export interface PostgresStoreLockOptions {
  schema: string | undefined;
  tablePrefix: string;
  /** How long opening the lock's connection may take: a server that never answers must not hang start-up. */
  connectTimeoutMs: number;
  /**
   * The lock's connection failed or ended while held (Postgres restarted, the network cut it): the
   * store is no longer this server's alone, so the server must stop.
   */
  onLost?: (error: Error) => void;
}

/**
 * Takes a Postgres store (its schema and table prefix) for one server: two servers on one store would
 * both load every run and fire its timers. A session-level advisory lock on a connection of its own
 * (direct or session-pooled: a transaction-mode pooler cannot hold it), so it goes with the process;
 * TCP keep-alive lets Postgres notice a host that vanished. Returns the release function.
 */
export async function lockPostgresStore(
  connectionString: string,
  options: PostgresStoreLockOptions,
): Promise<() => Promise<void>> {
  const client = new Client({ connectionString, connectionTimeoutMillis: options.connectTimeoutMs, keepAlive: true });
  let held = false;
  let released = false;
  const lost = (error: Error): void => {
    if (!held || released) return;
    held = false;
    options.onLost?.(error);
  };
  client.on('error', (error) => lost(error));
  client.on('end', () => lost(new PersistenceError('the connection holding the store lock ended')));
  await client.connect();
  try {
    const { rows } = await client.query<{ taken: boolean; schema: string }>(
      `select pg_try_advisory_lock($3::int, hashtext('civicflow-devserver-store:' || s.name || ':' || $2::text)) as taken,
              s.name as schema
         from (select coalesce($1::text, current_schema()) as name) s`,
      [options.schema ?? null, options.tablePrefix, STORE_LOCK_CLASS],
    );
    if (!rows[0]?.taken)
      throw new PersistenceError(
        `the store ${rows[0]?.schema ?? ''}.${options.tablePrefix}* is in use by another server (another devserver or npm start?)`,
      );
    held = true;
  } catch (error) {
    released = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  return async () => {
    released = true;
    await client.end();
  };
}
