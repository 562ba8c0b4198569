/** What the application services need; built once by createApp (and by the Open311 routes). */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { DocumentStore } from '../../db';

export interface ServiceDeps {
  db: Knex;
  temporal: Client;
  taskQueue: string;
  clock: () => Date;
  documents: DocumentStore;
  /** How long `act` waits for the workflow's verdict (default 15 s). */
  outcomeTimeoutMs?: number;
}

/** Where a request came from; copied onto audit entries and workflow events. */
export interface RequestSource {
  ip?: string;
  channel: string;
}
