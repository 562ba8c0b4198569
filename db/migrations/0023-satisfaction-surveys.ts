/**
 * Satisfaction surveys: one invitation per close of a case with a resident who can be reached. The
 * link's token is never stored, only its sha256; the answer (a 1–5 rating and a comment) is written
 * once, before `expires_at`. A low rating waits on the supervisors' list until one marks it reviewed.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('satisfaction_surveys', (t) => {
    t.text('id').primary();
    t.text('case_id').notNullable().references('id').inTable('cases').onDelete('CASCADE');
    // The close the survey asks about: a case reopened and closed again is asked again.
    t.timestamp('closed_at', { useTz: true }).notNullable();
    t.text('token_hash').notNullable().unique();
    t.text('channel').notNullable();
    t.text('language').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.smallint('rating');
    t.text('comment');
    t.timestamp('answered_at', { useTz: true });
    t.timestamp('reviewed_at', { useTz: true });
    t.text('reviewed_by');
    t.unique(['case_id', 'closed_at']);
  });
  await knex.raw(
    'alter table satisfaction_surveys add constraint satisfaction_surveys_rating_check check (rating is null or rating between 1 and 5)',
  );
  // The supervisors' list: answered low ratings not yet reviewed.
  await knex.raw(
    'create index satisfaction_surveys_low_idx on satisfaction_surveys (answered_at) where rating <= 2 and reviewed_at is null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('satisfaction_surveys');
}
