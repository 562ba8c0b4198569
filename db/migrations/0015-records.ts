/**
 * Records management: legal holds (on a case or on every case a search matched), disposition batches a
 * records officer approved, and the tombstone each disposed case leaves. `cases.disposed_at` marks a
 * case whose personal data and document contents are gone; `documents.releasable` marks a document a
 * public-records export may include.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('legal_holds', (t) => {
    t.text('id').primary();
    t.text('reason').notNullable();
    // { kind: 'case', caseId } or { kind: 'search', search: {...} }: what the records officer held.
    t.jsonb('scope').notNullable();
    t.text('placed_by').notNullable();
    t.timestamp('placed_at', { useTz: true }).notNullable();
    t.text('released_by');
    t.timestamp('released_at', { useTz: true });
    t.text('release_reason');
  });
  await knex.schema.createTable('legal_hold_cases', (t) => {
    t.text('hold_id').notNullable().references('id').inTable('legal_holds').onDelete('CASCADE');
    t.text('case_id').notNullable().references('id').inTable('cases').onDelete('CASCADE');
    t.primary(['hold_id', 'case_id']);
  });
  await knex.raw('create index legal_hold_cases_case_idx on legal_hold_cases (case_id)');

  await knex.schema.createTable('disposition_batches', (t) => {
    t.text('id').primary();
    t.text('approved_by').notNullable();
    t.text('approved_by_name').notNullable();
    t.timestamp('approved_at', { useTz: true }).notNullable();
    t.jsonb('case_ids').notNullable();
    t.text('status').notNullable().defaultTo('running');
    t.jsonb('results');
    t.timestamp('completed_at', { useTz: true });
  });

  await knex.schema.createTable('case_tombstones', (t) => {
    t.text('case_id').primary().references('id').inTable('cases');
    t.text('tracking_number').notNullable();
    t.text('definition_id').notNullable();
    t.text('definition_version').notNullable();
    t.text('department_id');
    t.text('outcome');
    t.text('retention_class').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('closed_at', { useTz: true }).notNullable();
    t.timestamp('disposal_due_at', { useTz: true }).notNullable();
    t.timestamp('disposed_at', { useTz: true }).notNullable();
    t.text('batch_id').notNullable().references('id').inTable('disposition_batches');
    t.text('approved_by').notNullable();
    t.text('approved_by_name').notNullable();
    t.integer('documents_removed').notNullable();
    // Disk files of the removed documents (content-free relative paths), removed after the commit and
    // again by any retry, so a crash between the two leaves no file behind.
    t.jsonb('document_paths').notNullable().defaultTo('[]');
  });

  await knex.schema.alterTable('cases', (t) => {
    t.timestamp('disposed_at', { useTz: true });
  });
  await knex.schema.alterTable('documents', (t) => {
    t.boolean('releasable').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => t.dropColumn('releasable'));
  await knex.schema.alterTable('cases', (t) => t.dropColumn('disposed_at'));
  await knex.schema.dropTable('case_tombstones');
  await knex.schema.dropTable('disposition_batches');
  await knex.schema.dropTable('legal_hold_cases');
  await knex.schema.dropTable('legal_holds');
}
