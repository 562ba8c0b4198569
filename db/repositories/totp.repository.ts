/**
 * The local accounts' second factor: one TOTP secret per user (confirmed once the first code matched)
 * with the last accepted time step, and single-use recovery codes stored as hashes.
 */
import type { Knex } from 'knex';
import { sha256Hex } from './secrets';

export interface UserTotp {
  secret: string;
  confirmed: boolean;
  lastTimeStep: number | null;
}

export async function getUserTotp(db: Knex, userId: string): Promise<UserTotp | undefined> {
  const row = (await db('user_totp').where({ user_id: userId }).first()) as
    { secret: string; confirmed_at: Date | null; last_time_step: string | number | null } | undefined;
  return row
    ? {
        secret: row.secret,
        confirmed: row.confirmed_at !== null,
        lastTimeStep: row.last_time_step === null ? null : Number(row.last_time_step),
      }
    : undefined;
}

/** Starts (or restarts) enrolment with a new secret; a confirmed second factor is never replaced here. */
export async function startTotpEnrolment(db: Knex, userId: string, secret: string): Promise<boolean> {
  const rows = await db.raw<{ rows: unknown[] }>(
    `insert into user_totp (user_id, secret) values (?, ?)
     on conflict (user_id) do update set secret = excluded.secret, last_time_step = null where user_totp.confirmed_at is null
     returning user_id`,
    [userId, secret],
  );
  return rows.rows.length > 0;
}

/**
 * Records that the code of `timeStep` was used, only if it is later than the last one accepted (so a
 * code cannot be used twice, even by two requests at once). Confirms a pending enrolment on the way.
 */
export async function acceptTotpStep(db: Knex, userId: string, timeStep: number, now: Date): Promise<boolean> {
  const count = await db('user_totp')
    .where({ user_id: userId })
    .andWhere((q) => void q.whereNull('last_time_step').orWhere('last_time_step', '<', timeStep))
    .update({ last_time_step: timeStep, confirmed_at: db.raw('coalesce(confirmed_at, ?)', [now]) });
  return count === 1;
}

const hashRecoveryCode = (userId: string, code: string): string =>
  sha256Hex(`civicflow-recovery:${userId}:${code.toUpperCase().replace(/[\s-]/g, '')}`);

/** Replaces every recovery code of the user with `codes` (shown once, stored as hashes). */
export async function replaceRecoveryCodes(db: Knex, userId: string, codes: readonly string[]): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('totp_recovery_codes').where({ user_id: userId }).delete();
    await trx('totp_recovery_codes').insert(
      codes.map((code) => ({ user_id: userId, code_hash: hashRecoveryCode(userId, code) })),
    );
  });
}

/** Uses up a recovery code: true once, false for an unknown or already used code. */
export async function useRecoveryCode(db: Knex, userId: string, code: string, now: Date): Promise<boolean> {
  const count = await db('totp_recovery_codes')
    .where({ user_id: userId, code_hash: hashRecoveryCode(userId, code) })
    .whereNull('used_at')
    .update({ used_at: now });
  return count === 1;
}

export async function countUnusedRecoveryCodes(db: Knex, userId: string): Promise<number> {
  const rows: Array<{ n: string | number }> = await db('totp_recovery_codes')
    .where({ user_id: userId })
    .whereNull('used_at')
    .count({ n: '*' });
  return Number(rows[0]?.n ?? 0);
}
