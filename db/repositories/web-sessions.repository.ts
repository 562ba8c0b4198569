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
  /** Sessions started through OpenID Connect: what rechecking and ending them at the provider needs. */
  provider?: ProviderSession;
}

export interface ProviderSession {
  subject: string;
  accessToken: string;
  idToken: string;
  checkedAt: Date;
}

interface WebSessionRow {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  oidc_subject: string | null;
  oidc_access_token: string | null;
  oidc_id_token: string | null;
  oidc_checked_at: Date | null;
}

function providerOf(row: WebSessionRow): ProviderSession | undefined {
  if (
    row.oidc_subject === null ||
    row.oidc_access_token === null ||
    row.oidc_id_token === null ||
    row.oidc_checked_at === null
  )
    return undefined;
  return {
    subject: row.oidc_subject,
    accessToken: row.oidc_access_token,
    idToken: row.oidc_id_token,
    checkedAt: row.oidc_checked_at,
  };
}

const hashSessionId = (id: string): string => sha256Hex(`civicflow-web-session:${id}`);

/** 256 random bits, URL-safe: the session id and the CSRF token alike. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function createWebSession(
  db: Knex,
  input: { userId: string; now: Date; expiresAt: Date; ip?: string; provider?: ProviderSession },
): Promise<{ id: string; session: WebSession }> {
  const id = newSecretToken();
  const session: WebSession = {
    userId: input.userId,
    csrfToken: newSecretToken(),
    createdAt: input.now,
    lastSeenAt: input.now,
    expiresAt: input.expiresAt,
    ...(input.provider ? { provider: input.provider } : {}),
  };
  const provider = input.provider;
  await db('web_sessions').insert({
    id_hash: hashSessionId(id),
    user_id: session.userId,
    csrf_token: session.csrfToken,
    created_at: session.createdAt,
    last_seen_at: session.lastSeenAt,
    expires_at: session.expiresAt,
    ip: input.ip ?? null,
    oidc_subject: provider?.subject ?? null,
    oidc_access_token: provider?.accessToken ?? null,
    oidc_id_token: provider?.idToken ?? null,
    oidc_checked_at: provider?.checkedAt ?? null,
  });
  return { id, session };
}

/** The provider confirmed the person is still enabled at `at`. */
export async function markWebSessionChecked(db: Knex, id: string, at: Date): Promise<void> {
  if (id.length > 200) return;
  await db('web_sessions')
    .where({ id_hash: hashSessionId(id) })
    .update({ oidc_checked_at: at });
}

/**
 * The live session for `id`, its last use moved to `now`; undefined when unknown or past either
 * timeout (an expired row is deleted on the way).
 */
export async function touchWebSession(
  db: Knex,
  id: string,
  now: Date,
  idleTimeoutSeconds: number,
): Promise<WebSession | undefined> {
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
  const provider = providerOf(row);
  return {
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: now,
    expiresAt: row.expires_at,
    ...(provider ? { provider } : {}),
  };
}

export async function deleteWebSession(db: Knex, id: string): Promise<void> {
  if (id.length > 200) return;
  await db('web_sessions')
    .where({ id_hash: hashSessionId(id) })
    .delete();
}

/** Housekeeping: rows past their absolute end. */
export async function deleteExpiredWebSessions(db: Knex, now: Date): Promise<number> {
  return db('web_sessions').where('expires_at', '<=', now).delete();
}
