/**
 * The two step-writing functions of 0027 plan their statements on every call.
 *
 * PL/pgSQL caches a generic plan per connection after a few calls. The first calls come when
 * audit_entries is nearly empty, where a sequential scan is cheapest, and that plan stayed: every
 * recorded step then read the whole audit trail to look up its idempotency keys (9.5 million rows read
 * for 3,000 new cases on Postgres). Only that lookup was seen doing it; the projection function's
 * static statements on tasks, keyed by case, are exposed the same way and get the same setting. PGlite has no autovacuum, so nothing ever replaced the plan
 * there: escalations took 0.6 s at 10,000 open cases instead of 30 ms at 500 (bench/notes/open-cases.md).
 * A plan per call costs a fraction of a millisecond and always uses the indexes.
 */
import type { Knex } from 'knex';

const FUNCTIONS = [
  'civicflow_audit_lock_heads(integer, text[], text[])',
  'civicflow_apply_case_projection(jsonb, text[], jsonb, jsonb)',
];

export async function up(knex: Knex): Promise<void> {
  for (const fn of FUNCTIONS) await knex.raw(`alter function ${fn} set plan_cache_mode = force_custom_plan`);
}

export async function down(knex: Knex): Promise<void> {
  for (const fn of FUNCTIONS) await knex.raw(`alter function ${fn} reset plan_cache_mode`);
}
