/**
 * The knowledge base (issue 17): articles with their versions (a published article's edit makes a new
 * version; every version is kept), a call script per service, and information requests — contacts
 * answered from an article, logged with no workflow and no SLA. Each version carries its own text
 * search vector, in the configuration of the article's language (generated, so it cannot drift).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('kb_articles', (t) => {
    t.text('id').primary();
    t.text('language').notNullable();
    /** The process definition the article is about (optional). */
    t.text('service');
    /** Residents may find it on the portal once published. */
    t.boolean('public').notNullable().defaultTo(false);
    t.text('owner').notNullable();
    /** The version residents and agents read (null until first published). */
    t.integer('published_version');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.raw(`ALTER TABLE kb_articles ADD CONSTRAINT kb_articles_language CHECK (language IN ('en', 'es'))`);
  await knex.schema.createTable('kb_article_versions', (t) => {
    t.text('article_id').notNullable().references('id').inTable('kb_articles');
    t.integer('version').notNullable();
    t.text('title').notNullable();
    t.text('body').notNullable();
    t.text('keywords').notNullable().defaultTo('');
    /** YYYY-MM-DD (text: compares as a date, never shifted by a time zone). */
    t.text('review_by').notNullable();
    /** draft → published → superseded (by the next published version). */
    t.text('status').notNullable();
    t.text('language').notNullable();
    t.text('edited_by').notNullable();
    t.timestamp('edited_at', { useTz: true }).notNullable();
    t.text('published_by');
    t.timestamp('published_at', { useTz: true });
    t.primary(['article_id', 'version']);
  });
  await knex.raw(
    `ALTER TABLE kb_article_versions ADD CONSTRAINT kb_article_versions_status CHECK (status IN ('draft', 'published', 'superseded')) , ADD CONSTRAINT kb_article_versions_review_by CHECK (review_by ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')`,
  );
  await knex.raw(`
    ALTER TABLE kb_article_versions ADD COLUMN search tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector(CASE language WHEN 'es' THEN 'spanish'::regconfig ELSE 'english'::regconfig END, title), 'A') ||
      setweight(to_tsvector(CASE language WHEN 'es' THEN 'spanish'::regconfig ELSE 'english'::regconfig END, keywords), 'B') ||
      setweight(to_tsvector(CASE language WHEN 'es' THEN 'spanish'::regconfig ELSE 'english'::regconfig END, body), 'C')
    ) STORED`);
  await knex.raw('CREATE INDEX kb_article_versions_search ON kb_article_versions USING gin (search)');

  await knex.schema.createTable('kb_call_scripts', (t) => {
    t.text('service').primary();
    /** The questions to ask, in order (a JSON array of strings). */
    t.jsonb('questions').notNullable();
    t.text('updated_by').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('kb_information_requests', (t) => {
    t.text('id').primary();
    t.text('topic').notNullable();
    t.text('article_id');
    t.integer('article_version');
    t.text('channel').notNullable();
    /** 'answered' at first contact, or 'case' when the call became a case. */
    t.text('outcome').notNullable();
    t.text('case_id');
    t.text('recorded_by').notNullable();
    t.text('department_id');
    t.timestamp('recorded_at', { useTz: true }).notNullable().index();
  });
  await knex.raw(
    `ALTER TABLE kb_information_requests ADD CONSTRAINT kb_information_requests_outcome CHECK (outcome IN ('answered', 'case'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('kb_information_requests');
  await knex.schema.dropTable('kb_call_scripts');
  await knex.schema.dropTable('kb_article_versions');
  await knex.schema.dropTable('kb_articles');
}
