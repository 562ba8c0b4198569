/**
 * Predicted close dates of cases (api/services/prediction-service.ts). `predicted_close_at` is the
 * latest figure, refreshed while the case is open; `first_predicted_close_at` is the date first given
 * and is never changed, so the accuracy report scores what residents were actually told.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_predictions', (t) => {
    t.text('case_id').primary().references('id').inTable('cases').onDelete('CASCADE');
    t.timestamp('predicted_close_at', { useTz: true }).notNullable();
    t.timestamp('first_predicted_close_at', { useTz: true }).notNullable();
    // The key prefix the figure came from ("service-complaint / graffiti") and how many closed cases it rests on.
    t.text('basis').notNullable();
    t.integer('samples').notNullable();
    t.timestamp('computed_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_predictions');
}
