/** Staff accounts: scrypt-hashed passwords, roles, a home department and extra grants. */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { DbError, FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION, sqlState } from '../errors';
import { hashPassword, verifyPassword } from './passwords';
import { jsonb } from './db-values';

/** Reach beyond the user's own department and role defaults. */
export interface UserGrants {
  /** See every department's cases (program managers, auditors). */
  allDepartments?: boolean;
  /** Extra departments this user may see. */
  departments?: string[];
  /** May see personal-data fields unmasked. */
  personalData?: boolean;
  [key: string]: unknown;
}

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  roles: string[];
  departmentId: string | null;
  grants: UserGrants;
  active: boolean;
  hasPassword: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  password_hash: string | null;
  roles: string[];
  department_id: string | null;
  grants: UserGrants;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
}

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    roles: row.roles,
    departmentId: row.department_id,
    grants: row.grants,
    active: row.active,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
  };
}

export interface CreateUserInput {
  id?: string;
  username: string;
  displayName: string;
  email?: string;
  phone?: string;
  /** Omit for accounts that only act through API keys. */
  password?: string;
  roles: string[];
  departmentId?: string;
  grants?: UserGrants;
}

function translate(error: unknown, username?: string): never {
  if (sqlState(error) === UNIQUE_VIOLATION)
    throw new DbError('USERNAME_TAKEN', `username ${JSON.stringify(username)} is taken`, { username });
  if (sqlState(error) === FOREIGN_KEY_VIOLATION)
    throw new DbError('DEPARTMENT_NOT_FOUND', 'the department does not exist');
  throw error;
}

export async function createUser(db: Knex, input: CreateUserInput): Promise<UserRecord> {
  if (!/^[A-Za-z0-9._@-]{2,100}$/.test(input.username)) {
    throw new DbError('INVALID_INPUT', 'username must be 2-100 letters, digits or . _ @ -', {
      username: input.username,
    });
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  try {
    const [row] = (await db('users')
      .insert({
        id: input.id ?? randomUUID(),
        username: input.username,
        display_name: input.displayName,
        email: input.email ?? null,
        phone: input.phone ?? null,
        password_hash: passwordHash,
        roles: input.roles,
        department_id: input.departmentId ?? null,
        grants: jsonb(input.grants ?? {}),
      })
      .returning('*')) as UserRow[];
    return toUser(row);
  } catch (error) {
    return translate(error, input.username);
  }
}

export async function getUser(db: Knex, id: string): Promise<UserRecord | undefined> {
  const row = await db<UserRow>('users').where({ id }).first();
  return row ? toUser(row) : undefined;
}

export async function getUserByUsername(db: Knex, username: string): Promise<UserRecord | undefined> {
  const row = await db<UserRow>('users').whereRaw('lower(username) = lower(?)', [username]).first();
  return row ? toUser(row) : undefined;
}

/** Verifies as much work for an unknown user as for a known one, so response times do not reveal usernames. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(86);

/** The active user when the password matches; undefined otherwise (unknown, inactive or wrong password alike). */
export async function authenticateUser(db: Knex, username: string, password: string): Promise<UserRecord | undefined> {
  const row = await db<UserRow>('users').whereRaw('lower(username) = lower(?)', [username]).first();
  const valid = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !valid || !row.active || row.password_hash === null) return undefined;
  const [updated] = (await db('users')
    .where({ id: row.id })
    .update({ last_login_at: db.fn.now() })
    .returning('*')) as UserRow[];
  return toUser(updated);
}

export async function setUserPassword(db: Knex, id: string, password: string): Promise<void> {
  const count = await db('users')
    .where({ id })
    .update({ password_hash: await hashPassword(password), updated_at: db.fn.now() });
  if (count === 0) throw new DbError('USER_NOT_FOUND', `user ${id} not found`, { userId: id });
}

export interface UpdateUserInput {
  displayName?: string;
  email?: string | null;
  phone?: string | null;
  roles?: string[];
  departmentId?: string | null;
  grants?: UserGrants;
  active?: boolean;
}

export async function updateUser(db: Knex, id: string, patch: UpdateUserInput): Promise<UserRecord> {
  const columns: Record<string, unknown> = { updated_at: db.fn.now() };
  if (patch.displayName !== undefined) columns.display_name = patch.displayName;
  if (patch.email !== undefined) columns.email = patch.email;
  if (patch.phone !== undefined) columns.phone = patch.phone;
  if (patch.roles !== undefined) columns.roles = patch.roles;
  if (patch.departmentId !== undefined) columns.department_id = patch.departmentId;
  if (patch.grants !== undefined) columns.grants = jsonb(patch.grants);
  if (patch.active !== undefined) columns.active = patch.active;
  let rows: UserRow[];
  try {
    rows = (await db('users').where({ id }).update(columns).returning('*')) as UserRow[];
  } catch (error) {
    return translate(error);
  }
  if (rows.length === 0) throw new DbError('USER_NOT_FOUND', `user ${id} not found`, { userId: id });
  return toUser(rows[0]);
}

export interface UserFilter {
  departmentId?: string;
  /** Users holding this role. */
  role?: string;
  activeOnly?: boolean;
}

/** E.g. the supervisors of a department, for escalation notices. */
export async function listUsers(db: Knex, filter: UserFilter = {}): Promise<UserRecord[]> {
  const query = db<UserRow>('users').orderBy('username');
  if (filter.departmentId !== undefined) void query.where({ department_id: filter.departmentId });
  if (filter.role !== undefined) void query.whereRaw('? = any(roles)', [filter.role]);
  if (filter.activeOnly !== false) void query.where({ active: true });
  return (await query).map(toUser);
}
