/**
 * The resident portal: the language a resident chose (remembered per case, for pages and notices),
 * their questions about a case (inquiries: answered by staff of the step's department) and the
 * documents staff released to them.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('resident_case_preferences', (t) => {
    t.text('case_id').primary();
    t.text('language').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('resident_inquiries', (t) => {
    t.text('id').primary();
    t.text('case_id').notNullable().index();
    /** The department of the step the case was on when asked: its staff see it in their work list. */
    t.text('department_id');
    t.text('question').notNullable();
    t.timestamp('asked_at', { useTz: true }).notNullable();
    t.text('answer');
    t.text('answered_by');
    t.timestamp('answered_at', { useTz: true });
    t.index(['department_id', 'answered_at']);
  });
  await knex.schema.createTable('released_documents', (t) => {
    t.text('document_id').primary();
    t.text('case_id').notNullable().index();
    t.text('released_by').notNullable();
    t.timestamp('released_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('released_documents');
  await knex.schema.dropTable('resident_inquiries');
  await knex.schema.dropTable('resident_case_preferences');
}
