/**
 * OpenID Connect sign-ins in flight (table sign_in_transactions): what the callback must check
 * (nonce, PKCE verifier) keyed by the hash of the random `state`. Claiming deletes the row, so each
 * state is good once.
 */
import type { Knex } from 'knex';
import { sha256Hex } from './secrets';

export interface SignInTransaction {
  nonce: string;
  codeVerifier: string;
  nextPath?: string;
}

const hashState = (state: string): string => sha256Hex(`civicflow-oidc-state:${state}`);

export async function saveSignInTransaction(
  db: Knex,
  state: string,
  transaction: SignInTransaction,
  expiresAt: Date,
): Promise<void> {
  await db('sign_in_transactions').insert({
    state_hash: hashState(state),
    nonce: transaction.nonce,
    code_verifier: transaction.codeVerifier,
    next_path: transaction.nextPath ?? null,
    expires_at: expiresAt,
  });
}

/** The transaction for `state`, removed as it is read; undefined when unknown, used or expired. */
export async function claimSignInTransaction(
  db: Knex,
  state: string,
  now: Date,
): Promise<SignInTransaction | undefined> {
  if (state.length > 200) return undefined;
  await db('sign_in_transactions').where('expires_at', '<=', now).delete();
  const rows: Array<{ nonce: string; code_verifier: string; next_path: string | null }> = await db(
    'sign_in_transactions',
  )
    .where({ state_hash: hashState(state) })
    .delete()
    .returning(['nonce', 'code_verifier', 'next_path']);
  const row = rows[0];
  return row
    ? { nonce: row.nonce, codeVerifier: row.code_verifier, ...(row.next_path ? { nextPath: row.next_path } : {}) }
    : undefined;
}
