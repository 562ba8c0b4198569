/** A throwaway Postgres database for one bench run (BENCH_POSTGRES_URL names the server), dropped afterwards. */
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { createDatabase, type Database } from '../../db';

/** The Postgres server benches create their throwaway databases on. */
export const serverUrl = (): string => process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Creates an empty database on the bench server; `url` connects to it, `drop` removes it (forcing connections off). */
export async function createScratchDatabase(
  prefix = 'civicflow_bench',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: serverUrl(), pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}

export async function withDatabase<T>(use: (db: Database) => Promise<T>): Promise<T> {
  const scratch = await createScratchDatabase();
  const db = await createDatabase({ url: scratch.url, embeddedDir: '' }, { pool: { min: 0, max: 20 } });
  try {
    return await use(db);
  } finally {
    await db.destroy();
    await scratch.drop();
  }
}
