/**
 * The definition studio's working drafts: the YAML a person is editing for a process, saved on the
 * server with its author even while it does not validate (a version draft in `definitions` must
 * compile). One working draft per person and process.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('definition_editor_drafts', (t) => {
    t.text('definition_id').notNullable();
    t.text('author_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('yaml_source').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['definition_id', 'author_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('definition_editor_drafts');
}
