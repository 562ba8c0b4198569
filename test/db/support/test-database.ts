/**
 * Each test file gets its own freshly migrated Postgres database, so files run in parallel without
 * sharing rows. Set TEST_POSTGRES_URL to point at another server.
 *
 * Under jest the global setup migrates one template database per run (TEST_TEMPLATE_DATABASE) and each
 * file's database is a copy of it (`CREATE DATABASE ... TEMPLATE`, a file copy on the server): much
 * cheaper than running every migration again per file.
 */
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { createDatabase, type Database } from '../../../db/connection';

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const TEMPLATE_DATABASE_VARIABLE = 'TEST_TEMPLATE_DATABASE';

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

async function onServer(sql: string): Promise<void> {
  const admin = knexFactory({ client: 'pg', connection: SERVER_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(sql);
  } finally {
    await admin.destroy();
  }
}

/** Drops a database made here, closing any connection still open to it. */
export async function dropDatabase(name: string): Promise<void> {
  await onServer(`drop database if exists ${name} with (force)`);
}

function freshName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = freshName('civicflow_test');
  const template = options.migrate === false ? undefined : process.env[TEMPLATE_DATABASE_VARIABLE];
  await onServer(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const url = withDatabase(SERVER_URL, name);
  // A copy of the template is migrated already.
  const db = await createDatabase(
    { url, embeddedDir: '' },
    { migrate: template ? false : options.migrate, pool: { min: 0, max: 6 } },
  );
  return {
    db,
    url,
    name,
    async drop() {
      await db.destroy();
      await dropDatabase(name);
    },
  };
}

/**
 * A migrated database for {@link createTestDatabase} to copy; returns its name. Every connection to it
 * is closed before this returns (Postgres copies only a template nobody is connected to).
 */
export async function createTemplateDatabase(): Promise<string> {
  const name = freshName('civicflow_template');
  await onServer(`create database ${name}`);
  const db = await createDatabase(
    { url: withDatabase(SERVER_URL, name), embeddedDir: '' },
    { migrate: true, pool: { min: 0, max: 1 } },
  );
  await db.destroy();
  return name;
}

/**
 * A fresh database for the tests of one file: made in beforeAll, dropped in afterAll. Read `db` (and
 * the rest) inside hooks and tests, once it exists.
 */
export function useTestDatabase(options: { migrate?: boolean } = {}): TestDatabase {
  let made: TestDatabase | undefined;
  beforeAll(async () => {
    made = await createTestDatabase(options);
  });
  afterAll(async () => {
    await made?.drop();
  });
  const current = (): TestDatabase => {
    if (!made) throw new Error('the test database is made in beforeAll: read it inside a hook or a test');
    return made;
  };
  return {
    get db() {
      return current().db;
    },
    get url() {
      return current().url;
    },
    get name() {
      return current().name;
    },
    drop: () => current().drop(),
  };
}
