/**
 * A new outbox row is due "now" by default. Postgres' now() has microseconds, a JS Date only
 * milliseconds, so a sender that enqueues and then claims with `new Date()` within the same
 * millisecond saw a row that was not due yet. Truncating the default to milliseconds makes any
 * later JS instant at or after it.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    "alter table notifications alter column next_attempt_at set default date_trunc('milliseconds', now())",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table notifications alter column next_attempt_at set default now()');
}
