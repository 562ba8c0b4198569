/**
 * Opens the case database: an external Postgres when a URL is configured, otherwise an embedded
 * Postgres (PGlite, WebAssembly, files in a directory) so `npm start` works on a bare machine.
 * Migrations run before the handle is returned.
 */
import { mkdirSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import type { PGlite } from '@electric-sql/pglite';
import { openEmbeddedPostgres, pgliteConnection } from '../lib/embedded-postgres';
import { Client as PgClient } from 'pg';
import { DEFAULT_DATABASE_CONNECT_TIMEOUT_MS, type DatabaseConfig } from '../config/app-config';
import { lockEmbeddedDirectory } from './embedded-lock';
import { migrationSource } from './migrations';

export type Database = Knex;

export interface CreateDatabaseOptions {
  /** Run pending migrations (default true). */
  migrate?: boolean;
  /** Pool size for an external Postgres (PGlite always has exactly one connection). */
  pool?: { min: number; max: number };
}

export type DatabaseKind = 'postgres' | 'embedded';

/** Where the database is; the connect timeout (external Postgres only) defaults to the configuration's default. */
export type DatabaseLocation = Pick<DatabaseConfig, 'url' | 'embeddedDir'> &
  Partial<Pick<DatabaseConfig, 'connectTimeoutMs'>>;

const kinds = new WeakMap<Knex, DatabaseKind>();

/** Which engine a handle talks to; the embedded one has a single connection. */
export function databaseKind(db: Knex): DatabaseKind {
  return kinds.get(db) ?? 'postgres';
}

async function openKnex(config: DatabaseLocation, options: CreateDatabaseOptions): Promise<Knex> {
  if (config.url !== undefined) {
    // A server that accepts and never answers must fail the connect, not hang start-up or a request.
    const db = knexFactory({
      client: 'pg',
      connection: { connectionString: config.url, connectionTimeoutMillis: connectTimeoutOf(config) },
      pool: options.pool ?? { min: 0, max: 10 },
    });
    kinds.set(db, 'postgres');
    return db;
  }
  mkdirSync(config.embeddedDir, { recursive: true });
  const release = lockEmbeddedDirectory(config.embeddedDir);
  let pglite: PGlite;
  try {
    pglite = await openEmbeddedPostgres(config.embeddedDir);
  } catch (error) {
    release();
    throw error;
  }
  const db = knexFactory({ client: ClientPgLite, dialect: 'postgres', connection: pgliteConnection(pglite) });
  kinds.set(db, 'embedded');
  // Release the directory only once PGlite has closed its files. (knex.destroy is read-only and
  // delegates to client.destroy, so the hook goes on the client.)
  const client = db.client as { destroy: (callback?: unknown) => Promise<void> };
  const destroyClient = client.destroy.bind(client);
  let released = false;
  client.destroy = async (callback?: unknown) => {
    try {
      await destroyClient(callback);
    } finally {
      if (!released) {
        released = true;
        release();
      }
    }
  };
  return db;
}

function connectTimeoutOf(config: DatabaseLocation): number {
  return config.connectTimeoutMs ?? DEFAULT_DATABASE_CONNECT_TIMEOUT_MS;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs pending migrations; returns the names applied in this call. When the API and the worker start
 * together against one Postgres, one holds knex's migration lock and the other would fail at once
 * ("MigrationLocked"), so this waits for the lock instead (up to `lockWaitMs`, default 60 s).
 */
export async function migrateLatest(db: Knex, lockWaitMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + lockWaitMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
      return applied;
    } catch (error) {
      const locked = error instanceof Error && error.name === 'MigrationLocked';
      if (!locked || Date.now() >= deadline) throw error;
      await sleep(Math.min(100 * 2 ** attempt, 2000));
    }
  }
}

/** Arbitrary constant: the advisory lock key that serialises CivicFlow migrations across processes. */
const MIGRATION_LOCK_KEY = 7_416_813_331;

/**
 * Knex creates its bookkeeping tables with check-then-create, which races when two processes migrate
 * a fresh database at once; a session advisory lock on a separate connection serialises them.
 */
async function migrateExclusively(db: Knex, url: string, connectTimeoutMs: number): Promise<void> {
  const client = new PgClient({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  // A dropped connection surfaces through the awaited queries; without a listener it would crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrateLatest(db);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

export async function createDatabase(config: DatabaseLocation, options: CreateDatabaseOptions = {}): Promise<Database> {
  const db = await openKnex(config, options);
  try {
    if (options.migrate !== false) {
      if (config.url !== undefined) await migrateExclusively(db, config.url, connectTimeoutOf(config));
      else await migrateLatest(db);
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

export async function closeDatabase(db: Database): Promise<void> {
  await db.destroy();
}
