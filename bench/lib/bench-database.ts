/** A throwaway Postgres database for one bench run (BENCH_POSTGRES_URL names the server), dropped afterwards. */
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { createDatabase, type Database } from '../../db';

const SERVER_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function withDatabase<T>(use: (db: Database) => Promise<T>): Promise<T> {
  const name = `civicflow_bench_${randomBytes(5).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: SERVER_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const db = await createDatabase({ url: url.toString(), embeddedDir: '' }, { pool: { min: 0, max: 20 } });
  try {
    return await use(db);
  } finally {
    await db.destroy();
    await admin.raw(`drop database if exists ${name} with (force)`);
    await admin.destroy();
  }
}
