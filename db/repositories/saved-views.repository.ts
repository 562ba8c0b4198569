/** Saved work-list views (table saved_views): one person's named filter+sort, as a URL query string. */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface SavedView {
  id: string;
  name: string;
  /** The work list's URL query string, without the leading '?'. */
  query: string;
}

/** How many views one person may keep: enough for real use, bounded against a runaway script. */
export const SAVED_VIEWS_PER_USER = 50;

export async function listSavedViews(db: Knex, userId: string): Promise<SavedView[]> {
  return db('saved_views')
    .select('id', 'name', 'query')
    .where({ user_id: userId })
    .orderBy([{ column: 'name' }, { column: 'id' }]);
}

export async function findSavedView(db: Knex, userId: string, id: string): Promise<SavedView | undefined> {
  const row = (await db('saved_views').select('id', 'name', 'query').where({ user_id: userId, id }).first()) as
    SavedView | undefined;
  return row;
}

/**
 * Saves (or, under a name already used by this person, replaces) a view. Answers undefined when the
 * person already keeps the maximum number of views and the name is new.
 */
export async function saveView(
  db: Knex,
  input: { userId: string; name: string; query: string; now: Date },
): Promise<SavedView | undefined> {
  return db.transaction(async (trx) => {
    // One person's views change one at a time, so the count check and the insert agree.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`saved-views:${input.userId}`]);
    const existing = (await trx('saved_views')
      .select('id')
      .where({ user_id: input.userId, name: input.name })
      .first()) as { id: string } | undefined;
    if (existing) {
      await trx('saved_views').where({ id: existing.id }).update({ query: input.query, updated_at: input.now });
      return { id: existing.id, name: input.name, query: input.query };
    }
    const [{ count }] = await trx('saved_views')
      .where({ user_id: input.userId })
      .count<{ count: string | number }[]>('* as count');
    if (Number(count) >= SAVED_VIEWS_PER_USER) return undefined;
    const id = randomUUID();
    await trx('saved_views').insert({
      id,
      user_id: input.userId,
      name: input.name,
      query: input.query,
      created_at: input.now,
      updated_at: input.now,
    });
    return { id, name: input.name, query: input.query };
  });
}

export async function deleteSavedView(db: Knex, userId: string, id: string): Promise<boolean> {
  return (await db('saved_views').where({ user_id: userId, id }).delete()) > 0;
}
