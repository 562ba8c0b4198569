/**
 * The audit trail. Appends for one case are serialised with a transaction-scoped advisory lock so the
 * chain never forks; a batch takes all its chains' locks and then reads their heads in one round trip and
 * inserts its entries in one statement; grouped single appends read the heads first and take the locks
 * in their insert, which the unique (case_id, seq) index refuses if another writer came in between; an
 * idempotency key makes a retried write return the first entry.
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
import { databaseKind } from '../connection';
import { DbError, sqlState } from '../errors';
import { auditEntryHash } from './audit-hash';
import { storableJson, storableOptionalText, type SqlCall } from './db-values';

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
  if (!input.actor || typeof input.actor.id !== 'string' || input.actor.id === '')
    problems.push('actor.id is required');
  if (!input.actor || !ACTOR_KINDS.includes(input.actor.kind))
    problems.push(`actor.kind must be one of ${ACTOR_KINDS.join(', ')}`);
  if (!(input.occurredAt instanceof Date) || Number.isNaN(input.occurredAt.getTime()))
    problems.push('occurredAt must be a valid Date');
  if (typeof input.eventType !== 'string' || input.eventType === '') problems.push('eventType is required');
  if (input.details === null || typeof input.details !== 'object' || Array.isArray(input.details))
    problems.push('details must be an object');
  if (input.idempotencyKey !== undefined && (typeof input.idempotencyKey !== 'string' || input.idempotencyKey === '')) {
    problems.push('idempotencyKey must be a non-empty string');
  }
  if (problems.length > 0)
    throw new DbError('INVALID_INPUT', `invalid audit entry: ${problems.join('; ')}`, { problems });
}

export interface AppendResult {
  entry: AuditEntry;
  /** False when an entry with the same idempotency key already existed (nothing was written). */
  inserted: boolean;
}

/** Text exactly as it will be stored, so the hash covers what the row holds. */
function storable(input: AuditEntryInput): AuditEntryInput {
  const text = storableOptionalText;
  const source = input.source
    ? { ip: text(input.source.ip), channel: text(input.source.channel), workflowId: text(input.source.workflowId) }
    : undefined;
  return {
    ...input,
    caseId: text(input.caseId),
    actor: input.actor ? { id: text(input.actor.id), kind: input.actor.kind } : input.actor,
    eventType: text(input.eventType),
    source,
    idempotencyKey: text(input.idempotencyKey),
  };
}

/** What a batch wrote (or found under its keys), and the value of the call run before its locks, if any. */
export interface Appended {
  first: unknown;
  results: AppendResult[];
}

interface HeadsAndExisting {
  heads: { case_id: string; seq: number; hash: string }[];
  existing: AuditRow[];
}

/** Most rows in one insert statement (13 parameters a row, well under Postgres's 65,535). */
const INSERT_CHUNK = 1000;

type NewRow = Omit<AuditRow, 'id' | 'recorded_at'>;

interface AppendPlan {
  /** The entries to insert, with their sequence and hash, in input order. */
  rows: NewRow[];
  /** Every input's result once `rows` are stored (the rows the insert returned, in any order). */
  finish(stored: readonly AuditRow[]): AppendResult[];
}

/**
 * What a batch inserts, given its chains' heads and the entries already holding its keys: each entry
 * gets the next sequence of its chain and the hash over the previous one; an entry whose key is stored
 * (or repeated earlier in the batch) answers that entry instead.
 */
function planAppend(inputs: readonly AuditEntryInput[], found: HeadsAndExisting): AppendPlan {
  const tips = new Map(found.heads.map((h) => [h.case_id, { sequence: Number(h.seq), prevHash: h.hash }]));
  const byKey = new Map<string, AppendResult>(
    found.existing.map((row) => [row.idempotency_key as string, { entry: toEntry(row), inserted: false }]),
  );
  const rows: NewRow[] = [];
  const written: { index: number; row: number }[] = [];
  const repeats: { index: number; key: string }[] = [];
  inputs.forEach((input, index) => {
    const key = input.idempotencyKey;
    if (key !== undefined && byKey.has(key)) {
      repeats.push({ index, key });
      return;
    }
    const tip = tips.get(input.caseId) ?? { sequence: 0, prevHash: GENESIS_HASH };
    const sequence = tip.sequence + 1;
    // Round-trip details through JSON so the hashed value is exactly what jsonb will store.
    const details = storableJson(input.details);
    const source = input.source ?? {};
    const hash = auditEntryHash({ ...input, details, source, sequence, prevHash: tip.prevHash });
    rows.push({
      case_id: input.caseId,
      seq: sequence,
      actor_id: input.actor.id,
      actor_kind: input.actor.kind,
      occurred_at: input.occurredAt,
      event_type: input.eventType,
      details,
      source_ip: source.ip ?? null,
      source_channel: source.channel ?? null,
      workflow_id: source.workflowId ?? null,
      idempotency_key: key ?? null,
      prev_hash: tip.prevHash,
      hash,
    });
    written.push({ index, row: rows.length - 1 });
    // A key repeated within the batch answers its first entry (filled in after the insert).
    if (key !== undefined) byKey.set(key, { entry: undefined as unknown as AuditEntry, inserted: true });
    tips.set(input.caseId, { sequence, prevHash: hash });
  });
  return {
    rows,
    finish(stored) {
      const bySequence = new Map(stored.map((row) => [`${Number(row.seq)}\u0000${row.case_id}`, row]));
      const results: AppendResult[] = new Array<AppendResult>(inputs.length);
      for (const { index, row } of written) {
        const entry = toEntry(bySequence.get(`${rows[row].seq}\u0000${rows[row].case_id}`) as AuditRow);
        results[index] = { entry, inserted: true };
        if (entry.idempotencyKey !== undefined) byKey.set(entry.idempotencyKey, { entry, inserted: false });
      }
      for (const { index, key } of repeats) results[index] = byKey.get(key) as AppendResult;
      return results;
    },
  };
}

/**
 * Appends entries (already validated and storable) of any number of chains in one transaction with a
 * fixed number of statements: one takes every chain's lock (in the given order) and then reads their
 * heads (audit_heads) and the entries already holding any of the keys (civicflow_audit_lock_heads,
 * migration 0027: a function, so the read takes its snapshot after the locks), one multi-row insert
 * writes the rest with their sequence and hashes computed here. `chains` must be sorted, so batches
 * never deadlock.
 */
async function appendChainsLocked(
  trx: Knex.Transaction,
  chains: readonly string[],
  inputs: readonly AuditEntryInput[],
  first: SqlCall | undefined,
): Promise<Appended> {
  const keys = keysOf(inputs);
  const lock = {
    sql: 'civicflow_audit_lock_heads(?, ?::text[], ?::text[])',
    bindings: [AUDIT_LOCK_CLASS, [...chains], keys],
  };
  // `first` in a subquery the optimiser keeps (offset 0): it has returned before the locks are asked for.
  const found = (await (first
    ? trx.raw(`select f.value as first, ${lock.sql} as found from (select ${first.sql} as value offset 0) as f`, [
        ...lock.bindings, // the placeholders in the order they appear in the text
        ...first.bindings,
      ])
    : trx.raw(`select null as first, ${lock.sql} as found`, lock.bindings))) as {
    rows: { first: unknown; found: HeadsAndExisting }[];
  };
  const plan = planAppend(inputs, found.rows[0].found);
  const stored: AuditRow[] = [];
  // No ON CONFLICT: under the locks only another chain could hold one of these keys, and then the
  // whole transaction must fail rather than leave a gap in a chain's sequence.
  for (let from = 0; from < plan.rows.length; from += INSERT_CHUNK) {
    // Bound as text (see db-values jsonb); the details are storable already.
    const chunk = plan.rows
      .slice(from, from + INSERT_CHUNK)
      .map((row) => ({ ...row, details: JSON.stringify(row.details) }));
    stored.push(
      ...(await trx<AuditRow>('audit_entries')
        .insert(chunk as unknown as AuditRow[])
        .returning('*')),
    );
  }
  return { first: found.rows[0].first, results: plan.finish(stored) };
}

const keysOf = (inputs: readonly AuditEntryInput[]): string[] => [
  ...new Set(inputs.map((e) => e.idempotencyKey).filter((key): key is string => key !== undefined)),
];

const NEW_ROW_COLUMNS = [
  'case_id',
  'seq',
  'actor_id',
  'actor_kind',
  'occurred_at',
  'event_type',
  'details',
  'source_ip',
  'source_channel',
  'workflow_id',
  'idempotency_key',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof NewRow)[];

/**
 * A group of appends (outside any transaction) in two statements and no transaction of their own: a
 * read of the heads and keys, then one insert that first takes the chains' locks. Undefined when
 * another writer appended to one of the chains (or stored one of the keys) in between: the unique
 * indexes on (case_id, seq) and the key refuse the whole insert, nothing is written, and the caller
 * tries again. Taking the locks in the insert keeps it from slipping between the head read and the
 * insert of a writer that holds them (a recorded step, a disposition), which therefore never fails.
 */
async function appendChainsOptimistically(
  db: Knex,
  chains: readonly string[],
  inputs: readonly AuditEntryInput[],
): Promise<AppendResult[] | undefined> {
  const found = (await db.raw(
    `select (select coalesce(json_agg(json_build_object('case_id', h.case_id, 'seq', h.seq, 'hash', h.hash)), '[]'::json)
               from audit_heads h where h.case_id = any(?::text[])) as heads,
            (select coalesce(json_agg(e), '[]'::json) from audit_entries e where e.idempotency_key = any(?::text[])) as existing`,
    [[...chains], keysOf(inputs)],
  )) as { rows: HeadsAndExisting[] };
  const plan = planAppend(inputs, found.rows[0]);
  if (plan.rows.length === 0) return plan.finish([]);
  const columns = NEW_ROW_COLUMNS.join(', ');
  try {
    // The scalar subquery runs once, before the first row is inserted: every lock is held by then.
    const inserted = (await db.raw(
      `with locks as (
         select pg_advisory_xact_lock(?, hashtext(u.chain)) from unnest(?::text[]) with ordinality as u(chain, n) order by u.n)
       insert into audit_entries (${columns})
       select ${columns} from jsonb_populate_recordset(null::audit_entries, ?::jsonb)
       where (select count(*) from locks) = ?
       returning *`,
      [AUDIT_LOCK_CLASS, [...chains], JSON.stringify(plan.rows), chains.length],
    )) as { rows: AuditRow[] };
    return plan.finish(inserted.rows);
  } catch (error) {
    if (sqlState(error) === '23505') return undefined;
    throw error;
  }
}

/** The entries validated and made storable, and their chains sorted: every writer takes locks in that order. */
function prepared(raw: readonly AuditEntryInput[]): { inputs: AuditEntryInput[]; chains: string[] } {
  for (const input of raw) validate(input);
  const inputs = raw.map(storable);
  return { inputs, chains: [...new Set(inputs.map((input) => input.caseId))].sort() };
}

/** Optimistic tries of a group before it takes the locks first, in a transaction (which cannot be overtaken). */
const OPTIMISTIC_TRIES = 3;

/** A group's appends: optimistically while no other writer overtakes it, then under the locks. */
async function appendGroupEntries(db: Knex, raw: readonly AuditEntryInput[]): Promise<AppendResult[]> {
  const { inputs, chains } = prepared(raw);
  if (inputs.length <= INSERT_CHUNK)
    for (let attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++) {
      const results = await appendChainsOptimistically(db, chains, inputs);
      if (results) return results;
    }
  return (await db.transaction((trx) => appendChainsLocked(trx, chains, inputs, undefined))).results;
}

/** Appends entries in one transaction: one statement for all chains' locks (taken in a fixed order, so batches never deadlock) and heads, and one insert. */
async function appendBatch(db: Knex, raw: readonly AuditEntryInput[], first?: SqlCall): Promise<Appended> {
  const { inputs, chains } = prepared(raw);
  const run = (trx: Knex.Transaction): Promise<Appended> => appendChainsLocked(trx, chains, inputs, first);
  return db.isTransaction ? run(db as Knex.Transaction) : db.transaction(run);
}

/**
 * Group commit for single appends on one connection pool: while an append is in flight, the entries
 * that arrive (for any chain) wait and go together in the next one: one head read and one insert
 * (appendGroupEntries) for all of them, so concurrent readers, of one case or of many, are not
 * serialised one commit each. A chain's entries are written in arrival order (a
 * chain is in at most one transaction at a time). Each caller still gets its answer only after its
 * entry is committed: an entry is never acknowledged and then lost. A grouped transaction that fails
 * with a database error is retried chain by chain, so one chain's failure is not its neighbours'.
 */
interface Waiting {
  caseId: string;
  input: AuditEntryInput;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}
interface GroupQueue {
  waiting: Waiting[];
  /** Chains in a transaction now. */
  busy: Set<string>;
  flushes: number;
  /** A pump is due on the next turn of the event loop. */
  scheduled: boolean;
  /** Transactions at once: one for the single-connection embedded store, two on a pool. */
  maxFlushes: number;
}
const queues = new WeakMap<Knex, GroupQueue>();

async function appendGroup(db: Knex, batch: readonly Waiting[]): Promise<void> {
  let results: AppendResult[];
  try {
    results = await appendGroupEntries(
      db,
      batch.map((w) => w.input),
    );
  } catch (error) {
    const chains = [...new Set(batch.map((w) => w.caseId))];
    // The database refused the batch's data (a constraint, a deadlock): rolled back for certain, so
    // each chain goes again on its own. A lost connection may have committed: that error stands.
    if (chains.length > 1 && /^(23|40)[0-9A-Z]{3}$/.test(sqlState(error) ?? '')) {
      await Promise.all(
        chains.map((chain) =>
          appendGroup(
            db,
            batch.filter((w) => w.caseId === chain),
          ),
        ),
      );
      return;
    }
    batch.forEach((w) => w.reject(error));
    return;
  }
  batch.forEach((w, i) => w.resolve(results[i]));
}

function pump(db: Knex, queue: GroupQueue): void {
  while (queue.flushes < queue.maxFlushes && queue.waiting.length > 0) {
    const taken = queue.waiting.filter((w) => !queue.busy.has(w.caseId));
    if (taken.length === 0) return;
    queue.waiting = queue.waiting.filter((w) => queue.busy.has(w.caseId));
    const chains = new Set(taken.map((w) => w.caseId));
    chains.forEach((chain) => queue.busy.add(chain));
    queue.flushes += 1;
    void appendGroup(db, taken).finally(() => {
      chains.forEach((chain) => queue.busy.delete(chain));
      queue.flushes -= 1;
      pump(db, queue);
    });
  }
}

/** Appends one entry to its case's chain (or returns the existing one for a repeated idempotency key). */
export async function appendAuditEntry(db: Knex, input: AuditEntryInput): Promise<AppendResult> {
  validate(input);
  // Inside a caller's transaction the entry belongs to that transaction: no grouping.
  if (db.isTransaction) return (await appendBatch(db, [input])).results[0];
  const queue = queues.get(db) ?? {
    waiting: [],
    busy: new Set<string>(),
    flushes: 0,
    scheduled: false,
    maxFlushes: databaseKind(db) === 'embedded' ? 1 : 2,
  };
  queues.set(db, queue);
  const caseId = storableOptionalText(input.caseId) as string;
  const answer = new Promise<AppendResult>((resolve, reject) => queue.waiting.push({ caseId, input, resolve, reject }));
  // On the embedded store, whose queries run on this thread, requests reach their append one at a
  // time unless the first entry waits one turn of the event loop: requests already received then
  // reach theirs and join it, instead of each committing (an fsync) alone. A pool groups by itself
  // while it waits for the server.
  if (databaseKind(db) !== 'embedded') pump(db, queue);
  else if (!queue.scheduled) {
    queue.scheduled = true;
    setImmediate(() => {
      queue.scheduled = false;
      pump(db, queue);
    });
  }
  return answer;
}

/** Appends several entries atomically, in order (they may belong to different cases). */
export async function appendAuditEntries(db: Knex, inputs: readonly AuditEntryInput[]): Promise<AppendResult[]> {
  return (await appendBatch(db, inputs)).results;
}

/**
 * Appends entries as {@link appendAuditEntries} does, with `first` (a function call, e.g. a case
 * projection) run in the same transaction and the same round trip as the chains' locks, and returned
 * before them: whatever row `first` locks is locked before the chains are.
 */
export async function appendAuditEntriesAfter(
  db: Knex,
  inputs: readonly AuditEntryInput[],
  first: SqlCall,
): Promise<Appended> {
  return appendBatch(db, inputs, first);
}

export interface ListAuditOptions {
  /** Return entries with a sequence greater than this (for paging a timeline). */
  afterSequence?: number;
  limit?: number;
  eventTypes?: readonly string[];
}

/** A case's timeline, oldest first. */
export async function listAuditEntries(
  db: Knex,
  caseId: string,
  options: ListAuditOptions = {},
): Promise<AuditEntry[]> {
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

  const broken = (link: {
    caseId: string;
    sequence: number;
    reason: BrokenReason;
    expected: string;
    actual: string;
  }): AuditChainVerification => ({
    ok: false,
    casesChecked,
    entriesChecked,
    brokenLink: link,
  });
  const checkHead = (chain: NonNullable<typeof current>): AuditChainVerification | undefined => {
    const head = heads.get(chain.caseId);
    if (!head || (Number(head.seq) === chain.lastSequence && head.hash === chain.lastHash)) return undefined;
    const reason = Number(head.seq) > chain.lastSequence ? 'missing-tail' : 'head-mismatch';
    return broken({
      caseId: chain.caseId,
      sequence: Number(head.seq),
      reason,
      expected: head.hash,
      actual: chain.lastHash,
    });
  };

  for (;;) {
    const query = db<AuditRow>('audit_entries')
      .orderBy([{ column: 'case_id' }, { column: 'seq' }])
      .limit(VERIFY_BATCH);
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
        return broken({
          ...link,
          reason: 'sequence-gap',
          expected: String(current.lastSequence + 1),
          actual: String(entry.sequence),
        });
      }
      if (entry.prevHash !== current.lastHash)
        return broken({ ...link, reason: 'prev-hash-mismatch', expected: current.lastHash, actual: entry.prevHash });
      const recomputed = auditEntryHash(entry);
      if (recomputed !== entry.hash)
        return broken({ ...link, reason: 'hash-mismatch', expected: recomputed, actual: entry.hash });
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
  const orphan = await orphans;
  if (orphan)
    return broken({
      caseId: orphan.case_id,
      sequence: Number(orphan.seq),
      reason: 'missing-tail',
      expected: orphan.hash,
      actual: GENESIS_HASH,
    });
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
  const query = db<AuditRow>('audit_entries')
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(search.limit ?? 100, 1), 5000));
  if (search.caseId !== undefined) void query.where({ case_id: search.caseId });
  if (search.actorIds !== undefined) void query.whereIn('actor_id', [...search.actorIds]);
  if (search.eventTypePrefix !== undefined)
    void query.whereRaw("event_type like ? escape '\\'", [
      `${search.eventTypePrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    ]);
  if (search.from !== undefined) void query.where('occurred_at', '>=', search.from);
  if (search.to !== undefined) void query.where('occurred_at', '<', search.to);
  if (search.beforeId !== undefined) void query.where('id', '<', search.beforeId);
  return (await query).map(toEntry);
}
