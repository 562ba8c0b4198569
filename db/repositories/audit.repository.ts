/**
 * The audit trail. Appends for one case are serialised with a transaction-scoped advisory lock so the
 * chain never forks; an idempotency key makes a retried write return the first entry.
 */
import type { Knex } from 'knex';
import {
  ACTOR_KINDS,
  GENESIS_HASH,
  type AuditChainVerification,
  type AuditEntry,
  type AuditEntryInput,
  type AuditSource,
  type JsonObject,
} from '../../domain/audit';
import { DbError } from '../errors';
import { auditEntryHash } from './audit-hash';
import { jsonb, storableJson, storableOptionalText } from './db-values';

/** First key of the two-key advisory lock, so audit locks never collide with other advisory locks. */
const AUDIT_LOCK_CLASS = 0x41554454; // "AUDT"

interface AuditRow {
  id: number | string;
  case_id: string;
  seq: number;
  actor_id: string;
  actor_kind: AuditEntry['actor']['kind'];
  occurred_at: Date;
  recorded_at: Date;
  event_type: string;
  details: JsonObject;
  source_ip: string | null;
  source_channel: string | null;
  workflow_id: string | null;
  idempotency_key: string | null;
  prev_hash: string;
  hash: string;
}

function toEntry(row: AuditRow): AuditEntry {
  const source: AuditSource = {};
  if (row.source_ip !== null) source.ip = row.source_ip;
  if (row.source_channel !== null) source.channel = row.source_channel;
  if (row.workflow_id !== null) source.workflowId = row.workflow_id;
  const entry: AuditEntry = {
    id: Number(row.id),
    caseId: row.case_id,
    sequence: Number(row.seq),
    actor: { id: row.actor_id, kind: row.actor_kind },
    occurredAt: new Date(row.occurred_at),
    recordedAt: new Date(row.recorded_at),
    eventType: row.event_type,
    details: row.details,
    source,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  if (row.idempotency_key !== null) entry.idempotencyKey = row.idempotency_key;
  return entry;
}

function validate(input: AuditEntryInput): void {
  const problems: string[] = [];
  if (typeof input.caseId !== 'string' || input.caseId === '') problems.push('caseId is required');
  if (!input.actor || typeof input.actor.id !== 'string' || input.actor.id === '') problems.push('actor.id is required');
  if (!input.actor || !ACTOR_KINDS.includes(input.actor.kind)) problems.push(`actor.kind must be one of ${ACTOR_KINDS.join(', ')}`);
  if (!(input.occurredAt instanceof Date) || Number.isNaN(input.occurredAt.getTime())) problems.push('occurredAt must be a valid Date');
  if (typeof input.eventType !== 'string' || input.eventType === '') problems.push('eventType is required');
  if (input.details === null || typeof input.details !== 'object' || Array.isArray(input.details)) problems.push('details must be an object');
  if (input.idempotencyKey !== undefined && (typeof input.idempotencyKey !== 'string' || input.idempotencyKey === '')) {
    problems.push('idempotencyKey must be a non-empty string');
  }
  if (problems.length > 0) throw new DbError('INVALID_INPUT', `invalid audit entry: ${problems.join('; ')}`, { problems });
}

export interface AppendResult {
  entry: AuditEntry;
  /** False when an entry with the same idempotency key already existed (nothing was written). */
  inserted: boolean;
}

/** Text exactly as it will be stored, so the hash covers what the row holds. */
function storable(input: AuditEntryInput): AuditEntryInput {
  const text = storableOptionalText;
  const source = input.source ? { ip: text(input.source.ip), channel: text(input.source.channel), workflowId: text(input.source.workflowId) } : undefined;
  return {
    ...input,
    caseId: text(input.caseId),
    actor: input.actor ? { id: text(input.actor.id), kind: input.actor.kind } : input.actor,
    eventType: text(input.eventType),
    source,
    idempotencyKey: text(input.idempotencyKey),
  };
}

async function appendLocked(trx: Knex.Transaction, raw: AuditEntryInput): Promise<AppendResult> {
  validate(raw);
  const input = storable(raw);
  await trx.raw('select pg_advisory_xact_lock(?, hashtext(?))', [AUDIT_LOCK_CLASS, input.caseId]);
  // After the lock (a fresh statement, so a fresh snapshot): an entry already holding the key, and the chain's last entry.
  const found = (await trx.raw(
    `select 'existing' as found_as, e.* from audit_entries e where ?::text is not null and e.idempotency_key = ?::text
     union all
     (select 'last' as found_as, e.* from audit_entries e where e.case_id = ? order by e.seq desc limit 1)`,
    [input.idempotencyKey ?? null, input.idempotencyKey ?? null, input.caseId],
  )) as { rows: (AuditRow & { found_as: 'existing' | 'last' })[] };
  const existing = found.rows.find((row) => row.found_as === 'existing');
  if (existing) return { entry: toEntry(existing), inserted: false };
  const last = found.rows.find((row) => row.found_as === 'last');
  const sequence = last ? Number(last.seq) + 1 : 1;
  const prevHash = last ? last.hash : GENESIS_HASH;
  // Round-trip details through JSON so the hashed value is exactly what jsonb will store.
  const details = storableJson(input.details);
  const source = input.source ?? {};
  const hash = auditEntryHash({ ...input, details, source, sequence, prevHash });
  const inserted = await trx<AuditRow>('audit_entries')
    .insert({
      case_id: input.caseId,
      seq: sequence,
      actor_id: input.actor.id,
      actor_kind: input.actor.kind,
      occurred_at: input.occurredAt,
      event_type: input.eventType,
      details: jsonb(details) as unknown as JsonObject,
      source_ip: source.ip ?? null,
      source_channel: source.channel ?? null,
      workflow_id: source.workflowId ?? null,
      idempotency_key: input.idempotencyKey ?? null,
      prev_hash: prevHash,
      hash,
    })
    .onConflict('idempotency_key')
    .ignore()
    .returning('*');
  if (inserted.length > 0) return { entry: toEntry(inserted[0]), inserted: true };
  // Another transaction wrote the same key between our check and our insert.
  const winner = await trx<AuditRow>('audit_entries').where({ idempotency_key: input.idempotencyKey ?? null }).first();
  if (!winner) throw new Error('audit insert conflicted but no entry holds its idempotency key');
  return { entry: toEntry(winner), inserted: false };
}

/** Appends one entry to its case's chain (or returns the existing one for a repeated idempotency key). */
export async function appendAuditEntry(db: Knex, input: AuditEntryInput): Promise<AppendResult> {
  return db.transaction((trx) => appendLocked(trx, input));
}

/** Appends several entries atomically, in order (they may belong to different cases). */
export async function appendAuditEntries(db: Knex, inputs: readonly AuditEntryInput[]): Promise<AppendResult[]> {
  for (const input of inputs) validate(input);
  return db.transaction(async (trx) => {
    // Lock every chain up front in a fixed order, so two batches over the same cases cannot deadlock.
    for (const caseId of [...new Set(inputs.map((input) => storableOptionalText(input.caseId)))].sort()) {
      await trx.raw('select pg_advisory_xact_lock(?, hashtext(?))', [AUDIT_LOCK_CLASS, caseId]);
    }
    const results: AppendResult[] = [];
    for (const input of inputs) results.push(await appendLocked(trx, input));
    return results;
  });
}

export interface ListAuditOptions {
  /** Return entries with a sequence greater than this (for paging a timeline). */
  afterSequence?: number;
  limit?: number;
  eventTypes?: readonly string[];
}

/** A case's timeline, oldest first. */
export async function listAuditEntries(db: Knex, caseId: string, options: ListAuditOptions = {}): Promise<AuditEntry[]> {
  const query = db<AuditRow>('audit_entries')
    .where({ case_id: caseId })
    .andWhere('seq', '>', options.afterSequence ?? 0)
    .orderBy('seq', 'asc')
    .limit(Math.min(Math.max(options.limit ?? 500, 1), 5000));
  if (options.eventTypes && options.eventTypes.length > 0) void query.whereIn('event_type', [...options.eventTypes]);
  return (await query).map(toEntry);
}

export async function findAuditEntryByIdempotencyKey(db: Knex, key: string): Promise<AuditEntry | undefined> {
  const row = await db<AuditRow>('audit_entries').where({ idempotency_key: key }).first();
  return row ? toEntry(row) : undefined;
}

const VERIFY_BATCH = 1000;

type BrokenReason = Extract<AuditChainVerification, { ok: false }>['brokenLink']['reason'];

interface HeadRow {
  case_id: string;
  seq: number;
  hash: string;
}

/**
 * Recomputes every link of one case's chain, or of all chains, and reports the first that does not
 * hold: a sequence gap (an entry removed), a previous-hash mismatch (entries reordered or replaced),
 * a hash mismatch (an entry's content altered), or a chain that ends before its recorded head (the
 * newest entries removed). Entries are streamed in batches of {@link VERIFY_BATCH}.
 */
export async function verifyAuditChain(db: Knex, caseId?: string): Promise<AuditChainVerification> {
  let casesChecked = 0;
  let entriesChecked = 0;
  let current: { caseId: string; lastSequence: number; lastHash: string } | undefined;
  let cursor: { caseId: string; seq: number } | undefined;
  const heads = new Map<string, HeadRow>();

  const broken = (link: { caseId: string; sequence: number; reason: BrokenReason; expected: string; actual: string }): AuditChainVerification => ({
    ok: false,
    casesChecked,
    entriesChecked,
    brokenLink: link,
  });
  const checkHead = (chain: NonNullable<typeof current>): AuditChainVerification | undefined => {
    const head = heads.get(chain.caseId);
    if (!head || (Number(head.seq) === chain.lastSequence && head.hash === chain.lastHash)) return undefined;
    const reason = Number(head.seq) > chain.lastSequence ? 'missing-tail' : 'head-mismatch';
    return broken({ caseId: chain.caseId, sequence: Number(head.seq), reason, expected: head.hash, actual: chain.lastHash });
  };

  for (;;) {
    const query = db<AuditRow>('audit_entries').orderBy([{ column: 'case_id' }, { column: 'seq' }]).limit(VERIFY_BATCH);
    if (caseId !== undefined) void query.where({ case_id: caseId });
    if (cursor) void query.whereRaw('(case_id, seq) > (?, ?)', [cursor.caseId, cursor.seq]);
    const rows = await query;
    const unseen = [...new Set(rows.map((row) => row.case_id))].filter((id) => !heads.has(id));
    if (unseen.length > 0) {
      for (const head of await db<HeadRow>('audit_heads').whereIn('case_id', unseen)) heads.set(head.case_id, head);
    }
    for (const row of rows) {
      const entry = toEntry(row);
      if (entry.caseId !== current?.caseId) {
        if (current) {
          const headProblem = checkHead(current);
          if (headProblem) return headProblem;
        }
        current = { caseId: entry.caseId, lastSequence: 0, lastHash: GENESIS_HASH };
        casesChecked += 1;
      }
      entriesChecked += 1;
      const link = { caseId: entry.caseId, sequence: entry.sequence };
      if (entry.sequence !== current.lastSequence + 1) {
        return broken({ ...link, reason: 'sequence-gap', expected: String(current.lastSequence + 1), actual: String(entry.sequence) });
      }
      if (entry.prevHash !== current.lastHash) return broken({ ...link, reason: 'prev-hash-mismatch', expected: current.lastHash, actual: entry.prevHash });
      const recomputed = auditEntryHash(entry);
      if (recomputed !== entry.hash) return broken({ ...link, reason: 'hash-mismatch', expected: recomputed, actual: entry.hash });
      current.lastSequence = entry.sequence;
      current.lastHash = entry.hash;
    }
    if (rows.length < VERIFY_BATCH) break;
    const last = rows[rows.length - 1];
    cursor = { caseId: last.case_id, seq: Number(last.seq) };
  }
  if (current) {
    const headProblem = checkHead(current);
    if (headProblem) return headProblem;
  }
  // Chains whose every entry is gone still have a head.
  const orphans = db<HeadRow>('audit_heads')
    .whereNotExists(db('audit_entries').select(db.raw('1')).whereRaw('audit_entries.case_id = audit_heads.case_id'))
    .orderBy('case_id')
    .first();
  if (caseId !== undefined) void orphans.where({ case_id: caseId });
  const orphan = (await orphans);
  if (orphan) return broken({ caseId: orphan.case_id, sequence: Number(orphan.seq), reason: 'missing-tail', expected: orphan.hash, actual: GENESIS_HASH });
  return { ok: true, casesChecked, entriesChecked };
}

export interface AuditFeedOptions {
  /** Entries with an id greater than this (the last id the reader saw); 0 from the start. */
  afterId?: number;
  eventTypes?: readonly string[];
  caseIds?: readonly string[];
  /** Everything these actors did (records officers reviewing a user's activity). */
  actorIds?: readonly string[];
  from?: Date;
  to?: Date;
  limit?: number;
}

/** Entries across cases in insertion order, for change feeds (e.g. Open311 servicerequestupdates). */
export async function listAuditFeed(db: Knex, options: AuditFeedOptions = {}): Promise<AuditEntry[]> {
  const query = db<AuditRow>('audit_entries')
    .where('id', '>', options.afterId ?? 0)
    .orderBy('id')
    .limit(Math.min(Math.max(options.limit ?? 500, 1), 5000));
  if (options.eventTypes !== undefined) void query.whereIn('event_type', [...options.eventTypes]);
  if (options.caseIds !== undefined) void query.whereIn('case_id', [...options.caseIds]);
  if (options.actorIds !== undefined) void query.whereIn('actor_id', [...options.actorIds]);
  if (options.from !== undefined) void query.where('occurred_at', '>=', options.from);
  if (options.to !== undefined) void query.where('occurred_at', '<', options.to);
  return (await query).map(toEntry);
}

export interface AuditSearch {
  /** One chain (a case id, or PLATFORM_AUDIT_STREAM). */
  caseId?: string;
  actorIds?: readonly string[];
  /** Event types starting with this (e.g. `auth.` for sign-ins, or a full type). */
  eventTypePrefix?: string;
  from?: Date;
  to?: Date;
  /** Entries older than this id (paging newest first). */
  beforeId?: number;
  limit?: number;
}

/** An auditor's search across every chain, newest first. */
export async function searchAuditEntries(db: Knex, search: AuditSearch): Promise<AuditEntry[]> {
  const query = db<AuditRow>('audit_entries').orderBy('id', 'desc').limit(Math.min(Math.max(search.limit ?? 100, 1), 5000));
  if (search.caseId !== undefined) void query.where({ case_id: search.caseId });
  if (search.actorIds !== undefined) void query.whereIn('actor_id', [...search.actorIds]);
  if (search.eventTypePrefix !== undefined) void query.whereRaw("event_type like ? escape '\\'", [`${search.eventTypePrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
  if (search.from !== undefined) void query.where('occurred_at', '>=', search.from);
  if (search.to !== undefined) void query.where('occurred_at', '<', search.to);
  if (search.beforeId !== undefined) void query.where('id', '<', search.beforeId);
  return (await query).map(toEntry);
}
