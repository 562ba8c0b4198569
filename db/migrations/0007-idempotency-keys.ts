/** Idempotency-Key records for API requests: a retried request gets the first response back. */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    // Who sent the key (user id, API key id) and for which operation: keys are only unique per caller.
    t.text('scope').notNullable();
    t.text('key').notNullable();
    t.text('request_hash').notNullable();
    t.text('state').notNullable().defaultTo('in_progress');
    t.integer('response_status');
    t.jsonb('response_body');
    t.text('resource_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true });
    t.timestamp('locked_until', { useTz: true });
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.primary(['scope', 'key']);
  });
  await knex.raw(
    "alter table idempotency_keys add constraint idempotency_keys_state_check check (state in ('in_progress', 'completed'))",
  );
  await knex.raw('create index idempotency_keys_expires_idx on idempotency_keys (expires_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
}
