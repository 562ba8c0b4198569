/** API keys for Open311 clients and integrations: shown once, stored as a hash, revocable. */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { DbError } from '../errors';
import { generateApiKey, hashApiKey } from './secrets';

export type ApiKeyOwnerKind = 'integration' | 'open311' | 'user';

export interface ApiKeyRecord {
  id: string;
  name: string;
  keyPrefix: string;
  ownerKind: ApiKeyOwnerKind;
  userId: string | null;
  departmentId: string | null;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  key_prefix: string;
  key_hash: string;
  owner_kind: ApiKeyOwnerKind;
  user_id: string | null;
  department_id: string | null;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

function toApiKey(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.key_prefix,
    ownerKind: row.owner_kind,
    userId: row.user_id,
    departmentId: row.department_id,
    scopes: row.scopes,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export interface CreateApiKeyInput {
  name: string;
  ownerKind?: ApiKeyOwnerKind;
  userId?: string;
  departmentId?: string;
  /** e.g. ['open311:write', 'cases:read']. */
  scopes?: string[];
}

/** Returns the plain key once; only its hash is kept. */
export async function createApiKey(db: Knex, input: CreateApiKeyInput): Promise<{ key: string; record: ApiKeyRecord }> {
  const { key, prefix } = generateApiKey();
  const [row] = (await db('api_keys')
    .insert({
      id: randomUUID(),
      name: input.name,
      key_prefix: prefix,
      key_hash: hashApiKey(key),
      owner_kind: input.ownerKind ?? 'integration',
      user_id: input.userId ?? null,
      department_id: input.departmentId ?? null,
      scopes: input.scopes ?? [],
    })
    .returning('*')) as ApiKeyRow[];
  return { key, record: toApiKey(row) };
}

/** The key's record when it exists and is not revoked; records its use. */
export async function authenticateApiKey(db: Knex, key: string): Promise<ApiKeyRecord | undefined> {
  if (key.length < 10 || key.length > 200) return undefined;
  const rows = (await db('api_keys')
    .where({ key_hash: hashApiKey(key) })
    .whereNull('revoked_at')
    .update({ last_used_at: db.fn.now() })
    .returning('*')) as ApiKeyRow[];
  return rows.length > 0 ? toApiKey(rows[0]) : undefined;
}

export async function revokeApiKey(db: Knex, id: string): Promise<void> {
  const count = await db('api_keys').where({ id }).update({ revoked_at: db.fn.now() });
  if (count === 0) throw new DbError('API_KEY_NOT_FOUND', `API key ${id} not found`, { apiKeyId: id });
}

export async function listApiKeys(db: Knex): Promise<ApiKeyRecord[]> {
  return ((await db('api_keys').orderBy('created_at')) as ApiKeyRow[]).map(toApiKey);
}
