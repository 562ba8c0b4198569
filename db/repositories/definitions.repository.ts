/**
 * Process definitions, every version. Drafts may be replaced; published versions are immutable (the
 * database trigger enforces it, these functions give the caller a typed error first).
 */
import type { Knex } from 'knex';
import { DbError, RAISE_EXCEPTION, UNIQUE_VIOLATION, sqlState } from '../errors';
import { parseSemver } from './semver';
import { jsonb } from './db-values';

export type DefinitionStatus = 'draft' | 'published' | 'retired';

export interface DefinitionSummary {
  id: string;
  version: string;
  title: string | null;
  contentHash: string;
  status: DefinitionStatus;
  createdBy: string;
  createdAt: Date;
  publishedBy: string | null;
  publishedAt: Date | null;
  retiredBy: string | null;
  retiredAt: Date | null;
}

export interface DefinitionRecord extends DefinitionSummary {
  yamlSource: string;
  /** The compiled definition as the loader produced it (plain JSON). */
  compiled: unknown;
}

export interface SaveDraftInput {
  id: string;
  version: string;
  title?: string;
  contentHash: string;
  yamlSource: string;
  compiled: unknown;
  createdBy: string;
}

interface DefinitionRow {
  id: string;
  version: string;
  version_major: number;
  version_minor: number;
  version_patch: number;
  version_prerelease: string;
  title: string | null;
  content_hash: string;
  yaml_source: string;
  compiled: unknown;
  status: DefinitionStatus;
  created_by: string;
  created_at: Date;
  published_by: string | null;
  published_at: Date | null;
  retired_by: string | null;
  retired_at: Date | null;
}

const SUMMARY_COLUMNS = [
  'id',
  'version',
  'title',
  'content_hash',
  'status',
  'created_by',
  'created_at',
  'published_by',
  'published_at',
  'retired_by',
  'retired_at',
] as const;

function toSummary(row: Omit<DefinitionRow, 'yaml_source' | 'compiled'>): DefinitionSummary {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    contentHash: row.content_hash,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    publishedBy: row.published_by,
    publishedAt: row.published_at,
    retiredBy: row.retired_by,
    retiredAt: row.retired_at,
  };
}

function toRecord(row: DefinitionRow): DefinitionRecord {
  return { ...toSummary(row), yamlSource: row.yaml_source, compiled: row.compiled };
}

/** Newest first by semantic version; a release sorts above its prereleases. */
function orderNewestFirst(query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query
    .orderBy('version_major', 'desc')
    .orderBy('version_minor', 'desc')
    .orderBy('version_patch', 'desc')
    .orderByRaw("(version_prerelease = '') desc, version_prerelease desc");
}

function immutable(error: unknown, id: string, version: string): never {
  if (sqlState(error) === RAISE_EXCEPTION) {
    throw new DbError('DEFINITION_IMMUTABLE', `definition ${id}@${version} is published and cannot change`, {
      id,
      version,
    });
  }
  throw error;
}

/**
 * Stores a draft, or replaces the draft of the same id and version. A version that is already
 * published or retired is never overwritten: DEFINITION_VERSION_EXISTS.
 */
export async function saveDefinitionDraft(db: Knex, input: SaveDraftInput): Promise<DefinitionRecord> {
  const parts = parseSemver(input.version);
  if (!/^[a-z0-9][a-z0-9._-]{0,99}$/i.test(input.id)) {
    throw new DbError(
      'INVALID_INPUT',
      `definition id ${JSON.stringify(input.id)} must be 1-100 letters, digits, dots, dashes or underscores`,
    );
  }
  const columns = {
    title: input.title ?? null,
    content_hash: input.contentHash,
    yaml_source: input.yamlSource,
    compiled: jsonb(input.compiled),
    created_by: input.createdBy,
  };
  return db.transaction(async (trx) => {
    const existing = await trx<DefinitionRow>('definitions')
      .where({ id: input.id, version: input.version })
      .forUpdate()
      .first('status');
    if (existing && existing.status !== 'draft') {
      throw new DbError(
        'DEFINITION_VERSION_EXISTS',
        `definition ${input.id}@${input.version} is already ${existing.status}; publish a new version`,
        {
          id: input.id,
          version: input.version,
          status: existing.status,
        },
      );
    }
    try {
      const rows = existing
        ? await trx('definitions')
            .where({ id: input.id, version: input.version })
            .update({ ...columns, created_at: trx.fn.now() })
            .returning('*')
        : await trx('definitions')
            .insert({
              id: input.id,
              version: input.version,
              version_major: parts.major,
              version_minor: parts.minor,
              version_patch: parts.patch,
              version_prerelease: parts.prerelease,
              ...columns,
            })
            .returning('*');
      return toRecord(rows[0] as DefinitionRow);
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) {
        throw new DbError('DEFINITION_VERSION_EXISTS', `definition ${input.id}@${input.version} already exists`, {
          id: input.id,
          version: input.version,
        });
      }
      return immutable(error, input.id, input.version);
    }
  });
}

export interface PublishInput {
  id: string;
  version: string;
  publishedBy: string;
  publishedAt?: Date;
}

/** Publishes a draft. Publishing an already published version is a no-op returning it (safe to retry). */
export async function publishDefinition(db: Knex, input: PublishInput): Promise<DefinitionRecord> {
  return moveStatus(db, input, {
    to: 'published',
    refusedFrom: 'retired',
    refusal: 'is retired and cannot be published again',
    set: (now) => ({ published_by: input.publishedBy, published_at: input.publishedAt ?? now }),
  });
}

export interface RetireInput {
  id: string;
  version: string;
  retiredBy: string;
  retiredAt?: Date;
}

/** Stops new cases from using a published version; running cases keep it. */
export async function retireDefinition(db: Knex, input: RetireInput): Promise<DefinitionRecord> {
  return moveStatus(db, input, {
    to: 'retired',
    refusedFrom: 'draft',
    refusal: 'is a draft; delete it instead',
    set: (now) => ({ retired_by: input.retiredBy, retired_at: input.retiredAt ?? now }),
  });
}

/**
 * One version's status change under its row lock: a version already there is returned unchanged (a
 * retry), one in the refused status is a DEFINITION_STATE_CONFLICT, else the status and `set` are written.
 */
async function moveStatus(
  db: Knex,
  key: { id: string; version: string },
  change: {
    to: DefinitionStatus;
    refusedFrom: DefinitionStatus;
    refusal: string;
    set: (now: Knex.Raw) => Record<string, unknown>;
  },
): Promise<DefinitionRecord> {
  const { id, version } = key;
  return db.transaction(async (trx) => {
    const row = await trx<DefinitionRow>('definitions').where({ id, version }).forUpdate().first();
    if (!row) throw new DbError('DEFINITION_NOT_FOUND', `definition ${id}@${version} not found`, { id, version });
    if (row.status === change.to) return toRecord(row);
    if (row.status === change.refusedFrom)
      throw new DbError('DEFINITION_STATE_CONFLICT', `definition ${id}@${version} ${change.refusal}`, { id, version });
    const rows = await trx('definitions')
      .where({ id, version })
      .update({ status: change.to, ...change.set(trx.fn.now()) })
      .returning('*')
      .catch((error: unknown) => immutable(error, id, version));
    return toRecord(rows[0] as DefinitionRow);
  });
}

/** Deletes a draft. Published versions cannot be deleted (DEFINITION_IMMUTABLE). */
export async function deleteDefinitionDraft(db: Knex, id: string, version: string): Promise<boolean> {
  try {
    const count = await db('definitions').where({ id, version }).delete();
    return count > 0;
  } catch (error) {
    return immutable(error, id, version);
  }
}

export async function getDefinition(db: Knex, id: string, version: string): Promise<DefinitionRecord | undefined> {
  const row = await db<DefinitionRow>('definitions').where({ id, version }).first();
  return row ? toRecord(row) : undefined;
}

/** The version a running case pinned, found by its content hash. */
export async function getDefinitionByHash(
  db: Knex,
  id: string,
  contentHash: string,
): Promise<DefinitionRecord | undefined> {
  const row = await db<DefinitionRow>('definitions')
    .where({ id, content_hash: contentHash })
    .orderBy('created_at', 'desc')
    .first();
  return row ? toRecord(row) : undefined;
}

/** The version new cases should start on: the highest published one. */
export async function getLatestPublishedDefinition(db: Knex, id: string): Promise<DefinitionRecord | undefined> {
  const row = (await orderNewestFirst(db('definitions').where({ id, status: 'published' })).first()) as
    DefinitionRow | undefined;
  return row ? toRecord(row) : undefined;
}

/** Only the version string of the highest published version (no source, no compiled JSON): cheap per request. */
export async function getLatestPublishedVersion(db: Knex, id: string): Promise<string | undefined> {
  const row = (await orderNewestFirst(
    db('definitions').select('version').where({ id, status: 'published' }),
  ).first()) as { version: string } | undefined;
  return row?.version;
}

/** All versions of one definition, newest first, without the bulky source and compiled JSON. */
export async function listDefinitionVersions(db: Knex, id: string): Promise<DefinitionSummary[]> {
  const rows = (await orderNewestFirst(db('definitions').select(SUMMARY_COLUMNS).where({ id }))) as DefinitionRow[];
  return rows.map(toSummary);
}

/** One row per definition id: its newest published version, or its newest version when none is published. */
export async function listDefinitions(db: Knex): Promise<DefinitionSummary[]> {
  const rows = (await db
    .select(SUMMARY_COLUMNS)
    .from(
      db('definitions')
        .select('*')
        .select(
          db.raw(`row_number() over (partition by id order by (status = 'published') desc, version_major desc, version_minor desc,
                  version_patch desc, (version_prerelease = '') desc, version_prerelease desc) as rank`),
        )
        .as('ranked'),
    )
    .where('rank', 1)
    .orderBy('id')) as DefinitionRow[];
  return rows.map(toSummary);
}
