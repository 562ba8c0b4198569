/** Departments, roles, users, API keys and business calendars. */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('departments', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('parent_id').references('id').inTable('departments').onDelete('SET NULL');
    t.text('email');
    t.text('calendar_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('roles', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('description');
  });

  await knex.schema.createTable('users', (t) => {
    t.text('id').primary();
    t.text('username').notNullable();
    t.text('display_name').notNullable();
    t.text('email');
    t.text('phone');
    // scrypt$N$r$p$salt$hash; null for accounts that may not log in with a password.
    t.text('password_hash');
    t.specificType('roles', 'text[]').notNullable().defaultTo('{}');
    t.text('department_id').references('id').inTable('departments').onDelete('SET NULL');
    // Extra reach beyond the user's department, e.g. {"departments":["public-works"],"personalData":true}.
    t.jsonb('grants').notNullable().defaultTo('{}');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_login_at', { useTz: true });
  });
  // Usernames are case-insensitive for people typing them.
  await knex.raw('create unique index users_username_lower_unique on users (lower(username))');
  await knex.raw('create index users_department_idx on users (department_id)');

  await knex.schema.createTable('api_keys', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    // First characters of the key, shown in admin screens so a key can be recognised without revealing it.
    t.text('key_prefix').notNullable();
    // sha256 of the full key: keys are long random strings, so a fast hash is enough.
    t.text('key_hash').notNullable().unique();
    t.text('owner_kind').notNullable().defaultTo('integration');
    t.text('user_id').references('id').inTable('users').onDelete('CASCADE');
    t.text('department_id').references('id').inTable('departments').onDelete('SET NULL');
    t.specificType('scopes', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
  });
  await knex.raw(
    "alter table api_keys add constraint api_keys_owner_kind_check check (owner_kind in ('integration', 'open311', 'user'))",
  );

  await knex.schema.createTable('calendars', (t) => {
    t.text('id').primary();
    t.text('title');
    t.text('time_zone').notNullable();
    // The whole domain Calendar object (business hours, holidays, exceptions).
    t.jsonb('calendar').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('calendars');
  await knex.schema.dropTable('api_keys');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('roles');
  await knex.schema.dropTable('departments');
}
