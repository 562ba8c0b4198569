/**
 * The step-writing functions (migrations 0027, 0028) plan their statements on every call. A cached
 * generic plan, made while audit_entries was small, looked up a step's idempotency keys with a
 * sequential scan and kept doing so as the trail grew (seen with auto_explain in the open-cases
 * bench: `Seq Scan on audit_entries e ... Filter: (idempotency_key = ANY ($3))`, 9.5 million rows read
 * for 3,000 new cases). When PL/pgSQL switches to a generic plan depends on the statistics and costs
 * of the moment, so the test checks the setting that rules it out rather than trying to provoke it.
 */
import { useTestDatabase } from './support/test-database';

const t = useTestDatabase();

it('plans every statement of both step functions per call', async () => {
  const { rows } = await t.db.raw<{ rows: { proname: string; proconfig: string[] | null }[] }>(
    `select proname, proconfig from pg_proc
     where proname in ('civicflow_audit_lock_heads', 'civicflow_apply_case_projection') order by proname`,
  );
  expect(rows).toEqual([
    { proname: 'civicflow_apply_case_projection', proconfig: ['plan_cache_mode=force_custom_plan'] },
    { proname: 'civicflow_audit_lock_heads', proconfig: ['plan_cache_mode=force_custom_plan'] },
  ]);
});

it('still looks up existing keys and heads through the function', async () => {
  const { rows } = await t.db.raw<{ rows: { found: { heads: unknown[]; existing: unknown[] } }[] }>(
    'select civicflow_audit_lock_heads(7, ?::text[], ?::text[]) as found',
    [['no-such-chain'], ['no-such-key']],
  );
  expect(rows[0].found).toEqual({ heads: [], existing: [] });
});
