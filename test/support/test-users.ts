// Staff users for tests that sign in but do not test password hashing. Production hashes with scrypt at
// N=2^15 (about 0.2 s a hash here); a harness that creates and signs in nine people paid 4 s of its
// 5 s boot for it. These users' hashes use N=2^10 instead. The stored hash names its parameters, so
// sign-in verifies it through the same code as any other; test/auth and test/db/directory keep the
// production cost.
import type { Knex } from 'knex';
import { createUser, hashPassword, type CreateUserInput, type UserRecord } from '../../db';

const TEST_HASH_PARAMS = { N: 1024, r: 8, p: 1 };
const hashes = new Map<string, Promise<string>>();

/** One hash per password per process: a salt shared between test users is harmless. */
function testHash(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) hashes.set(password, (hash = hashPassword(password, TEST_HASH_PARAMS)));
  return hash;
}

/** createUser, with the password (if any) stored at the test cost. */
export async function createTestUser(db: Knex, input: CreateUserInput): Promise<UserRecord> {
  const { password, ...rest } = input;
  const user = await createUser(db, rest);
  if (password !== undefined) {
    await db('users')
      .where({ id: user.id })
      .update({ password_hash: await testHash(password) });
  }
  return user;
}
