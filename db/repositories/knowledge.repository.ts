/**
 * The knowledge base's tables (0021): articles and their versions, ranked full-text search in the
 * article's language, call scripts per service, and information requests with their counts.
 * A published article is never edited in place: its edit is a new draft version.
 */
import type { Knex } from 'knex';
import { storableText } from './db-values';

export type KbLanguage = 'en' | 'es';
export type KbVersionStatus = 'draft' | 'published' | 'superseded';

export interface KbArticleContent {
  title: string;
  body: string;
  keywords: string;
  /** YYYY-MM-DD. */
  reviewBy: string;
}

export interface KbArticleVersion extends KbArticleContent {
  articleId: string;
  version: number;
  status: KbVersionStatus;
  editedBy: string;
  editedAt: Date;
  publishedBy: string | null;
  publishedAt: Date | null;
}

export interface KbArticle {
  id: string;
  language: KbLanguage;
  service: string | null;
  public: boolean;
  owner: string;
  publishedVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
  /** The newest version (a draft when an edit is waiting to be published). */
  latest: KbArticleVersion;
}

export interface KbSearchHit {
  id: string;
  version: number;
  title: string;
  body: string;
  service: string | null;
  language: KbLanguage;
  rank: number;
}

interface ArticleRow {
  id: string;
  language: KbLanguage;
  service: string | null;
  public: boolean;
  owner: string;
  published_version: number | null;
  created_at: Date;
  updated_at: Date;
}

interface VersionRow {
  article_id: string;
  version: number;
  title: string;
  body: string;
  keywords: string;
  review_by: string;
  status: KbVersionStatus;
  edited_by: string;
  edited_at: Date;
  published_by: string | null;
  published_at: Date | null;
}

const VERSION_COLUMNS = [
  'article_id',
  'version',
  'title',
  'body',
  'keywords',
  'review_by',
  'status',
  'edited_by',
  'edited_at',
  'published_by',
  'published_at',
];

const toVersion = (row: VersionRow): KbArticleVersion => ({
  articleId: row.article_id,
  version: row.version,
  title: row.title,
  body: row.body,
  keywords: row.keywords,
  reviewBy: row.review_by,
  status: row.status,
  editedBy: row.edited_by,
  editedAt: new Date(row.edited_at),
  publishedBy: row.published_by,
  publishedAt: row.published_at ? new Date(row.published_at) : null,
});

const toArticle = (row: ArticleRow, latest: VersionRow): KbArticle => ({
  id: row.id,
  language: row.language,
  service: row.service,
  public: row.public,
  owner: row.owner,
  publishedVersion: row.published_version,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
  latest: toVersion(latest),
});

const content = (input: KbArticleContent) => ({
  title: storableText(input.title),
  body: storableText(input.body),
  keywords: storableText(input.keywords),
  review_by: input.reviewBy,
});

/** Search configuration of each language (Postgres text search). */
export const TEXT_SEARCH_CONFIG: Record<KbLanguage, string> = { en: 'english', es: 'spanish' };

export interface NewKbArticle extends KbArticleContent {
  id: string;
  language: KbLanguage;
  service: string | null;
  public: boolean;
  owner: string;
  editedBy: string;
  now: Date;
}

export async function createKbArticle(db: Knex, input: NewKbArticle): Promise<KbArticle> {
  await db.transaction(async (trx) => {
    await trx('kb_articles').insert({
      id: input.id,
      language: input.language,
      service: input.service,
      public: input.public,
      owner: input.owner,
      published_version: null,
      created_at: input.now,
      updated_at: input.now,
    });
    await trx('kb_article_versions').insert({
      article_id: input.id,
      version: 1,
      ...content(input),
      status: 'draft',
      language: input.language,
      edited_by: input.editedBy,
      edited_at: input.now,
    });
  });
  return (await getKbArticle(db, input.id)) as KbArticle;
}

async function latestVersionRow(db: Knex, articleId: string): Promise<VersionRow | undefined> {
  return (await db('kb_article_versions')
    .select(VERSION_COLUMNS)
    .where({ article_id: articleId })
    .orderBy('version', 'desc')
    .first()) as VersionRow | undefined;
}

export async function getKbArticle(db: Knex, id: string): Promise<KbArticle | undefined> {
  const row = (await db('kb_articles').where({ id }).first()) as ArticleRow | undefined;
  if (!row) return undefined;
  const latest = await latestVersionRow(db, id);
  return latest ? toArticle(row, latest) : undefined;
}

export async function listKbArticleVersions(db: Knex, id: string): Promise<KbArticleVersion[]> {
  const rows = (await db('kb_article_versions')
    .select(VERSION_COLUMNS)
    .where({ article_id: id })
    .orderBy('version', 'desc')) as VersionRow[];
  return rows.map(toVersion);
}

/** One version's content (the published one, for agents and residents). */
export async function getKbArticleVersion(
  db: Knex,
  id: string,
  version: number,
): Promise<KbArticleVersion | undefined> {
  const row = (await db('kb_article_versions').select(VERSION_COLUMNS).where({ article_id: id, version }).first()) as
    VersionRow | undefined;
  return row ? toVersion(row) : undefined;
}

export async function listKbArticles(db: Knex): Promise<KbArticle[]> {
  const articles = (await db('kb_articles').orderBy('updated_at', 'desc')) as ArticleRow[];
  const latest = await db('kb_article_versions as v')
    .select<VersionRow[]>(VERSION_COLUMNS.map((c) => `v.${c}`))
    .whereRaw('v.version = (select max(version) from kb_article_versions w where w.article_id = v.article_id)');
  const byId = new Map(latest.map((row) => [row.article_id, row]));
  return articles.flatMap((row) => {
    const version = byId.get(row.id);
    return version ? [toArticle(row, version)] : [];
  });
}

/**
 * Saves an edit: a draft is changed in place; a published article gets a new draft version (the
 * published one stays what agents and residents read until the draft is published).
 */
export async function saveKbArticleEdit(
  db: Knex,
  id: string,
  input: KbArticleContent & { service: string | null; public: boolean; owner: string; editedBy: string; now: Date },
): Promise<{ article: KbArticle; newVersion: boolean } | undefined> {
  const result = await db.transaction(async (trx) => {
    const row = (await trx('kb_articles').where({ id }).forUpdate().first()) as ArticleRow | undefined;
    const latest = row ? await latestVersionRow(trx, id) : undefined;
    if (!row || !latest) return undefined;
    await trx('kb_articles')
      .where({ id })
      .update({ service: input.service, public: input.public, owner: input.owner, updated_at: input.now });
    if (latest.status === 'draft') {
      await trx('kb_article_versions')
        .where({ article_id: id, version: latest.version })
        .update({ ...content(input), edited_by: input.editedBy, edited_at: input.now });
      return { newVersion: false };
    }
    await trx('kb_article_versions').insert({
      article_id: id,
      version: latest.version + 1,
      ...content(input),
      status: 'draft',
      language: row.language,
      edited_by: input.editedBy,
      edited_at: input.now,
    });
    return { newVersion: true };
  });
  if (!result) return undefined;
  return { article: (await getKbArticle(db, id)) as KbArticle, newVersion: result.newVersion };
}

/** Publishes the newest version when it is a draft; the previous published version becomes superseded. Undefined: no such article; 'nothing-to-publish': the newest is already published. */
export async function publishKbArticle(
  db: Knex,
  id: string,
  by: string,
  now: Date,
): Promise<KbArticle | undefined | 'nothing-to-publish'> {
  const outcome = await db.transaction(async (trx) => {
    const row = (await trx('kb_articles').where({ id }).forUpdate().first()) as ArticleRow | undefined;
    const latest = row ? await latestVersionRow(trx, id) : undefined;
    if (!row || !latest) return undefined;
    if (latest.status !== 'draft') return 'nothing-to-publish' as const;
    await trx('kb_article_versions').where({ article_id: id, status: 'published' }).update({ status: 'superseded' });
    await trx('kb_article_versions')
      .where({ article_id: id, version: latest.version })
      .update({ status: 'published', published_by: by, published_at: now });
    await trx('kb_articles').where({ id }).update({ published_version: latest.version, updated_at: now });
    return 'published' as const;
  });
  if (outcome !== 'published') return outcome;
  return getKbArticle(db, id);
}

/** Published articles whose published version's review-by date is before `today` (YYYY-MM-DD), most overdue first. */
export async function listKbArticlesNeedingReview(
  db: Knex,
  today: string,
): Promise<Array<{ id: string; title: string; owner: string; reviewBy: string; language: KbLanguage }>> {
  const rows = (await db('kb_articles as a')
    .join('kb_article_versions as v', function joinPublished() {
      this.on('v.article_id', '=', 'a.id').andOn('v.version', '=', 'a.published_version');
    })
    .where('v.review_by', '<', today)
    .select('a.id', 'v.title', 'a.owner', 'v.review_by', 'a.language')
    .orderBy([
      { column: 'v.review_by', order: 'asc' },
      { column: 'a.id', order: 'asc' },
    ])) as Array<{ id: string; title: string; owner: string; review_by: string; language: KbLanguage }>;
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    owner: row.owner,
    reviewBy: row.review_by,
    language: row.language,
  }));
}

/**
 * Ranked full-text search over published versions in one language (websearch syntax: words, "phrases",
 * -not, or). `publicOnly` limits it to articles residents may read.
 */
export async function searchKbArticles(
  db: Knex,
  input: { query: string; language: KbLanguage; publicOnly: boolean; limit: number },
): Promise<KbSearchHit[]> {
  const config = TEXT_SEARCH_CONFIG[input.language];
  const query = db('kb_articles as a')
    .join('kb_article_versions as v', function joinPublished() {
      this.on('v.article_id', '=', 'a.id').andOn('v.version', '=', 'a.published_version');
    })
    .where('a.language', input.language)
    .whereRaw('v.search @@ websearch_to_tsquery(?::regconfig, ?)', [config, input.query])
    .select(
      'a.id',
      'v.version',
      'v.title',
      'v.body',
      'a.service',
      'a.language',
      db.raw('ts_rank(v.search, websearch_to_tsquery(?::regconfig, ?)) as rank', [config, input.query]),
    )
    .orderBy([
      { column: 'rank', order: 'desc' },
      { column: 'v.title', order: 'asc' },
    ])
    .limit(input.limit);
  if (input.publicOnly) void query.where('a.public', true);
  const rows = (await query) as Array<{
    id: string;
    version: number;
    title: string;
    body: string;
    service: string | null;
    language: KbLanguage;
    rank: number | string;
  }>;
  return rows.map((row) => ({
    id: row.id,
    version: row.version,
    title: row.title,
    body: row.body,
    service: row.service,
    language: row.language,
    rank: Number(row.rank),
  }));
}

export interface CallScript {
  service: string;
  questions: string[];
  updatedBy: string;
  updatedAt: Date;
}

export async function getCallScript(db: Knex, service: string): Promise<CallScript | undefined> {
  const row = (await db('kb_call_scripts').where({ service }).first()) as
    { service: string; questions: string[]; updated_by: string; updated_at: Date } | undefined;
  return row
    ? { service: row.service, questions: row.questions, updatedBy: row.updated_by, updatedAt: new Date(row.updated_at) }
    : undefined;
}

export async function listCallScripts(db: Knex): Promise<CallScript[]> {
  const rows = (await db('kb_call_scripts').orderBy('service')) as Array<{
    service: string;
    questions: string[];
    updated_by: string;
    updated_at: Date;
  }>;
  return rows.map((row) => ({
    service: row.service,
    questions: row.questions,
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at),
  }));
}

export async function saveCallScript(
  db: Knex,
  input: { service: string; questions: readonly string[]; by: string; now: Date },
): Promise<CallScript> {
  const questions = input.questions.map(storableText);
  await db('kb_call_scripts')
    .insert({
      service: input.service,
      questions: JSON.stringify(questions),
      updated_by: input.by,
      updated_at: input.now,
    })
    .onConflict('service')
    .merge(['questions', 'updated_by', 'updated_at']);
  return { service: input.service, questions, updatedBy: input.by, updatedAt: input.now };
}

export type InformationOutcome = 'answered' | 'case';

export interface InformationRequest {
  id: string;
  topic: string;
  articleId: string | null;
  articleVersion: number | null;
  channel: string;
  outcome: InformationOutcome;
  caseId: string | null;
  recordedBy: string;
  departmentId: string | null;
  recordedAt: Date;
}

export async function recordInformationRequest(db: Knex, input: InformationRequest): Promise<InformationRequest> {
  await db('kb_information_requests').insert({
    id: input.id,
    topic: storableText(input.topic),
    article_id: input.articleId,
    article_version: input.articleVersion,
    channel: input.channel,
    outcome: input.outcome,
    case_id: input.caseId,
    recorded_by: input.recordedBy,
    department_id: input.departmentId,
    recorded_at: input.recordedAt,
  });
  return input;
}

export async function getInformationRequest(db: Knex, id: string): Promise<InformationRequest | undefined> {
  const row = (await db('kb_information_requests').where({ id }).first()) as
    | {
        id: string;
        topic: string;
        article_id: string | null;
        article_version: number | null;
        channel: string;
        outcome: InformationOutcome;
        case_id: string | null;
        recorded_by: string;
        department_id: string | null;
        recorded_at: Date;
      }
    | undefined;
  if (!row) return undefined;
  return {
    id: row.id,
    topic: row.topic,
    articleId: row.article_id,
    articleVersion: row.article_version,
    channel: row.channel,
    outcome: row.outcome,
    caseId: row.case_id,
    recordedBy: row.recorded_by,
    departmentId: row.department_id,
    recordedAt: new Date(row.recorded_at),
  };
}

/** Links the case a contact turned into (once: a linked contact keeps its case). */
export async function linkInformationRequestCase(db: Knex, id: string, caseId: string): Promise<boolean> {
  const changed = await db('kb_information_requests')
    .where({ id, outcome: 'case' })
    .whereNull('case_id')
    .update({ case_id: caseId });
  return changed > 0;
}

export interface ContactCount {
  key: string;
  contacts: number;
  answered: number;
}

/** Contacts in [from, to) by topic and by channel, with how many were answered at first contact. */
export async function informationRequestCounts(
  db: Knex,
  window: { from: Date; to: Date; departmentIds?: readonly string[] },
): Promise<{ byTopic: ContactCount[]; byChannel: ContactCount[] }> {
  const grouped = async (column: 'topic' | 'channel'): Promise<ContactCount[]> => {
    const query = db('kb_information_requests')
      .where('recorded_at', '>=', window.from)
      .andWhere('recorded_at', '<', window.to)
      .groupBy(column)
      .select({ key: column })
      .count({ contacts: '*' })
      .select(db.raw(`count(*) filter (where outcome = 'answered') as answered`))
      .orderBy([
        { column: 'contacts', order: 'desc' },
        { column: 'key', order: 'asc' },
      ]);
    if (window.departmentIds !== undefined) void query.whereIn('department_id', [...window.departmentIds]);
    const rows = (await query) as Array<{ key: string; contacts: string | number; answered: string | number }>;
    return rows.map((row) => ({ key: row.key, contacts: Number(row.contacts), answered: Number(row.answered) }));
  };
  return { byTopic: await grouped('topic'), byChannel: await grouped('channel') };
}
