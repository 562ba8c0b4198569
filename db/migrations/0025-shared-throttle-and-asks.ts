/**
 * Wrong-code throttling shared by every process (the counters were in memory, one set per process,
 * so N processes gave N times the tries), and a resident's question stored once per form post:
 * `request_key` is the idempotency key of the "ask" form, unique per case.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('throttle_counters', (t) => {
    /** Which throttle and which kind of key, e.g. `portal-code:number` or `portal-code:address`. */
    t.text('scope').notNullable();
    t.text('key').notNullable();
    t.integer('failures').notNullable();
    t.timestamp('last_failure_at', { useTz: true }).notNullable().index();
    t.timestamp('blocked_until', { useTz: true }).notNullable();
    t.primary(['scope', 'key']);
  });
  await knex.schema.alterTable('resident_inquiries', (t) => {
    t.text('request_key');
    t.unique(['case_id', 'request_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('resident_inquiries', (t) => {
    t.dropUnique(['case_id', 'request_key']);
    t.dropColumn('request_key');
  });
  await knex.schema.dropTable('throttle_counters');
}
