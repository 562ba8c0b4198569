import type { AuditEntryInput } from '../../domain/audit';
import { GENESIS_HASH } from '../../domain/audit';
import {
  appendAuditEntries,
  appendAuditEntry,
  listAuditEntries,
  listAuditFeed,
  verifyAuditChain,
} from '../../db/repositories/audit.repository';
import { auditEntryHash } from '../../db/repositories/audit-hash';
import { untilAdvisoryLockWaited } from './support/lock-waits';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

function entry(caseId: string, n: number, extra: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    caseId,
    actor: { id: `user-${n % 3}`, kind: 'staff' },
    occurredAt: new Date(Date.UTC(2026, 0, 5, 9, 0, n)),
    eventType: 'step.completed',
    details: { step: `s${n}`, form: { amount: n * 1.5, notes: 'ok', nested: [1, { b: 2, a: 1 }] } },
    source: { ip: '10.0.0.1', channel: 'api', workflowId: caseId },
    ...extra,
  };
}

/** Runs statements with the append-only trigger disabled, as a superuser tampering by hand would. */
async function tamper(sql: string, bindings: readonly (string | number)[]): Promise<void> {
  await t.db.transaction(async (trx) => {
    await trx.raw('alter table audit_entries disable trigger audit_entries_no_update_delete');
    await trx.raw(sql, bindings);
    await trx.raw('alter table audit_entries enable trigger audit_entries_no_update_delete');
  });
}

describe('audit trail', () => {
  it('chains entries per case and verifies', async () => {
    for (let n = 1; n <= 5; n += 1) await appendAuditEntry(t.db, entry('case-a', n));
    await appendAuditEntry(t.db, entry('case-b', 1));
    const timeline = await listAuditEntries(t.db, 'case-a');
    expect(timeline.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(timeline[0].prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < timeline.length; i += 1) expect(timeline[i].prevHash).toBe(timeline[i - 1].hash);
    expect(timeline[2].details).toEqual({
      step: 's3',
      form: { amount: 4.5, notes: 'ok', nested: [1, { a: 1, b: 2 }] },
    });
    expect(timeline[0].source).toEqual({ ip: '10.0.0.1', channel: 'api', workflowId: 'case-a' });
    await expect(verifyAuditChain(t.db, 'case-a')).resolves.toEqual({ ok: true, casesChecked: 1, entriesChecked: 5 });
    const all = await verifyAuditChain(t.db);
    expect(all.ok).toBe(true);
  });

  it('writes one entry for a repeated idempotency key, also under concurrency', async () => {
    const input = entry('case-idem', 1, { idempotencyKey: 'case-idem:intake:1' });
    const first = await appendAuditEntry(t.db, input);
    const again = await appendAuditEntry(t.db, { ...input, details: { different: true } });
    expect(first.inserted).toBe(true);
    expect(again.inserted).toBe(false);
    expect(again.entry.hash).toBe(first.entry.hash);
    const racing = await Promise.all(
      Array.from({ length: 6 }, () =>
        appendAuditEntry(t.db, entry('case-idem', 2, { idempotencyKey: 'case-idem:review:2' })),
      ),
    );
    expect(racing.filter((r) => r.inserted)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.entry.hash)).size).toBe(1);
    const rows = await listAuditEntries(t.db, 'case-idem');
    expect(rows).toHaveLength(2);
  });

  it('never forks a chain under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, n) => appendAuditEntry(t.db, entry('case-race', n + 1))));
    const rows = await listAuditEntries(t.db, 'case-race');
    expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
    expect((await verifyAuditChain(t.db, 'case-race')).ok).toBe(true);
  });

  it('reads the head an append it waited for committed (the lock is taken before the head is read)', async () => {
    await appendAuditEntry(t.db, entry('case-wait', 1));
    const holder = await t.db.transaction();
    await appendAuditEntries(holder, [entry('case-wait', 2)]);
    // Outside a transaction: the append waits on the chain's lock, which the holder keeps until it commits.
    const waiting = appendAuditEntry(t.db, entry('case-wait', 3));
    await untilAdvisoryLockWaited(t.db);
    await holder.commit();
    expect((await waiting).entry.sequence).toBe(3);
    const rows = await listAuditEntries(t.db, 'case-wait');
    expect(rows.map((r) => r.sequence)).toEqual([1, 2, 3]);
    expect(rows[2].prevHash).toBe(rows[1].hash);
    expect(await verifyAuditChain(t.db, 'case-wait')).toEqual({ ok: true, casesChecked: 1, entriesChecked: 3 });
  });

  it('lets a writer holding a chain lock finish first: a grouped append waits on the lock, then follows', async () => {
    await appendAuditEntry(t.db, entry('case-holder', 1));
    const holder = await t.db.transaction();
    await appendAuditEntries(holder, [entry('case-holder', 2)]);
    // Reads head 1 and plans sequence 2; its insert must wait on the chain's lock, not slip in before
    // the holder's next append (which would then find its sequence taken).
    const grouped = appendAuditEntry(t.db, entry('case-holder', 4));
    await untilAdvisoryLockWaited(t.db);
    await appendAuditEntries(holder, [entry('case-holder', 3)]);
    await holder.commit();
    expect((await grouped).entry.sequence).toBe(4);
    const rows = await listAuditEntries(t.db, 'case-holder');
    expect(rows.map((r) => r.details.step)).toEqual(['s1', 's2', 's3', 's4']);
    expect(await verifyAuditChain(t.db, 'case-holder')).toEqual({ ok: true, casesChecked: 1, entriesChecked: 4 });
  });

  it('groups concurrent single appends to one chain into shared transactions, and loses none', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        appendAuditEntry(t.db, entry('case-group', n + 1, { idempotencyKey: `case-group:${n % 25}` })),
      ),
    );
    // 25 distinct keys: five callers repeat a key and get the first entry back.
    expect(results.filter((r) => r.inserted)).toHaveLength(25);
    for (let n = 25; n < 30; n++) expect(results[n].entry.hash).toBe(results[n - 25].entry.hash);
    const rows = await listAuditEntries(t.db, 'case-group');
    expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 25 }, (_, n) => n + 1));
    // Entries of one transaction share its recordedAt (now()): fewer transactions than entries.
    expect(new Set(rows.map((r) => r.recordedAt.getTime())).size).toBeLessThan(25);
    expect((await verifyAuditChain(t.db, 'case-group')).ok).toBe(true);
  });

  it('groups concurrent single appends to many chains into shared transactions, each chain in arrival order', async () => {
    const chains = Array.from({ length: 6 }, (_, c) => `case-many-${c}`);
    // Fired without waiting, as concurrent readers of six cases do.
    const results = await Promise.all(
      Array.from({ length: 36 }, (_, n) => appendAuditEntry(t.db, entry(chains[n % 6], n + 1))),
    );
    expect(results.every((r) => r.inserted)).toBe(true);
    const recorded = new Set<number>();
    for (const [c, chain] of chains.entries()) {
      const rows = await listAuditEntries(t.db, chain);
      expect(rows.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(rows.map((r) => r.details.step)).toEqual([1, 2, 3, 4, 5, 6].map((k) => `s${c + 1 + (k - 1) * 6}`));
      rows.forEach((r) => recorded.add(r.recordedAt.getTime()));
      expect((await verifyAuditChain(t.db, chain)).ok).toBe(true);
    }
    // Entries of one transaction share its recordedAt (now()): far fewer transactions than entries.
    expect(recorded.size).toBeLessThan(12);
  });

  it('isolates a chain whose append fails from the chains grouped with it', async () => {
    // A chain whose head row is missing (its one entry written with the head trigger off): the next
    // sequence the append computes is taken, so its insert fails.
    const stray = {
      caseId: 'case-headless',
      sequence: 1,
      actor: { id: 'x', kind: 'staff' as const },
      occurredAt: new Date('2026-01-05T09:00:00Z'),
      eventType: 'x',
      details: {},
      source: {},
      prevHash: GENESIS_HASH,
    };
    await t.db.transaction(async (trx) => {
      await trx.raw('alter table audit_entries disable trigger audit_entries_advance_head');
      await trx('audit_entries').insert({
        case_id: stray.caseId,
        seq: stray.sequence,
        actor_id: stray.actor.id,
        actor_kind: stray.actor.kind,
        occurred_at: stray.occurredAt,
        event_type: stray.eventType,
        details: {},
        prev_hash: stray.prevHash,
        hash: auditEntryHash(stray),
      });
      await trx.raw('alter table audit_entries enable trigger audit_entries_advance_head');
    });
    const outcomes = await Promise.allSettled(
      ['case-iso-a', 'case-headless', 'case-iso-b', 'case-iso-c'].map((chain, n) =>
        appendAuditEntry(t.db, entry(chain, n + 1)),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    for (const chain of ['case-iso-a', 'case-iso-b', 'case-iso-c']) {
      expect(await listAuditEntries(t.db, chain)).toHaveLength(1);
      expect((await verifyAuditChain(t.db, chain)).ok).toBe(true);
    }
  });

  it('appends a batch atomically', async () => {
    const results = await appendAuditEntries(t.db, [
      entry('case-batch', 1),
      entry('case-batch', 2),
      entry('case-batch-2', 1),
    ]);
    expect(results.map((r) => [r.entry.caseId, r.entry.sequence])).toEqual([
      ['case-batch', 1],
      ['case-batch', 2],
      ['case-batch-2', 1],
    ]);
    await expect(
      appendAuditEntries(t.db, [
        entry('case-batch', 3),
        { ...entry('case-batch', 4), actor: { id: 'x', kind: 'robot' as never } },
      ]),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await listAuditEntries(t.db, 'case-batch')).toHaveLength(2);
  });

  it('stores hostile strings Postgres cannot hold and still verifies', async () => {
    const hostile = 'a\u0000b\ud800c';
    const { entry: written } = await appendAuditEntry(
      t.db,
      entry('case-hostile', 1, {
        eventType: `comment.added${hostile}`,
        details: {
          [hostile]: [hostile, { nested: hostile }],
          when: new Date('2026-01-01T00:00:00Z') as never,
          skip: undefined as never,
        },
        source: { ip: hostile },
        idempotencyKey: `k${hostile}`,
      }),
    );
    expect(written.details).toEqual({
      'a\ufffdb\ufffdc': ['a\ufffdb\ufffdc', { nested: 'a\ufffdb\ufffdc' }],
      when: '2026-01-01T00:00:00.000Z',
    });
    expect(written.eventType).toBe('comment.addeda\ufffdb\ufffdc');
    expect((await appendAuditEntry(t.db, entry('case-hostile', 2, { idempotencyKey: `k${hostile}` }))).inserted).toBe(
      false,
    );
    expect((await verifyAuditChain(t.db, 'case-hostile')).ok).toBe(true);
  });

  it('runs opposite-order batches over the same cases concurrently without deadlock', async () => {
    const batches = Array.from({ length: 8 }, (_, n) =>
      n % 2 === 0 ? [entry('dl-a', n), entry('dl-b', n)] : [entry('dl-b', n), entry('dl-a', n)],
    );
    await Promise.all(batches.map((batch) => appendAuditEntries(t.db, batch)));
    expect(await listAuditEntries(t.db, 'dl-a')).toHaveLength(8);
    expect((await verifyAuditChain(t.db, 'dl-b')).ok).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await appendAuditEntry(t.db, entry('case-locked', 1));
    await expect(t.db('audit_entries').where({ case_id: 'case-locked' }).update({ event_type: 'x' })).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db('audit_entries').where({ case_id: 'case-locked' }).delete()).rejects.toThrow(/append-only/);
    await expect(t.db.raw('truncate audit_entries')).rejects.toThrow(/append-only/);
    expect(await listAuditEntries(t.db, 'case-locked')).toHaveLength(1);
  });

  it('reports the exact link after a row is altered by hand', async () => {
    for (let n = 1; n <= 6; n += 1) await appendAuditEntry(t.db, entry('case-tamper', n));
    await tamper(
      `update audit_entries set details = jsonb_set(details, '{form,amount}', '1000000') where case_id = ? and seq = ?`,
      ['case-tamper', 4],
    );
    const result = await verifyAuditChain(t.db, 'case-tamper');
    const stored = (await listAuditEntries(t.db, 'case-tamper'))[3];
    expect(result).toMatchObject({
      ok: false,
      brokenLink: { caseId: 'case-tamper', sequence: 4, reason: 'hash-mismatch', actual: stored.hash },
    });
    if (!result.ok) expect(result.brokenLink.expected).not.toBe(stored.hash);
    // The whole-database check finds the same link.
    const all = await verifyAuditChain(t.db);
    expect(all).toMatchObject({ ok: false, brokenLink: { caseId: 'case-tamper', sequence: 4 } });
  });

  it('reports the newest entries cut off, even a whole chain', async () => {
    for (let n = 1; n <= 4; n += 1) await appendAuditEntry(t.db, entry('case-tail', n));
    const before = await listAuditEntries(t.db, 'case-tail');
    await tamper('delete from audit_entries where case_id = ? and seq >= ?', ['case-tail', 3]);
    await expect(verifyAuditChain(t.db, 'case-tail')).resolves.toMatchObject({
      ok: false,
      brokenLink: {
        caseId: 'case-tail',
        sequence: 4,
        reason: 'missing-tail',
        expected: before[3].hash,
        actual: before[1].hash,
      },
    });

    await appendAuditEntry(t.db, entry('case-gone', 1));
    await tamper('delete from audit_entries where case_id = ?', ['case-gone']);
    await expect(verifyAuditChain(t.db, 'case-gone')).resolves.toMatchObject({
      ok: false,
      brokenLink: { caseId: 'case-gone', sequence: 1, reason: 'missing-tail' },
    });

    // The heads themselves only move forward.
    await expect(t.db('audit_heads').where({ case_id: 'case-gone' }).delete()).rejects.toThrow(/only move forward/);
    await expect(t.db('audit_heads').where({ case_id: 'case-gone' }).update({ seq: 0 })).rejects.toThrow(
      /only move forward/,
    );
  });

  it('serves a feed across cases in insertion order', async () => {
    await appendAuditEntry(t.db, entry('feed-a', 1, { eventType: 'status.changed' }));
    const marker = (await listAuditEntries(t.db, 'feed-a'))[0].id;
    await appendAuditEntry(t.db, entry('feed-b', 1, { eventType: 'comment.added' }));
    await appendAuditEntry(t.db, entry('feed-b', 2, { eventType: 'status.changed' }));
    await appendAuditEntry(t.db, entry('feed-a', 2, { eventType: 'status.changed' }));
    const feed = await listAuditFeed(t.db, { afterId: marker, eventTypes: ['status.changed'] });
    expect(feed.map((e) => [e.caseId, e.sequence])).toEqual([
      ['feed-b', 2],
      ['feed-a', 2],
    ]);
    const byActor = await listAuditFeed(t.db, { afterId: marker, actorIds: ['user-1'] });
    expect(byActor.map((e) => [e.caseId, e.sequence])).toEqual([['feed-b', 1]]);
  });

  it('reports a removed entry and a rewritten hash', async () => {
    for (let n = 1; n <= 4; n += 1) await appendAuditEntry(t.db, entry('case-gap', n));
    await tamper('delete from audit_entries where case_id = ? and seq = ?', ['case-gap', 2]);
    await expect(verifyAuditChain(t.db, 'case-gap')).resolves.toMatchObject({
      ok: false,
      brokenLink: { sequence: 3, reason: 'sequence-gap', expected: '2', actual: '3' },
    });

    // Rewriting an entry and recomputing its own hash still breaks the next link.
    for (let n = 1; n <= 3; n += 1) await appendAuditEntry(t.db, entry('case-rehash', n));
    const before = await listAuditEntries(t.db, 'case-rehash');
    await tamper("update audit_entries set hash = repeat('a', 64) where case_id = ? and seq = ?", ['case-rehash', 2]);
    const result = await verifyAuditChain(t.db, 'case-rehash');
    expect(result).toMatchObject({
      ok: false,
      brokenLink: { sequence: 2, reason: 'hash-mismatch', expected: before[1].hash, actual: 'a'.repeat(64) },
    });
  });
});
