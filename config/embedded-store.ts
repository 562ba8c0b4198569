/**
 * Where the embedded Temporal server keeps its executions. With DATABASE_URL the application's
 * Postgres holds them too, in a schema of their own: one database to back up, and the server's thread
 * no longer runs a second, in-process Postgres (PGlite) beside it, which costs memory and, when many
 * cases wake at once, a good part of a core (bench/notes/open-cases.md). Without it, PGlite in
 * TEMPORAL_DATA_DIR, as always. A TEMPORAL_DATA_DIR that already holds a store from an earlier start
 * keeps being used unless TEMPORAL_EMBEDDED_STORE says otherwise: its cases must not vanish on upgrade.
 */
import type { DatabaseConfig, EmbeddedStorePlace, TemporalConfig } from './app-config';

/** The Postgres schema of the embedded server's tables in the application's database. */
export const EMBEDDED_STORE_SCHEMA = 'temporal_embedded';

export interface EmbeddedServerStore {
  place: EmbeddedStorePlace;
  /** createExecutionStore's target: a postgres:// URL with its schema, or a PGlite directory. */
  target: string;
  /** Said once at start-up when the choice is not the one an operator would assume. */
  notice?: string;
}

export function embeddedServerStore(
  database: Pick<DatabaseConfig, 'url'>,
  temporal: Pick<TemporalConfig, 'embeddedDir' | 'embeddedStore'>,
  dataDirHoldsStore: boolean,
): EmbeddedServerStore {
  const inDataDir: EmbeddedServerStore = { place: 'data-dir', target: temporal.embeddedDir };
  if (database.url === undefined || temporal.embeddedStore === 'data-dir') return inDataDir;
  const url = new URL(database.url);
  url.searchParams.set('schema', EMBEDDED_STORE_SCHEMA);
  const inDatabase: EmbeddedServerStore = { place: 'database', target: url.toString() };
  if (!dataDirHoldsStore) return inDatabase;
  if (temporal.embeddedStore === 'database')
    return {
      ...inDatabase,
      notice: `TEMPORAL_EMBEDDED_STORE is "database": the workflows kept in ${temporal.embeddedDir} by an earlier start are not run`,
    };
  return {
    ...inDataDir,
    notice: `the embedded Temporal server keeps using ${temporal.embeddedDir}, which holds its workflows from an earlier start; set TEMPORAL_EMBEDDED_STORE to "data-dir" to say so, or stop the platform and run \`civicflow move-embedded-store\` to move them into DATABASE_URL`,
  };
}
