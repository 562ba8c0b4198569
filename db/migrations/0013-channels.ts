/**
 * Channels (issue 11). Notices are never lost: after the sending activity's own attempts, the outbox
 * sweep keeps trying with back-off until `give_up_at`, and only then fails the notice (an incident
 * staff see). Existing undelivered rows get three days from now.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.timestamp('give_up_at', { useTz: true });
  });
  await knex.raw("update notifications set give_up_at = now() + interval '3 days' where state in ('pending', 'sending')");
  await knex.raw("create index notifications_failed_case_idx on notifications (case_id) where state = 'failed'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists notifications_failed_case_idx');
  await knex.schema.alterTable('notifications', (t) => {
    t.dropColumn('give_up_at');
  });
}
