/**
 * Work orders sent to departments' systems (one row per case step visit, keyed by its idempotency
 * key, with the system's reference and the delivery attempts) and the callbacks they sent back: the
 * replay store, so a callback id is acted on once.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('work_orders', (t) => {
    // The idempotency key the system receives: stable across retries of the same step visit.
    t.text('id').primary();
    t.text('connection').notNullable();
    t.text('case_id').notNullable().index();
    t.text('step_id').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.text('reference');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('delivered_at', { useTz: true });
  });
  await knex.schema.createTable('work_order_callbacks', (t) => {
    t.text('connection').notNullable();
    t.text('callback_id').notNullable();
    t.text('work_order_id').notNullable().references('id').inTable('work_orders');
    t.text('status').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['connection', 'callback_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('work_order_callbacks');
  await knex.schema.dropTable('work_orders');
}
