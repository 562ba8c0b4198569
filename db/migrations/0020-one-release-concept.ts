/**
 * One concept for "released to the resident": a document is released when it is marked
 * `documents.releasable` (0015, from the staff case page, audited). The portal's own
 * `released_documents` table (0016) is no longer read or written.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('released_documents');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('released_documents', (t) => {
    t.text('document_id').primary();
    t.text('case_id').notNullable().index();
    t.text('released_by').notNullable();
    t.timestamp('released_at', { useTz: true }).notNullable();
  });
}
