/**
 * The one credential check for staff: API login and web sign-in both come here. Throttled per account
 * and address (sign-in-throttle.ts), and every attempt is audited on the platform chain.
 */
import type { Knex } from 'knex';
import { authenticateUser, type UserRecord } from '../../db';
import { recordSignInEvent, type SignInSource } from './platform-audit';
import type { Principal } from './principal';
import type { SignInThrottle } from './sign-in-throttle';

export interface SignInAttempt {
  username: string;
  password: string;
  ip?: string;
  /** 'api' or 'web': recorded in the audit entry. */
  channel: string;
}

export type SignInResult =
  | { ok: true; user: UserRecord }
  | { ok: false; reason: 'invalid' | 'local-accounts-off' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export async function signIn(
  deps: { db: Knex; throttle: SignInThrottle; clock: () => Date; localAccounts: boolean },
  attempt: SignInAttempt,
): Promise<SignInResult> {
  if (!deps.localAccounts) {
    // Turned off (LOCAL_SIGN_IN=false): staff sign in at the agency's provider; no password is checked.
    await recordSignInEvent(
      deps,
      `unknown:${attempt.username.slice(0, 100)}`,
      'auth.login-failed',
      { reason: 'local-accounts-off' },
      { channel: attempt.channel, ...(attempt.ip ? { ip: attempt.ip } : {}) },
    );
    return { ok: false, reason: 'local-accounts-off' };
  }
  const address = attempt.ip ?? '';
  const verdict = deps.throttle.check(attempt.username, address);
  const user = verdict.allowed ? await authenticateUser(deps.db, attempt.username, attempt.password) : undefined;
  const succeeded = user !== undefined && user.active;
  if (verdict.allowed) {
    if (succeeded) deps.throttle.succeeded(attempt.username, address);
    else deps.throttle.failed(attempt.username, address);
  }
  await recordSignInEvent(
    deps,
    user?.id ?? `unknown:${attempt.username.slice(0, 100)}`,
    succeeded ? 'auth.login' : 'auth.login-failed',
    verdict.allowed ? {} : { reason: 'throttled' },
    { channel: attempt.channel, ...(attempt.ip ? { ip: attempt.ip } : {}) },
  );
  if (!verdict.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
  return succeeded ? { ok: true, user } : { ok: false, reason: 'invalid' };
}

/** The principal of a signed-in person: the same shape whether from a bearer token or a web session. */
export function userPrincipal(user: UserRecord): Principal {
  return {
    kind: 'user',
    id: user.id,
    username: user.username,
    roles: user.roles,
    departmentId: user.departmentId,
    grants: user.grants ?? {},
    scopes: [],
  };
}

/** Sign-out goes on the platform chain beside the sign-ins. */
export async function recordSignOut(
  deps: { db: Knex; clock: () => Date },
  userId: string,
  source: SignInSource,
): Promise<void> {
  await recordSignInEvent(deps, userId, 'auth.logout', {}, source);
}
