/**
 * Each test file gets its own freshly migrated Postgres database, so files run in parallel without
 * sharing rows. Set TEST_POSTGRES_URL to point at another server.
 */
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { createDatabase, type Database } from '../../../db/connection';

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Database;
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `civicflow_test_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: SERVER_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`create database ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = withDatabase(SERVER_URL, name);
  const db = await createDatabase({ url, embeddedDir: '' }, { migrate: options.migrate, pool: { min: 0, max: 6 } });
  return {
    db,
    url,
    name,
    async drop() {
      await db.destroy();
      const dropper = knexFactory({ client: 'pg', connection: SERVER_URL, pool: { min: 0, max: 1 } });
      try {
        await dropper.raw(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.destroy();
      }
    },
  };
}
