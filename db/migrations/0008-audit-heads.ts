/**
 * The head (last sequence and hash) of every audit chain, kept by a trigger in the same transaction
 * as each insert. A chain alone cannot show that its newest entries were cut off; comparing it with
 * its head can. Heads only move forward and cannot be deleted.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_heads', (t) => {
    t.text('case_id').primary();
    t.integer('seq').notNullable();
    t.text('hash').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    create function civicflow_audit_advance_head() returns trigger language plpgsql as $$
    begin
      insert into audit_heads (case_id, seq, hash) values (new.case_id, new.seq, new.hash)
      on conflict (case_id) do update set seq = excluded.seq, hash = excluded.hash, updated_at = now();
      return new;
    end $$`);
  await knex.raw(`
    create trigger audit_entries_advance_head after insert on audit_entries
    for each row execute function civicflow_audit_advance_head()`);

  await knex.raw(`
    create function civicflow_audit_heads_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and new.case_id = old.case_id and new.seq > old.seq then
        return new;
      end if;
      raise exception 'audit_heads only move forward: % refused', tg_op
        using errcode = 'P0001', hint = 'AUDIT_APPEND_ONLY';
    end $$`);
  await knex.raw(`
    create trigger audit_heads_forward_only before update or delete on audit_heads
    for each row execute function civicflow_audit_heads_guard()`);
  await knex.raw(`
    create trigger audit_heads_no_truncate before truncate on audit_heads
    for each statement execute function civicflow_audit_heads_guard()`);

  // Chains written before this migration get their current head.
  await knex.raw(`
    insert into audit_heads (case_id, seq, hash)
    select distinct on (case_id) case_id, seq, hash from audit_entries order by case_id, seq desc`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger audit_entries_advance_head on audit_entries');
  await knex.raw('drop table audit_heads');
  await knex.raw('drop function civicflow_audit_advance_head()');
  await knex.raw('drop function civicflow_audit_heads_guard()');
}
