/** The case read model and the open tasks that feed worklists. */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Tracking numbers read like CF-2026-000123: short enough to say on the phone, never reused.
  await knex.raw('create sequence case_tracking_seq');
  await knex.raw(`
    create function civicflow_next_tracking_number() returns text language plpgsql as $$
    declare
      n bigint := nextval('case_tracking_seq');
    begin
      return 'CF-' || to_char(now() at time zone 'UTC', 'YYYY') || '-'
        || case when n < 1000000 then lpad(n::text, 6, '0') else n::text end;
    end $$`);

  await knex.schema.createTable('cases', (t) => {
    t.text('id').primary();
    t.text('tracking_number').notNullable().unique().defaultTo(knex.raw('civicflow_next_tracking_number()'));
    // sha256(tracking number + code): the resident's short code proves they may see the status page.
    t.text('verification_code_hash');
    t.text('definition_id').notNullable();
    t.text('definition_version').notNullable();
    t.text('definition_hash').notNullable();
    t.text('title');
    t.text('status').notNullable();
    t.text('resident_status').notNullable();
    t.jsonb('current_steps').notNullable().defaultTo('[]');
    t.text('assignee_id');
    t.text('department_id');
    t.text('priority').notNullable().defaultTo('normal');
    t.integer('escalation_level').notNullable().defaultTo(0);
    t.timestamp('sla_due_at', { useTz: true });
    t.timestamp('statutory_due_at', { useTz: true });
    t.boolean('statutory_clock_paused').notNullable().defaultTo(false);
    t.jsonb('case_data').notNullable().defaultTo('{}');
    t.jsonb('resident_contact');
    t.text('outcome');
    t.text('retention_class');
    t.text('channel');
    // Open311 GeoReport v2 request fields.
    t.text('service_code');
    t.text('description');
    t.double('lat');
    t.double('long');
    t.text('address_string');
    t.text('address_id');
    t.text('zipcode');
    t.text('media_url');
    t.text('open311_token').unique();
    t.text('status_notes');
    t.text('agency_responsible');
    t.text('service_notice');
    // Sequence of the last projection applied; older ones are ignored.
    t.integer('projection_seq').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
  });
  await knex.raw('create index cases_status_idx on cases (status)');
  await knex.raw('create index cases_definition_idx on cases (definition_id, definition_version)');
  await knex.raw('create index cases_department_idx on cases (department_id, status)');
  await knex.raw('create index cases_assignee_idx on cases (assignee_id) where assignee_id is not null');
  await knex.raw("create index cases_sla_due_idx on cases ((coalesce(sla_due_at, 'infinity'::timestamptz)), id)");
  await knex.raw('create index cases_created_idx on cases (created_at, id)');
  await knex.raw('create index cases_updated_idx on cases (updated_at, id)');
  await knex.raw('create index cases_service_code_idx on cases (service_code) where service_code is not null');

  await knex.schema.createTable('tasks', (t) => {
    t.text('case_id').notNullable().references('id').inTable('cases').onDelete('CASCADE');
    t.text('step_id').notNullable();
    t.text('role').notNullable();
    t.text('department_id');
    t.text('assignee_id');
    t.timestamp('due_at', { useTz: true });
    t.integer('escalation_level').notNullable().defaultTo(0);
    t.boolean('warned').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['case_id', 'step_id']);
  });
  await knex.raw('create index tasks_assignee_idx on tasks (assignee_id, due_at) where assignee_id is not null');
  await knex.raw('create index tasks_queue_idx on tasks (department_id, role, due_at)');
  await knex.raw('create index tasks_due_idx on tasks (due_at)');

  // Finished step visits, for SLA-met percentages per step and department.
  await knex.schema.createTable('case_step_history', (t) => {
    t.text('case_id').notNullable().references('id').inTable('cases').onDelete('CASCADE');
    t.text('step_id').notNullable();
    t.timestamp('entered_at', { useTz: true }).notNullable();
    t.timestamp('completed_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true });
    t.text('department_id');
    t.text('role');
    t.text('completed_by');
    t.text('action');
    t.primary(['case_id', 'step_id', 'entered_at']);
  });
  await knex.raw('create index case_step_history_completed_idx on case_step_history (completed_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_step_history');
  await knex.schema.dropTable('tasks');
  await knex.schema.dropTable('cases');
  await knex.raw('drop function civicflow_next_tracking_number()');
  await knex.raw('drop sequence case_tracking_seq');
}
