/** Links between a sign-in provider's account (issuer + subject) and a staff user. */
import type { Knex } from 'knex';

export interface UserIdentity {
  issuer: string;
  subject: string;
  userId: string;
}

export async function findUserIdentity(db: Knex, issuer: string, subject: string): Promise<UserIdentity | undefined> {
  const row = await db<{ issuer: string; subject: string; user_id: string }>('user_identities')
    .where({ issuer, subject })
    .first();
  return row ? { issuer: row.issuer, subject: row.subject, userId: row.user_id } : undefined;
}

export async function linkUserIdentity(db: Knex, identity: UserIdentity, now: Date): Promise<void> {
  await db('user_identities').insert({
    issuer: identity.issuer,
    subject: identity.subject,
    user_id: identity.userId,
    created_at: now,
    last_sign_in_at: now,
  });
}

export async function touchUserIdentity(db: Knex, issuer: string, subject: string, now: Date): Promise<void> {
  await db('user_identities').where({ issuer, subject }).update({ last_sign_in_at: now });
}
