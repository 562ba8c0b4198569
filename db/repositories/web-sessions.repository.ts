/**
 * Staff web sessions (table web_sessions). The caller holds the random session id; rows are keyed by
 * its sha256. Timeouts are decided by the caller's clock and passed in, so tests can skip time.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { sha256Hex } from './secrets';

export interface WebSession {
  userId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

interface WebSessionRow {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
}

const hashSessionId = (id: string): string => sha256Hex(`civicflow-web-session:${id}`);

/** 256 random bits, URL-safe: the session id and the CSRF token alike. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function createWebSession(db: Knex, input: { userId: string; now: Date; expiresAt: Date; ip?: string }): Promise<{ id: string; session: WebSession }> {
  const id = newSecretToken();
  const session: WebSession = { userId: input.userId, csrfToken: newSecretToken(), createdAt: input.now, lastSeenAt: input.now, expiresAt: input.expiresAt };
  await db('web_sessions').insert({ id_hash: hashSessionId(id), user_id: session.userId, csrf_token: session.csrfToken, created_at: session.createdAt, last_seen_at: session.lastSeenAt, expires_at: session.expiresAt, ip: input.ip ?? null });
  return { id, session };
}

/**
 * The live session for `id`, its last use moved to `now`; undefined when unknown or past either
 * timeout (an expired row is deleted on the way).
 */
export async function touchWebSession(db: Knex, id: string, now: Date, idleTimeoutSeconds: number): Promise<WebSession | undefined> {
  if (id.length > 200) return undefined;
  const idHash = hashSessionId(id);
  const row = await db<WebSessionRow>('web_sessions').where({ id_hash: idHash }).first();
  if (!row) return undefined;
  const idleEnd = row.last_seen_at.getTime() + idleTimeoutSeconds * 1000;
  if (now.getTime() >= row.expires_at.getTime() || now.getTime() >= idleEnd) {
    await db('web_sessions').where({ id_hash: idHash }).delete();
    return undefined;
  }
  await db('web_sessions').where({ id_hash: idHash }).update({ last_seen_at: now });
  return { userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.created_at, lastSeenAt: now, expiresAt: row.expires_at };
}

export async function deleteWebSession(db: Knex, id: string): Promise<void> {
  if (id.length > 200) return;
  await db('web_sessions').where({ id_hash: hashSessionId(id) }).delete();
}

/** Housekeeping: rows past their absolute end. */
export async function deleteExpiredWebSessions(db: Knex, now: Date): Promise<number> {
  return db('web_sessions').where('expires_at', '<=', now).delete();
}
