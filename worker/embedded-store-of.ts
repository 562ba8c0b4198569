import type { AppConfig } from '../config';
import { embeddedServerStore, type EmbeddedServerStore } from '../config/embedded-store';
import { holdsPgliteStore } from '../devserver/persistence';

/** The embedded server's store for this configuration, looking at what TEMPORAL_DATA_DIR already holds. */
export function embeddedStoreOf(config: AppConfig): EmbeddedServerStore {
  return embeddedServerStore(config.database, config.temporal, holdsPgliteStore(config.temporal.embeddedDir));
}
