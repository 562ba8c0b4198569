/** Process definitions: every version, with published versions made immutable by the database. */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('definitions', (t) => {
    t.text('id').notNullable();
    t.text('version').notNullable();
    // Numeric parts of the semantic version, so "latest" sorts 1.10.0 after 1.9.0.
    t.integer('version_major').notNullable();
    t.integer('version_minor').notNullable();
    t.integer('version_patch').notNullable();
    t.text('version_prerelease').notNullable().defaultTo('');
    t.text('title');
    t.text('content_hash').notNullable();
    t.text('yaml_source').notNullable();
    t.jsonb('compiled').notNullable();
    t.text('status').notNullable().defaultTo('draft');
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('published_by');
    t.timestamp('published_at', { useTz: true });
    t.text('retired_by');
    t.timestamp('retired_at', { useTz: true });
    t.primary(['id', 'version']);
  });
  await knex.raw(`
    alter table definitions
      add constraint definitions_status_check check (status in ('draft', 'published', 'retired')),
      add constraint definitions_published_check check (status = 'draft' or (published_by is not null and published_at is not null)),
      add constraint definitions_retired_check check (status <> 'retired' or (retired_by is not null and retired_at is not null))`);
  await knex.raw('create index definitions_status_idx on definitions (id, status)');

  // Published and retired versions are the law cases run under: only the move published -> retired
  // (with who/when) is allowed, and they can never be deleted.
  await knex.raw(`
    create function civicflow_definitions_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.status <> 'draft' then
          raise exception 'definition %@% is %, it cannot be deleted', old.id, old.version, old.status
            using errcode = 'P0001', hint = 'DEFINITION_IMMUTABLE';
        end if;
        return old;
      end if;
      if old.status = 'draft' then
        return new;
      end if;
      if new.id is distinct from old.id or new.version is distinct from old.version
         or new.version_major is distinct from old.version_major or new.version_minor is distinct from old.version_minor
         or new.version_patch is distinct from old.version_patch or new.version_prerelease is distinct from old.version_prerelease
         or new.title is distinct from old.title or new.content_hash is distinct from old.content_hash
         or new.yaml_source is distinct from old.yaml_source or new.compiled is distinct from old.compiled
         or new.created_by is distinct from old.created_by or new.created_at is distinct from old.created_at
         or new.published_by is distinct from old.published_by or new.published_at is distinct from old.published_at then
        raise exception 'definition %@% is %, its content cannot change', old.id, old.version, old.status
          using errcode = 'P0001', hint = 'DEFINITION_IMMUTABLE';
      end if;
      if old.status = 'retired' and (new.status <> 'retired' or new.retired_by is distinct from old.retired_by
         or new.retired_at is distinct from old.retired_at) then
        raise exception 'definition %@% is retired, it cannot change', old.id, old.version
          using errcode = 'P0001', hint = 'DEFINITION_IMMUTABLE';
      end if;
      if old.status = 'published' and new.status not in ('published', 'retired') then
        raise exception 'definition %@% is published, it cannot go back to %', old.id, old.version, new.status
          using errcode = 'P0001', hint = 'DEFINITION_IMMUTABLE';
      end if;
      return new;
    end $$`);
  await knex.raw(`
    create trigger definitions_guard before update or delete on definitions
    for each row execute function civicflow_definitions_guard()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('definitions');
  await knex.raw('drop function civicflow_definitions_guard()');
}
