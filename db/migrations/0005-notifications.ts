/** The notifications outbox: a message is enqueued once per idempotency key and delivered by a worker. */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id').primary();
    t.text('idempotency_key').notNullable().unique();
    t.text('case_id');
    t.text('channel').notNullable();
    t.text('recipient').notNullable();
    t.text('template').notNullable();
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.text('state').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('max_attempts').notNullable().defaultTo(5);
    t.text('last_error');
    t.text('provider_message_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('claimed_at', { useTz: true });
    t.timestamp('claim_expires_at', { useTz: true });
    t.timestamp('sent_at', { useTz: true });
  });
  await knex.raw(`
    alter table notifications
      add constraint notifications_channel_check check (channel in ('email', 'sms')),
      add constraint notifications_state_check check (state in ('pending', 'sending', 'sent', 'failed'))`);
  await knex.raw(
    "create index notifications_due_idx on notifications (next_attempt_at, id) where state in ('pending', 'sending')",
  );
  await knex.raw('create index notifications_case_idx on notifications (case_id) where case_id is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notifications');
}
