/**
 * Channels (issue 11). Notices are never lost: after the sending activity's own attempts, the outbox
 * sweep keeps trying with back-off until `give_up_at`, and only then fails the notice (an incident
 * staff see). Existing undelivered rows get three days from now.
 * Inbound email and SMS: every message received is recorded once by a key (its Message-ID or a hash)
 * with what became of it, so a restart never processes one twice; messages that belong to a case
 * (a resident's reply, a staff reply) are kept in `case_messages`.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.timestamp('give_up_at', { useTz: true });
  });
  await knex.raw(
    "update notifications set give_up_at = now() + interval '3 days' where state in ('pending', 'sending')",
  );
  await knex.raw("create index notifications_failed_case_idx on notifications (case_id) where state = 'failed'");
  await knex.raw(
    'create index notifications_provider_message_idx on notifications (provider_message_id) where provider_message_id is not null',
  );

  await knex.schema.createTable('inbound_messages', (t) => {
    t.bigIncrements('id').primary();
    t.text('channel').notNullable();
    t.text('dedupe_key').notNullable().unique();
    t.text('sender');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Null while being processed; then case-created, reply-attached or ignored.
    t.text('outcome');
    t.text('reason');
    t.text('case_id');
  });
  await knex.raw(
    "alter table inbound_messages add constraint inbound_messages_channel_check check (channel in ('email', 'sms'))",
  );
  await knex.raw(
    "create index inbound_messages_sender_idx on inbound_messages (sender, received_at) where outcome = 'case-created'",
  );

  await knex.schema.createTable('case_messages', (t) => {
    t.bigIncrements('id').primary();
    t.text('case_id').notNullable();
    t.text('direction').notNullable();
    t.text('channel').notNullable();
    // The sender's address (in) or the staff user's id (out).
    t.text('sender').notNullable();
    t.text('subject');
    t.text('body').notNullable();
    // The email Message-ID (threading), when there is one.
    t.text('external_id');
    // In: whether the sender is the case's resident contact (a stranger's message wakes nothing).
    t.boolean('verified_sender').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('read_at', { useTz: true });
  });
  await knex.raw(
    "alter table case_messages add constraint case_messages_direction_check check (direction in ('in', 'out'))",
  );
  await knex.raw('create index case_messages_case_idx on case_messages (case_id, id)');
  // One row per message, however often it is processed (a restart mid-way).
  await knex.raw('create unique index case_messages_external_idx on case_messages (case_id, direction, external_id)');
  await knex.raw(
    "create index case_messages_unread_idx on case_messages (case_id) where direction = 'in' and read_at is null",
  );

  // SMS keywords a phone number sent (STOP/START/HELP): an opted-out number gets no texts.
  await knex.schema.createTable('sms_contacts', (t) => {
    t.text('phone').primary();
    t.boolean('opted_out').notNullable().defaultTo(false);
    t.text('last_keyword').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Letters: a `letter` notice becomes a PDF queued for printing; staff mark it printed.
  await knex.raw('alter table notifications drop constraint notifications_channel_check');
  await knex.raw(
    "alter table notifications add constraint notifications_channel_check check (channel in ('email', 'sms', 'letter'))",
  );
  await knex.schema.createTable('letters', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('notification_id').notNullable().unique();
    t.text('case_id');
    t.text('recipient_name');
    t.text('address').notNullable();
    t.text('subject').notNullable();
    t.binary('pdf').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('printed_at', { useTz: true });
    t.text('printed_by');
  });
  await knex.raw('create index letters_unprinted_idx on letters (created_at) where printed_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('letters');
  await knex.raw('alter table notifications drop constraint notifications_channel_check');
  await knex.raw(
    "alter table notifications add constraint notifications_channel_check check (channel in ('email', 'sms'))",
  );
  await knex.schema.dropTable('sms_contacts');
  await knex.schema.dropTable('case_messages');
  await knex.schema.dropTable('inbound_messages');
  await knex.raw('drop index if exists notifications_provider_message_idx');
  await knex.raw('drop index if exists notifications_failed_case_idx');
  await knex.schema.alterTable('notifications', (t) => {
    t.dropColumn('give_up_at');
  });
}
