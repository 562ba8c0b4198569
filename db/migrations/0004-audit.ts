/** The audit trail: append-only, one hash chain per case, refused UPDATE/DELETE/TRUNCATE. */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_entries', (t) => {
    t.bigIncrements('id').primary();
    // The chain key: a case id, or a platform stream such as '_platform'. No foreign key on purpose:
    // the workflow may record "case created" before the read model row exists.
    t.text('case_id').notNullable();
    t.integer('seq').notNullable();
    t.text('actor_id').notNullable();
    t.text('actor_kind').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('event_type').notNullable();
    t.jsonb('details').notNullable();
    t.text('source_ip');
    t.text('source_channel');
    t.text('workflow_id');
    t.text('idempotency_key').unique();
    t.text('prev_hash').notNullable();
    t.text('hash').notNullable();
    t.unique(['case_id', 'seq']);
  });
  await knex.raw(`
    alter table audit_entries
      add constraint audit_entries_actor_kind_check check (actor_kind in ('staff', 'resident', 'system', 'integration')),
      add constraint audit_entries_seq_check check (seq >= 1),
      add constraint audit_entries_hash_check check (hash ~ '^[0-9a-f]{64}$' and prev_hash ~ '^[0-9a-f]{64}$')`);
  await knex.raw('create index audit_entries_occurred_idx on audit_entries (occurred_at)');
  await knex.raw('create index audit_entries_event_idx on audit_entries (event_type, occurred_at)');

  await knex.raw(`
    create function civicflow_audit_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_entries is append-only: % refused', tg_op
        using errcode = 'P0001', hint = 'AUDIT_APPEND_ONLY';
    end $$`);
  await knex.raw(`
    create trigger audit_entries_no_update_delete before update or delete on audit_entries
    for each row execute function civicflow_audit_append_only()`);
  await knex.raw(`
    create trigger audit_entries_no_truncate before truncate on audit_entries
    for each statement execute function civicflow_audit_append_only()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table audit_entries');
  await knex.raw('drop function civicflow_audit_append_only()');
}
