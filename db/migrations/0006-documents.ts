/** Document metadata; content lives on disk or, for small deployments, in the database. */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('documents', (t) => {
    t.text('id').primary();
    t.text('case_id').notNullable();
    t.text('filename').notNullable();
    t.text('content_type').notNullable();
    t.bigInteger('size_bytes').notNullable();
    t.text('sha256').notNullable();
    t.text('storage_kind').notNullable();
    // Relative to the configured documents directory when stored on disk.
    t.text('storage_path');
    t.binary('content');
    t.text('uploaded_by').notNullable();
    t.text('uploaded_by_kind').notNullable().defaultTo('staff');
    t.text('description');
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    alter table documents
      add constraint documents_storage_check check (
        (storage_kind = 'db' and content is not null and storage_path is null)
        or (storage_kind = 'disk' and content is null and storage_path is not null)),
      add constraint documents_size_check check (size_bytes > 0),
      add constraint documents_sha_check check (sha256 ~ '^[0-9a-f]{64}$')`);
  await knex.raw('create index documents_case_idx on documents (case_id, uploaded_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('documents');
}
