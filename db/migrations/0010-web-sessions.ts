/**
 * Server-side sessions of the staff web pages. The cookie carries a random id; only its sha256 is
 * stored, so a copy of this table cannot be replayed as live sessions. The CSRF synchroniser token
 * lives with the session it protects.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('web_sessions', (t) => {
    t.text('id_hash').primary();
    t.text('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('csrf_token').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    // Absolute end; the idle end is last_seen_at + the configured idle timeout.
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.text('ip');
  });
  await knex.raw('create index web_sessions_user_idx on web_sessions (user_id)');
  await knex.raw('create index web_sessions_expires_idx on web_sessions (expires_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('web_sessions');
}
