/**
 * Who a verified provider sign-in is in CivicFlow. The provider's groups are mapped to roles and a
 * department at every sign-in (a change at the provider takes effect the next time); the first sign-in
 * of a mapped person creates their staff user, linked by (issuer, subject) — never by a matching
 * username, which would let a provider account take over a local one. No mapped group: refused.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import {
  createUser,
  findUserIdentity,
  getUser,
  getUserByUsername,
  linkUserIdentity,
  touchUserIdentity,
  updateUser,
  type UserRecord,
} from '../../../db';
import { recordSignInEvent, type SignInSource } from '../platform-audit';
import { groupsFromClaim, mapGroups, type MappedAccess } from './group-mapping';
import type { OidcClient, ProviderSignIn } from './oidc-client';

export type ProviderSignInResult =
  { ok: true; user: UserRecord } | { ok: false; reason: 'no-mapped-group' | 'account-disabled' };

export interface ProviderSignInDeps {
  db: Knex;
  clock: () => Date;
  oidc: OidcClient;
}

const USERNAME = /^[A-Za-z0-9._@-]{2,100}$/;

/** The provider's groups: from the ID token, or from userinfo when the ID token does not carry them. */
async function providerGroups(oidc: OidcClient, signIn: ProviderSignIn): Promise<string[]> {
  const claim = oidc.config.groupsClaim;
  if (claim in signIn.claims) return groupsFromClaim(signIn.claims[claim]);
  const info = await oidc.userInfo(signIn.accessToken, signIn.subject);
  return info === 'disabled' ? [] : groupsFromClaim(info[claim]);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** preferred_username or email when free; otherwise a stable name from the identity. */
async function chooseUsername(db: Knex, signIn: ProviderSignIn): Promise<string> {
  for (const candidate of [text(signIn.claims.preferred_username), text(signIn.claims.email)]) {
    if (candidate && USERNAME.test(candidate) && !(await getUserByUsername(db, candidate))) return candidate;
  }
  return `sso-${createHash('sha256').update(`${signIn.issuer}\n${signIn.subject}`).digest('hex').slice(0, 16)}`;
}

async function applyMapping(
  deps: ProviderSignInDeps,
  user: UserRecord,
  access: MappedAccess,
  source: SignInSource,
): Promise<UserRecord> {
  const sameRoles = [...user.roles].sort().join(',') === access.roles.join(',');
  if (sameRoles && user.departmentId === access.departmentId) return user;
  const updated = await updateUser(deps.db, user.id, { roles: access.roles, departmentId: access.departmentId });
  await recordSignInEvent(
    deps,
    user.id,
    'auth.roles-changed',
    {
      by: 'provider-groups',
      before: { roles: user.roles, departmentId: user.departmentId },
      after: { roles: updated.roles, departmentId: updated.departmentId },
      groups: access.matchedGroups,
    },
    source,
  );
  return updated;
}

export async function signInWithProvider(
  deps: ProviderSignInDeps,
  signIn: ProviderSignIn,
  source: SignInSource,
): Promise<ProviderSignInResult> {
  const now = deps.clock();
  const groups = await providerGroups(deps.oidc, signIn);
  const access = mapGroups(deps.oidc.config.groupMap, groups);
  const identity = await findUserIdentity(deps.db, signIn.issuer, signIn.subject);
  const actorId = identity?.userId ?? `oidc:${signIn.subject.slice(0, 100)}`;
  if (!access) {
    await recordSignInEvent(
      deps,
      actorId,
      'auth.login-failed',
      { method: 'oidc', reason: 'no-mapped-group', groups: groups.slice(0, 50) },
      source,
    );
    return { ok: false, reason: 'no-mapped-group' };
  }

  let user = identity ? await getUser(deps.db, identity.userId) : undefined;
  if (user && !user.active) {
    await recordSignInEvent(deps, user.id, 'auth.login-failed', { method: 'oidc', reason: 'account-disabled' }, source);
    return { ok: false, reason: 'account-disabled' };
  }
  if (user) {
    user = await applyMapping(deps, user, access, source);
    await touchUserIdentity(deps.db, signIn.issuer, signIn.subject, now);
  } else {
    const username = await chooseUsername(deps.db, signIn);
    const email = text(signIn.claims.email);
    user = await createUser(deps.db, {
      username,
      displayName: text(signIn.claims.name) ?? username,
      ...(email ? { email } : {}),
      roles: access.roles,
      ...(access.departmentId ? { departmentId: access.departmentId } : {}),
    });
    await linkUserIdentity(deps.db, { issuer: signIn.issuer, subject: signIn.subject, userId: user.id }, now);
    await recordSignInEvent(
      deps,
      user.id,
      'auth.user-created',
      { by: 'provider-groups', roles: user.roles, departmentId: user.departmentId, groups: access.matchedGroups },
      source,
    );
  }
  await recordSignInEvent(deps, user.id, 'auth.login', { method: 'oidc', groups: access.matchedGroups }, source);
  return { ok: true, user };
}

/**
 * Asks the provider (userinfo with the session's access token) whether the person is still enabled.
 * 'ended': the provider no longer accepts the token (account disabled, token revoked or expired).
 * 'unknown': the provider could not be asked; the session carries on and is asked again next request.
 */
export async function recheckProviderSession(
  oidc: OidcClient,
  provider: { accessToken: string; subject: string },
): Promise<'ok' | 'ended' | 'unknown'> {
  try {
    return (await oidc.userInfo(provider.accessToken, provider.subject)) === 'disabled' ? 'ended' : 'ok';
  } catch {
    return 'unknown';
  }
}
