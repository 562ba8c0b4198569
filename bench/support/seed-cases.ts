/**
 * Many cases, fast, in the shape real ones have: rows are copied in bulk SQL from cases that were
 * created for real (through the API, so their read-model row and open tasks are what the workflow
 * projected), with fresh ids and tracking numbers, creation times spread back over days and SLA due
 * times spread around now (some overdue). Works on Postgres and PGlite alike. The copies have no
 * workflow and no audit history of their own: reads and lists touch only the read model and append
 * to the audit trail, so that is all they need.
 */
import type { Knex } from 'knex';
import { reportProgress } from '../lib/progress';

const BATCH = 10_000;

async function columnsOf(db: Knex, table: string): Promise<string[]> {
  const rows = await db('information_schema.columns')
    .select('column_name')
    .where({ table_name: table })
    .andWhereRaw('table_schema = current_schema()')
    .orderBy('ordinal_position');
  return rows.map((row: { column_name: string }) => row.column_name);
}

/** Copies the existing cases (the templates) until `count` more exist; returns the ids' prefix. */
export async function seedCasesLike(
  db: Knex,
  count: number,
  prefix = 'seed',
): Promise<{ prefix: string; templates: number }> {
  const templates = (await db('cases').select('id').orderBy('id')).map((row: { id: string }) => row.id);
  if (templates.length === 0) throw new Error('seedCasesLike needs at least one real case to copy');
  const q = (name: string): string => `"${name}"`;
  const caseColumns = await columnsOf(db, 'cases');
  const special: Record<string, string> = {
    id: `'${prefix}-' || lpad(g::text, 7, '0')`,
    tracking_number: 'civicflow_next_tracking_number()',
    open311_token: `case when t.open311_token is null then null else '${prefix}-' || g end`,
    created_at: "t.created_at - g * interval '7 seconds'",
    updated_at: "t.updated_at - g * interval '7 seconds'",
    sla_due_at: "t.sla_due_at + ((g % 2000) - 1000) * interval '5 minutes'",
  };
  const caseSelect = caseColumns.map((column) => special[column] ?? `t.${q(column)}`).join(', ');
  const taskColumns = await columnsOf(db, 'tasks');
  const taskSelect = taskColumns
    .map((column) =>
      column === 'case_id'
        ? special.id
        : column === 'due_at'
          ? "k.due_at + ((g % 2000) - 1000) * interval '5 minutes'"
          : `k.${q(column)}`,
    )
    .join(', ');
  const numbered = `(select c.*, (row_number() over (order by c.id)) - 1 as template_no from cases c where c.id = any(?)) t`;
  for (let from = 1; from <= count; from += BATCH) {
    const to = Math.min(count, from + BATCH - 1);
    await db.transaction(async (trx) => {
      await trx.raw(
        `insert into cases (${caseColumns.map(q).join(', ')}) select ${caseSelect} from generate_series(?::int, ?::int) g join ${numbered} on t.template_no = g % ?`,
        [from, to, templates, templates.length],
      );
      await trx.raw(
        `insert into tasks (${taskColumns.map(q).join(', ')}) select ${taskSelect} from generate_series(?::int, ?::int) g join ${numbered} on t.template_no = g % ? join tasks k on k.case_id = t.id`,
        [from, to, templates, templates.length],
      );
    });
    reportProgress(`seeded ${to.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} cases`);
  }
  await db.raw('analyze cases');
  await db.raw('analyze tasks');
  return { prefix, templates: templates.length };
}
