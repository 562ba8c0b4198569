/**
 * Chaos: the real platform (scripts/start.ts: API, worker, embedded durable Temporal server) on a
 * fresh Postgres database, under a bounded load of creates with Idempotency-Keys and a few comments,
 * is killed with SIGKILL of its whole process group at seeded points three times and restarted on the
 * same data. The load client retries every request with its key until it gets an answer. Then:
 * every accepted create exists exactly once, with its answer's tracking number and a running
 * workflow; no case's timeline has a duplicate entry; no notice is in the outbox twice; every audit
 * chain verifies. Nothing here is timed: the figures are printed, the assertions are about data.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { EMBEDDED_STORE_SCHEMA } from '../../config/embedded-store';
import { canonicalJson, listAuditEntries, verifyAuditChain } from '../../db';
import type { JsonObject } from '../../domain/audit';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';
import { startSmtpTestServer, type SmtpTestServer } from '../notifications/support/smtp-test-server';
import { start, stop, type Started } from './support/start-process';
import { seededRandom } from '../support/seeded-random';
import { waitFor } from '../support/until';

jest.setTimeout(600_000);

const SEED = 0x9c0ffee;
const CREATES = 30;
const CONCURRENCY = 4;
const KILLS = 3;
const COMMENT_SHARE = 0.4;
const BENEFIT_SHARE = 0.35;

/**
 * How long the records written in the background may take after the load: an activity the last kill
 * took down with its worker (a step's record, a notice) is retried only once its 1-minute
 * start-to-close timeout has passed (workflows/case-workflow.ts), plus the retry's back-off.
 */
const BACKGROUND_RECORDS_MS = 150_000;

/** A client's pause before it tries again (the retry pacing of a real client, not a wait for a condition). */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Accepted {
  index: number;
  caseId: string;
  trackingNumber: string;
  verificationCode: string;
  description: string;
}

describe('kill -9 under load', () => {
  const random = seededRandom(SEED);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicflow-chaos-'));
  let t: TestDatabase | undefined;
  let platform: Started | undefined;
  let smtp: SmtpTestServer | undefined;

  afterAll(async () => {
    await smtp?.close();
    if (platform?.child.pid && platform.child.exitCode === null) process.kill(-platform.child.pid, 'SIGKILL');
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every accepted create exactly once, with a live workflow, and every record consistent', async () => {
    t = await createTestDatabase();
    // A real SMTP server in this process: it outlives every kill, so it sees every notice that went out.
    smtp = await startSmtpTestServer();
    const env = {
      DATABASE_URL: t.url,
      JWT_SECRET: 'chaos-test-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'error',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    };
    const boot = () => start(dataDir, env, { detached: true });
    platform = await boot();
    const agent = platform.logins.find((l) => l.username === 'agent')!;

    // The JWT secret is fixed, so one token serves every incarnation of the platform.
    const token = await waitFor(
      'the platform to sign the agent in',
      async () => {
        const login = await fetch(`${platform!.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: agent.username, password: agent.password }),
        });
        return login.status === 200 && ((await login.json()) as { token: string }).token;
      },
      120_000,
      200,
    );

    /** Requests the platform answered: the kill points count these. */
    let sent = 0;
    let kills = 0;
    let restarting = false;
    const figures = { createAttempts: 0, commentAttempts: 0, transportErrors: 0, status: {} as Record<string, number> };

    /** POSTs until an answer that is not "try again" (5xx, 409 in progress, no connection). */
    async function post(pathname: string, key: string, body: unknown): Promise<{ status: number; json: unknown }> {
      for (;;) {
        if (!restarting && platform) {
          try {
            const response = await fetch(`${platform.url}${pathname}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
              body: JSON.stringify(body),
              signal: AbortSignal.timeout(30_000),
            });
            const json: unknown = await response.json().catch(() => undefined);
            sent += 1;
            figures.status[response.status] = (figures.status[response.status] ?? 0) + 1;
            const code = (json as { error?: { code?: string } } | undefined)?.error?.code;
            if (response.status < 500 && code !== 'IDEMPOTENCY_IN_PROGRESS') return { status: response.status, json };
          } catch {
            figures.transportErrors += 1;
          }
        }
        await sleep(150);
      }
    }

    // The load: CREATES creates over CONCURRENCY clients; a share of the cases get one comment.
    // Benefit applications tell the applicant "received" by email (a notice in the outbox); complaints
    // stay with the agent's department, so some of them get a comment.
    const plan = Array.from({ length: CREATES }, (_, index) => {
      const benefit = random() < BENEFIT_SHARE;
      return { index, benefit, comment: !benefit && random() < COMMENT_SHARE };
    });
    const accepted: Accepted[] = [];
    const comments: { caseId: string; text: string }[] = [];
    let next = 0;
    const client = async () => {
      for (let item = plan[next++]; item; item = plan[next++]) {
        const description = `chaos ${SEED.toString(16)} request ${item.index}`;
        figures.createAttempts += 1;
        const created = await post(
          '/api/v1/cases',
          `chaos-create-${item.index}`,
          item.benefit
            ? {
                definitionId: 'benefit-application',
                data: {
                  applicantName: description,
                  householdSize: 1 + (item.index % 5),
                  applicantEmail: `applicant${item.index}@example.org`,
                },
              }
            : {
                definitionId: 'service-complaint',
                data: { category: 'graffiti', channel: 'call', description, address: `${100 + item.index} N Main St` },
              },
        );
        expect(created.status).toBe(201);
        const answer = created.json as { case: { id: string }; trackingNumber: string; verificationCode: string };
        accepted.push({
          index: item.index,
          caseId: answer.case.id,
          trackingNumber: answer.trackingNumber,
          verificationCode: answer.verificationCode,
          description,
        });
        if (item.comment) {
          const text = `comment on request ${item.index}`;
          figures.commentAttempts += 1;
          const commented = await post(`/api/v1/cases/${answer.case.id}/comments`, `chaos-comment-${item.index}`, {
            text,
          });
          expect(commented.status).toBe(200);
          comments.push({ caseId: answer.case.id, text });
        }
      }
    };

    // Kill points: after a seeded number of requests sent, spread over the load.
    const killAt = Array.from({ length: KILLS }, (_, i) =>
      Math.floor(((i + 0.3 + random() * 0.5) * CREATES * 1.3) / KILLS),
    );
    const chaos = async () => {
      for (const threshold of killAt) {
        await waitFor('the next kill point', () => sent >= threshold || accepted.length === plan.length, 600_000, 20);
        if (accepted.length === plan.length) return;
        restarting = true;
        const exited = new Promise((resolve) => platform!.child.once('exit', resolve));
        process.kill(-platform!.child.pid!, 'SIGKILL');
        await exited;
        kills += 1;
        platform = await boot();
        restarting = false;
      }
    };

    const killing = chaos();
    await Promise.all(Array.from({ length: CONCURRENCY }, () => client()));
    await killing;

    // --- what the database and the Temporal server hold now ---
    const db = t.db;
    // A create may be answered before its workflow's first step is recorded (a worker busy after a restart):
    // its row and its "case-created" entry land moments later.
    await waitFor(
      'every accepted case’s first step recorded',
      async () =>
        Number(
          (
            await db('cases')
              .whereIn(
                'id',
                accepted.map((a) => a.caseId),
              )
              .andWhere('projection_seq', '>', 0)
              .count({ n: '*' })
              .first()
          )?.n ?? 0,
        ) >= accepted.length,
      BACKGROUND_RECORDS_MS,
      100,
    );
    const rows = await db('cases').select<
      { id: string; tracking_number: string; case_data: { description?: string; applicantName?: string } }[]
    >('id', 'tracking_number', 'case_data');
    const byDescription = new Map<string, number>();
    for (const row of rows) {
      const description = row.case_data.description ?? row.case_data.applicantName ?? '';
      byDescription.set(description, (byDescription.get(description) ?? 0) + 1);
    }
    const found = accepted.filter((a) =>
      rows.some((r) => r.id === a.caseId && r.tracking_number === a.trackingNumber),
    ).length;
    const duplicated = [...byDescription.values()].filter((n) => n > 1).length;
    const connection = await Connection.connect({ address: platform.temporalAddress! });
    const temporal = new Client({ connection, namespace: 'default' });
    const running: string[] = [];
    for (const a of accepted) {
      const description = await temporal.workflow.getHandle(a.caseId).describe();
      if (description.status.name === 'RUNNING') running.push(a.caseId);
    }
    const workflowCount = { total: 0 };
    // Case workflows only: the periodic schedules (the outbox sweep) start workflows of their own.
    for await (const execution of temporal.workflow.list())
      if (execution.type === 'caseWorkflow') workflowCount.total += 1;
    await connection.close();

    let duplicateTimelineEntries = 0;
    const createdEntries: number[] = [];
    for (const a of accepted) {
      const entries = (await listAuditEntries(db, a.caseId, { limit: 5000 })).filter(
        (e) => e.eventType !== 'case.read',
      );
      const seen = new Set<string>();
      for (const entry of entries) {
        const identity = canonicalJson({
          type: entry.eventType,
          at: entry.occurredAt.toISOString(),
          details: entry.details,
        });
        if (seen.has(identity)) duplicateTimelineEntries += 1;
        seen.add(identity);
      }
      createdEntries.push(entries.filter((e) => e.eventType === 'case-created').length);
    }
    const commentEntries: number[] = [];
    for (const c of comments) {
      const entries = await listAuditEntries(db, c.caseId, { limit: 5000 });
      commentEntries.push(
        entries.filter(
          (e) =>
            e.eventType === 'comment-added' && (e.details.detail as { text?: unknown } | undefined)?.text === c.text,
        ).length,
      );
    }
    // Each benefit application's "received" notice is written by its workflow in the background.
    const benefits = plan.filter((p) => p.benefit).length;
    await waitFor(
      'every received notice in the outbox',
      async () => Number((await db('notifications').count({ n: '*' }).first())?.n ?? 0) >= benefits,
      BACKGROUND_RECORDS_MS,
      100,
    );
    // The outbox: one row per notice (the same notice twice would differ only in its key).
    const notices = await db('notifications').select<(JsonObject & { state: string })[]>(
      'case_id',
      'channel',
      'recipient',
      'template',
      'payload',
      'state',
    );
    const noticeKeys = notices.map(({ state: _state, ...notice }) => canonicalJson(notice));
    const duplicateNotices = noticeKeys.length - new Set(noticeKeys).size;
    const noticeStates = notices.reduce<Record<string, number>>(
      (counts, n) => ({ ...counts, [n.state]: (counts[n.state] ?? 0) + 1 }),
      {},
    );
    // What reached the mail server: the same message twice would be a notice sent twice.
    const mails = smtp.received.map((m) =>
      canonicalJson({ to: m.envelopeTo, subject: m.mail.subject ?? '', text: m.mail.text ?? '' }),
    );
    const duplicateMails = mails.length - new Set(mails).size;
    const chains = await verifyAuditChain(db);
    // With DATABASE_URL the embedded server keeps its workflows there too, and no PGlite of its own.
    const storedCaseRuns = await db(`${EMBEDDED_STORE_SCHEMA}.temporal_executions`)
      .where({ workflow_type: 'caseWorkflow' })
      .count({ n: '*' })
      .first();

    const resident = await fetch(
      `${platform.url}/api/v1/public/cases/${accepted[0].trackingNumber}?code=${accepted[0].verificationCode}`,
    );

    console.log(
      [
        `chaos (seed ${SEED.toString(16)}): ${kills} SIGKILLs of the platform's process group, after ${killAt.join('/')} answered requests`,
        `creates accepted ${accepted.length} / found ${found} / duplicated ${duplicated} (benefit applications ${benefits})`,
        `case rows ${rows.length}; workflows ${workflowCount.total}, running ${running.length}`,
        `comments ${comments.length}, recorded ${commentEntries.reduce((a, b) => a + b, 0)}; duplicate timeline entries ${duplicateTimelineEntries}`,
        `outbox notices ${notices.length} ${JSON.stringify(noticeStates)}, duplicated ${duplicateNotices}; emails received ${mails.length}, duplicated ${duplicateMails}`,
        `audit chains ${chains.ok ? `ok (${chains.casesChecked} chains, ${chains.entriesChecked} entries)` : `BROKEN ${JSON.stringify(chains)}`}`,
        `requests answered ${sent} (create attempts ${figures.createAttempts}, comment attempts ${figures.commentAttempts}, transport errors ${figures.transportErrors}, statuses ${JSON.stringify(figures.status)})`,
      ].join('\n'),
    );

    expect(kills).toBe(KILLS);
    expect(accepted).toHaveLength(CREATES);
    expect(found).toBe(CREATES);
    expect(duplicated).toBe(0);
    expect(rows).toHaveLength(CREATES);
    expect(workflowCount.total).toBe(CREATES);
    expect(running).toHaveLength(CREATES);
    expect(duplicateTimelineEntries).toBe(0);
    expect(createdEntries).toEqual(accepted.map(() => 1));
    expect(commentEntries).toEqual(comments.map(() => 1));
    expect(notices.length).toBeGreaterThanOrEqual(benefits);
    expect(duplicateNotices).toBe(0);
    expect(chains.ok).toBe(true);
    expect(resident.status).toBe(200);
    expect(Number(storedCaseRuns?.n)).toBeGreaterThanOrEqual(CREATES);
    expect(existsSync(path.join(dataDir, 'temporal'))).toBe(false);

    expect(await stop(platform.child)).toBe(0);
  });
});
