/**
 * Idempotent seeding of departments, roles and users for `npm start` and demos: running it again on
 * every start changes nothing that exists (passwords people changed stay changed).
 */
import type { Knex } from 'knex';
import { createApiKey, type ApiKeyRecord, type CreateApiKeyInput } from './api-keys.repository';
import { upsertDepartment, upsertRole } from './departments.repository';
import { createUser, getUserByUsername, type CreateUserInput } from './users.repository';

export interface DirectorySeed {
  departments?: { id: string; name: string; parentId?: string; email?: string; calendarId?: string }[];
  roles?: { id: string; name: string; description?: string }[];
  users?: CreateUserInput[];
}

export interface DirectorySeedResult {
  /** Usernames created by this run (the others already existed). */
  createdUsers: string[];
}

export async function seedDirectory(db: Knex, seed: DirectorySeed): Promise<DirectorySeedResult> {
  for (const department of seed.departments ?? []) await upsertDepartment(db, department);
  for (const role of seed.roles ?? []) await upsertRole(db, role);
  const createdUsers: string[] = [];
  for (const user of seed.users ?? []) {
    if (await getUserByUsername(db, user.username)) continue;
    await createUser(db, user);
    createdUsers.push(user.username);
  }
  return { createdUsers };
}

/**
 * Revokes every active key with this name and issues a fresh one. Keys are stored hashed, so a
 * process that must show a demo key at start-up makes a new one each time instead of reading it back.
 */
export async function rotateNamedApiKey(
  db: Knex,
  input: CreateApiKeyInput,
): Promise<{ key: string; record: ApiKeyRecord }> {
  return db.transaction(async (trx) => {
    await trx('api_keys').where({ name: input.name }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
    return createApiKey(trx, input);
  });
}
