/**
 * Two functions that let a recorded case step make fewer round trips (issue 12: one `writev` and one
 * parse per statement), with the guarantees the separate statements gave.
 *
 * Why plpgsql functions and not data-modifying CTEs: under READ COMMITTED every statement *inside* a
 * VOLATILE function takes a fresh snapshot, whereas all the CTEs of one statement share the snapshot
 * taken at its start. Both functions first wait for a lock (the case row, the chains' advisory locks)
 * and must then read or change what the holder of that lock committed:
 * - a projection that waited on the case row for an older projection of the same case must remove the
 *   tasks that one inserted (a CTE's delete would not see them, and they would stay open);
 * - an audit append that waited on a chain's lock must read the head the holder wrote (a head read in
 *   the statement that takes the lock would miss it, and the append would reuse its sequence).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The case upsert is dynamic SQL so that the caller's keys choose the columns: an absent column keeps
  // its database default on insert (the tracking number, created_at) and its stored value on update
  // (only `p_merge` is merged). The names are quoted with %I / quote_ident; the values travel as jsonb.
  // Applied only when newer; 'stale' leaves tasks and history untouched, like the statements before it.
  await knex.raw(`
    create function civicflow_apply_case_projection(p_row jsonb, p_merge text[], p_tasks jsonb, p_steps jsonb)
    returns text language plpgsql volatile as $$
    declare
      v_case_id text := p_row->>'id';
      v_columns text;
      v_applied text;
    begin
      select string_agg(quote_ident(k), ', ') into v_columns from jsonb_object_keys(p_row) as k;
      execute format(
        'insert into cases (%1$s) select %1$s from jsonb_populate_record(null::cases, $1)
         on conflict (id) do update set %2$s where cases.projection_seq < excluded.projection_seq
         returning id',
        v_columns,
        (select string_agg(format('%1$I = excluded.%1$I', m), ', ') from unnest(p_merge) as m))
      using p_row into v_applied;
      if v_applied is null then
        return 'stale';
      end if;
      -- From here on, statements see what an older projection we waited for (on the row) committed.
      if p_tasks is not null then
        delete from tasks
        where case_id = v_case_id
          and step_id <> all (array(select t->>'step_id' from jsonb_array_elements(p_tasks) as t));
        insert into tasks (case_id, step_id, role, department_id, assignee_id, due_at, escalation_level, warned, created_at)
        select v_case_id, t.step_id, t.role, t.department_id, t.assignee_id, t.due_at, t.escalation_level, t.warned,
               coalesce(t.created_at, now()) -- the column's default
        from jsonb_to_recordset(p_tasks) as t(step_id text, role text, department_id text, assignee_id text,
             due_at timestamptz, escalation_level integer, warned boolean, created_at timestamptz)
        on conflict (case_id, step_id) do update set role = excluded.role, department_id = excluded.department_id,
          assignee_id = excluded.assignee_id, due_at = excluded.due_at,
          escalation_level = excluded.escalation_level, warned = excluded.warned;
      end if;
      if p_steps is not null then
        insert into case_step_history (case_id, step_id, entered_at, completed_at, due_at, department_id, role,
                                       completed_by, action)
        select v_case_id, s.step_id, s.entered_at, s.completed_at, s.due_at, s.department_id, s.role,
               s.completed_by, s.action
        from jsonb_to_recordset(p_steps) as s(step_id text, entered_at timestamptz, completed_at timestamptz,
             due_at timestamptz, department_id text, role text, completed_by text, action text)
        on conflict (case_id, step_id, entered_at) do nothing;
      end if;
      return 'applied';
    end $$`);

  // The chains' locks one by one in the given (sorted) order, so batches never deadlock; then, in a
  // statement of its own (a fresh snapshot, after every wait), their heads and the entries already
  // holding any of the idempotency keys.
  await knex.raw(`
    create function civicflow_audit_lock_heads(p_lock_class integer, p_chains text[], p_keys text[])
    returns json language plpgsql volatile as $$
    declare
      v_chain text;
      v_found json;
    begin
      foreach v_chain in array p_chains loop
        perform pg_advisory_xact_lock(p_lock_class, hashtext(v_chain));
      end loop;
      select json_build_object(
        'heads', (select coalesce(json_agg(json_build_object('case_id', h.case_id, 'seq', h.seq, 'hash', h.hash)), '[]'::json)
                  from audit_heads h where h.case_id = any (p_chains)),
        'existing', (select coalesce(json_agg(e), '[]'::json)
                     from audit_entries e where e.idempotency_key = any (p_keys)))
      into v_found;
      return v_found;
    end $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function civicflow_audit_lock_heads(integer, text[], text[])');
  await knex.raw('drop function civicflow_apply_case_projection(jsonb, text[], jsonb, jsonb)');
}
