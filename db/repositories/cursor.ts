/**
 * Opaque keyset cursors: base64url JSON of the last row's sort key and id. Keyset paging stays fast
 * and stable while cases are added, unlike offsets.
 */
import { DbError } from '../errors';

export interface CursorPosition {
  /** Which sort the cursor belongs to; a cursor from another sort is rejected. */
  sort: string;
  /** Postgres timestamptz text (microseconds kept), or 'infinity' for rows without a date (sorted last). */
  key: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sort, position.key, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, expectedSort: string): CursorPosition {
  const invalid = () =>
    new DbError('INVALID_CURSOR', 'the pagination cursor is not valid for this list', { cursor: cursor.slice(0, 200) });
  if (cursor.length > 2000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === 'string'))
    throw invalid();
  const [sort, key, id] = parsed as [string, string, string];
  if (sort !== expectedSort || id === '') throw invalid();
  if (key !== 'infinity' && !/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{1,6})?([+-]\d\d(:?\d\d)?|Z)$/.test(key))
    throw invalid();
  return { sort, key, id };
}
