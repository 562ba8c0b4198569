/**
 * Single sign-on and second factors. `user_identities` links a provider's (issuer, subject) to a staff
 * user; `sign_in_transactions` holds an OpenID Connect sign-in between the redirect to the provider
 * and its return (single use: the row is deleted when the callback claims it, so a replayed `state`
 * finds nothing); `user_totp` and `totp_recovery_codes` are the local accounts' second factor;
 * web_sessions gains what a session started at the provider needs to be rechecked and ended there.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('user_identities', (t) => {
    t.text('issuer').notNullable();
    t.text('subject').notNullable();
    t.text('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_sign_in_at', { useTz: true }).notNullable();
    t.primary(['issuer', 'subject']);
  });
  await knex.raw('create index user_identities_user_idx on user_identities (user_id)');

  await knex.schema.createTable('sign_in_transactions', (t) => {
    // sha256 of the random `state`; the browser holds the state itself (query and cookie).
    t.text('state_hash').primary();
    t.text('nonce').notNullable();
    t.text('code_verifier').notNullable();
    t.text('next_path');
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('user_totp', (t) => {
    t.text('user_id').primary().references('id').inTable('users').onDelete('CASCADE');
    // The shared RFC 6238 secret (base32). It must be readable to check codes, so it is not hashed.
    t.text('secret').notNullable();
    // Null while enrolment waits for the first code.
    t.timestamp('confirmed_at', { useTz: true });
    // The last time step accepted: a code is good once (no replay within its 30 s window).
    t.bigInteger('last_time_step');
  });

  await knex.schema.createTable('totp_recovery_codes', (t) => {
    t.text('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('code_hash').notNullable();
    t.timestamp('used_at', { useTz: true });
    t.primary(['user_id', 'code_hash']);
  });

  await knex.schema.alterTable('web_sessions', (t) => {
    // Set for sessions started through OpenID Connect.
    t.text('oidc_subject');
    t.text('oidc_access_token');
    t.text('oidc_id_token');
    t.timestamp('oidc_checked_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('web_sessions', (t) => {
    t.dropColumns('oidc_subject', 'oidc_access_token', 'oidc_id_token', 'oidc_checked_at');
  });
  await knex.schema.dropTable('totp_recovery_codes');
  await knex.schema.dropTable('user_totp');
  await knex.schema.dropTable('sign_in_transactions');
  await knex.schema.dropTable('user_identities');
}
