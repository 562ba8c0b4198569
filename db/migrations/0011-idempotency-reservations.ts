/**
 * What the first attempt of an idempotent request reserved before its side effects (a create's case
 * id, tracking number and the resident's code): a retry after a crash reuses it, so it targets the
 * same case and answers the same, instead of making a second one.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.jsonb('reservation');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.dropColumn('reservation');
  });
}
