/**
 * The one credential check for staff: API login and web sign-in both come here. Throttled per account
 * and address (sign-in-throttle.ts), and every attempt is audited on the platform chain.
 */
import type { Knex } from 'knex';
import { appendAuditEntry, authenticateUser, type UserRecord } from '../../db';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import type { Principal } from './principal';
import type { SignInThrottle } from './sign-in-throttle';

export interface SignInAttempt {
  username: string;
  password: string;
  ip?: string;
  /** 'api' or 'web': recorded in the audit entry. */
  channel: string;
}

export type SignInResult = { ok: true; user: UserRecord } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export async function signIn(deps: { db: Knex; throttle: SignInThrottle; clock: () => Date }, attempt: SignInAttempt): Promise<SignInResult> {
  const address = attempt.ip ?? '';
  const verdict = deps.throttle.check(attempt.username, address);
  const user = verdict.allowed ? await authenticateUser(deps.db, attempt.username, attempt.password) : undefined;
  const succeeded = user !== undefined && user.active;
  if (verdict.allowed) {
    if (succeeded) deps.throttle.succeeded(attempt.username, address);
    else deps.throttle.failed(attempt.username, address);
  }
  await appendAuditEntry(deps.db, {
    caseId: PLATFORM_AUDIT_STREAM,
    actor: { id: user?.id ?? `unknown:${attempt.username.slice(0, 100)}`, kind: 'staff' },
    occurredAt: deps.clock(),
    eventType: succeeded ? 'auth.login' : 'auth.login-failed',
    details: verdict.allowed ? {} : { reason: 'throttled' },
    source: { channel: attempt.channel, ...(attempt.ip ? { ip: attempt.ip } : {}) },
  });
  if (!verdict.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
  return succeeded ? { ok: true, user } : { ok: false, reason: 'invalid' };
}

/** The principal of a signed-in person: the same shape whether from a bearer token or a web session. */
export function userPrincipal(user: UserRecord): Principal {
  return { kind: 'user', id: user.id, username: user.username, roles: user.roles, departmentId: user.departmentId, grants: user.grants ?? {}, scopes: [] };
}

/** Sign-out goes on the platform chain beside the sign-ins. */
export async function recordSignOut(deps: { db: Knex; clock: () => Date }, userId: string, source: { ip?: string; channel: string }): Promise<void> {
  await appendAuditEntry(deps.db, {
    caseId: PLATFORM_AUDIT_STREAM,
    actor: { id: userId, kind: 'staff' },
    occurredAt: deps.clock(),
    eventType: 'auth.logout',
    details: {},
    source: { channel: source.channel, ...(source.ip ? { ip: source.ip } : {}) },
  });
}
