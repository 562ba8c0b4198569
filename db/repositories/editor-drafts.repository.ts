/** The definition studio's working drafts (migration 0017): one per person and process, any text. */
import type { Knex } from 'knex';

export interface EditorDraft {
  definitionId: string;
  authorId: string;
  yamlSource: string;
  updatedAt: Date;
}

interface EditorDraftRow {
  definition_id: string;
  author_id: string;
  yaml_source: string;
  updated_at: Date;
}

const toDraft = (row: EditorDraftRow): EditorDraft => ({
  definitionId: row.definition_id,
  authorId: row.author_id,
  yamlSource: row.yaml_source,
  updatedAt: row.updated_at,
});

export async function getEditorDraft(
  db: Knex,
  definitionId: string,
  authorId: string,
): Promise<EditorDraft | undefined> {
  const row = await db<EditorDraftRow>('definition_editor_drafts')
    .where({ definition_id: definitionId, author_id: authorId })
    .first();
  return row ? toDraft(row) : undefined;
}

export async function saveEditorDraft(db: Knex, draft: EditorDraft): Promise<EditorDraft> {
  const [row] = (await db('definition_editor_drafts')
    .insert({
      definition_id: draft.definitionId,
      author_id: draft.authorId,
      yaml_source: draft.yamlSource,
      updated_at: draft.updatedAt,
    })
    .onConflict(['definition_id', 'author_id'])
    .merge(['yaml_source', 'updated_at'])
    .returning('*')) as EditorDraftRow[];
  return toDraft(row);
}

/** Open cases (open or waiting on the applicant) per definition version. */
export async function openCaseCountsByVersion(
  db: Knex,
): Promise<{ definitionId: string; version: string; open: number }[]> {
  const query = db('cases')
    .whereIn('status', ['open', 'awaiting-applicant'])
    .groupBy('definition_id', 'definition_version')
    .select('definition_id', 'definition_version', db.raw('count(*)::int as open'));
  const rows = (await query) as { definition_id: string; definition_version: string; open: number }[];
  return rows.map((row) => ({
    definitionId: row.definition_id,
    version: row.definition_version,
    open: Number(row.open),
  }));
}

/** Ids of the open cases on one version (the migration's candidates), oldest first. */
export async function openCaseIdsOnVersion(
  db: Knex,
  definitionId: string,
  version: string,
  limit: number,
): Promise<{ id: string; trackingNumber: string }[]> {
  const rows = await db<{
    id: string;
    tracking_number: string;
    definition_id: string;
    definition_version: string;
    status: string;
    created_at: Date;
  }>('cases')
    .where({ definition_id: definitionId, definition_version: version })
    .whereIn('status', ['open', 'awaiting-applicant'])
    .orderBy('created_at', 'asc')
    .limit(limit)
    .select('id', 'tracking_number');
  return rows.map((row) => ({ id: row.id, trackingNumber: row.tracking_number }));
}
