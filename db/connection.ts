/**
 * Opens the case database: an external Postgres when a URL is configured, otherwise an embedded
 * Postgres (PGlite, WebAssembly, files in a directory) so `npm start` works on a bare machine.
 * Migrations run before the handle is returned.
 */
import { mkdirSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import type { DatabaseConfig } from '../config/app-config';
import { migrationSource } from './migrations';

export type Database = Knex;

export interface CreateDatabaseOptions {
  /** Run pending migrations (default true). */
  migrate?: boolean;
  /** Pool size for an external Postgres (PGlite always has exactly one connection). */
  pool?: { min: number; max: number };
}

export type DatabaseKind = 'postgres' | 'embedded';

const kinds = new WeakMap<Knex, DatabaseKind>();

/** Which engine a handle talks to; the embedded one has a single connection. */
export function databaseKind(db: Knex): DatabaseKind {
  return kinds.get(db) ?? 'postgres';
}

function openKnex(config: Pick<DatabaseConfig, 'url' | 'embeddedDir'>, options: CreateDatabaseOptions): Knex {
  if (config.url !== undefined) {
    const db = knexFactory({ client: 'pg', connection: config.url, pool: options.pool ?? { min: 0, max: 10 } });
    kinds.set(db, 'postgres');
    return db;
  }
  mkdirSync(config.embeddedDir, { recursive: true });
  const db = knexFactory({ client: ClientPgLite, dialect: 'postgres', connection: { filename: config.embeddedDir } });
  kinds.set(db, 'embedded');
  return db;
}

/** Runs pending migrations; returns the names applied in this call. */
export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

export async function createDatabase(
  config: Pick<DatabaseConfig, 'url' | 'embeddedDir'>,
  options: CreateDatabaseOptions = {},
): Promise<Database> {
  const db = openKnex(config, options);
  try {
    if (options.migrate !== false) await migrateLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

export async function closeDatabase(db: Database): Promise<void> {
  await db.destroy();
}
