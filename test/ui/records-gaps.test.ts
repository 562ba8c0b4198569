/**
 * Issue 14's records work on the staff pages and its privacy review, over HTTP on the real platform
 * (supertest, real Postgres and Temporal worker): the case page shows a legal hold (reason, who,
 * since) and a disposed case's tombstone; a records officer marks a document releasable from the
 * case page (audited); a search hold also keeps a case that came to match it after it was placed;
 * /audit and /records/export answer their own roles only; a CSV cell a spreadsheet would run is
 * neutralised; /performance.csv cannot be differenced back to a small month.
 */
import { appendAuditEntry } from '../../db';
import { createTestUser } from '../support/test-users';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import { parseCsv } from '../../scripts/analysis/la311-stats';
import { auth, PASSWORD, SERVICE_COMPLAINT, type ApiEnv } from '../api/support/api-harness';
import { jsonBody } from '../api/support/json-body';
import { seedCaseHistory } from '../support/seed-case-history';
import { csrfOf } from './support/csrf';
import { startWebEnv, signedInAgent } from './support/web-env';

const DAY = 86_400_000;
let env: ApiEnv;
let auditorToken = '';

beforeAll(async () => {
  env = await startWebEnv();
  await createTestUser(env.t.db, {
    username: 'ines',
    displayName: 'Ines Auditor',
    password: PASSWORD,
    roles: ['auditor'],
    departmentId: 'call-center',
  });
  auditorToken = jsonBody<{ token: string }>(
    await env.http.post('/api/v1/auth/login').send({ username: 'ines', password: PASSWORD }),
  ).token;
}, 120_000);
afterAll(async () => env?.close());

async function newCase(): Promise<{ id: string; trackingNumber: string }> {
  const created = await env.http
    .post('/api/v1/cases')
    .set(auth(env.tokens.clerk))
    .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
  expect(created.status).toBe(201);
  const body = jsonBody<{ case: { id: string }; trackingNumber: string }>(created);
  return { id: body.case.id, trackingNumber: body.trackingNumber };
}

/** A closed case of the read model whose three-year retention ran out long ago (written straight in, no workflow). */
async function closedLongAgo(): Promise<{ id: string; trackingNumber: string }> {
  const createdAt = new Date(Date.now() - 5 * 365 * DAY);
  const [id] = await seedCaseHistory(env.t.db, 'service-complaint', [
    {
      category: 'graffiti',
      createdAt,
      closedAt: new Date(createdAt.getTime() + DAY),
      personal: { residentName: 'Petra Later' },
    },
  ]);
  await env.t.db('cases').where({ id }).update({ retention_class: 'service-request' });
  const row = await env.t.db<{ id: string; tracking_number: string }>('cases').where({ id }).first('tracking_number');
  return { id, trackingNumber: row!.tracking_number };
}

type QueueItem = { caseId: string; held: boolean };
const queue = async () =>
  jsonBody<{ items: QueueItem[] }>(
    await env.http.get('/api/v1/records/disposition-queue').set(auth(env.tokens.auditor)),
  ).items;

describe('legal holds and disposal on the staff case page', () => {
  it('a search hold keeps a case that matches it only later; the case page names the hold, then shows the tombstone', async () => {
    const placedAt = new Date();
    const placed = await env.http
      .post('/api/v1/records/legal-holds')
      .set(auth(env.tokens.auditor))
      .send({ reason: 'Litigation: Doe v. City', search: { service: 'service-complaint', createdFrom: '2000-01-01' } });
    expect(placed.status).toBe(201);
    const hold = jsonBody<{ hold: { id: string; caseIds: string[] } }>(placed).hold;

    const later = await closedLongAgo();
    expect(hold.caseIds).not.toContain(later.id);
    expect((await queue()).find((item) => item.caseId === later.id)).toMatchObject({ held: true });
    const refused = await env.http
      .post('/api/v1/records/disposition-batches')
      .set(auth(env.tokens.auditor))
      .send({ caseIds: [later.id] });
    expect([refused.status, jsonBody<{ error: { code: string } }>(refused).error.code]).toEqual([
      409,
      'CASE_UNDER_LEGAL_HOLD',
    ]);

    const officer = await signedInAgent(env, 'auditor');
    const page = await officer.get(`/cases/${later.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Under legal hold');
    expect(page.text).toContain('Litigation: Doe v. City');
    expect(page.text).toContain('a search that matches this case');
    const placer = await env.t
      .db<{ id: string; display_name: string }>('users')
      .where({ id: env.userIds.auditor })
      .first('display_name');
    expect(page.text).toContain(`by ${placer!.display_name}`);
    expect(page.text).toContain(String(placedAt.getUTCFullYear()));
    expect(page.text).not.toContain('id="disposed-notice"');

    // Released: its record says so, though the case matched only after the hold was placed.
    expect(
      (
        await env.http
          .post(`/api/v1/records/legal-holds/${hold.id}/release`)
          .set(auth(env.tokens.auditor))
          .send({ reason: 'Settled' })
      ).status,
    ).toBe(200);
    const types = (await env.t.db('audit_entries').where({ case_id: later.id }).select('event_type')).map(
      (row: { event_type: string }) => row.event_type,
    );
    expect(types).toContain('legal-hold.released');
    expect((await queue()).find((item) => item.caseId === later.id)).toMatchObject({ held: false });
    expect((await officer.get(`/cases/${later.id}`)).text).not.toContain('Under legal hold');

    const approved = await env.http
      .post('/api/v1/records/disposition-batches')
      .set(auth(env.tokens.auditor))
      .send({ caseIds: [later.id] });
    expect(approved.status).toBe(201);
    const batchId = jsonBody<{ id: string }>(approved).id;
    for (;;) {
      const batch = jsonBody<{ batch: { status: string } }>(
        await env.http.get(`/api/v1/records/disposition-batches/${batchId}`).set(auth(env.tokens.auditor)),
      ).batch;
      if (batch.status === 'completed') break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const tombstone = await officer.get(`/cases/${later.id}`);
    expect(tombstone.status).toBe(200);
    expect(tombstone.text).toContain('id="disposed-notice"');
    expect(tombstone.text).toContain('retention class service-request');
    expect(tombstone.text).not.toContain('Petra Later');
  }, 120_000);

  it('a case hold shows on the page of anyone who may read the case', async () => {
    const subject = await newCase();
    expect(
      (
        await env.http
          .post('/api/v1/records/legal-holds')
          .set(auth(env.tokens.auditor))
          .send({ reason: 'Public-records request PRR-12', caseId: subject.id })
      ).status,
    ).toBe(201);
    const clerk = await signedInAgent(env, 'clerk');
    const page = await clerk.get(`/cases/${subject.id}`);
    expect(page.text).toContain('Public-records request PRR-12');
    expect(page.text).toContain('placed on this case');
  });
});

describe('marking a document releasable from the case page', () => {
  it('lets a records officer release and withhold it (audited), and refuses everyone else', async () => {
    const subject = await newCase();
    const doc = await env.civic.serviceDeps.documents.save({
      caseId: subject.id,
      filename: 'site-photo.txt',
      contentType: 'text/plain',
      content: Buffer.from('Photo notes'),
      uploadedBy: env.userIds.clerk,
    });
    const officer = await signedInAgent(env, 'auditor');
    const page = await officer.get(`/cases/${subject.id}`);
    expect(page.text).toContain('Withheld from public-records exports');
    expect(page.text).toContain('Mark site-photo.txt releasable');
    const token = csrfOf(page.text);

    const bad = await officer
      .post(`/cases/${subject.id}/documents/${doc.id}/releasable`)
      .type('form')
      .send({ _csrf: token, releasable: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose whether the document is released or withheld');

    const marked = await officer
      .post(`/cases/${subject.id}/documents/${doc.id}/releasable`)
      .type('form')
      .send({ _csrf: token, releasable: 'true' });
    expect([marked.status, marked.headers.location]).toEqual([303, `/cases/${subject.id}?done=releasable`]);
    const after = await officer.get(`/cases/${subject.id}?done=releasable`);
    expect(after.text).toContain('Released in public-records exports');
    expect(after.text).toContain('Withhold site-photo.txt');
    const entry = await env.t
      .db<{
        case_id: string;
        event_type: string;
        actor_id: string;
        details: { documentId: string; releasable: boolean };
      }>('audit_entries')
      .where({ case_id: subject.id, event_type: 'document-releasability-set' })
      .first('actor_id', 'details');
    expect(entry).toMatchObject({ actor_id: env.userIds.auditor, details: { documentId: doc.id, releasable: true } });

    // A document of another case is not found through this case's URL.
    const other = await newCase();
    expect(
      (
        await officer
          .post(`/cases/${other.id}/documents/${doc.id}/releasable`)
          .type('form')
          .send({ _csrf: token, releasable: 'false' })
      ).status,
    ).toBe(404);

    // Staff without records:export see the state but no form, and a post is refused.
    const clerk = await signedInAgent(env, 'clerk');
    const clerkPage = await clerk.get(`/cases/${subject.id}`);
    expect(clerkPage.text).toContain('Released in public-records exports');
    expect(clerkPage.text).not.toContain('Withhold site-photo.txt');
    expect(
      (
        await clerk
          .post(`/cases/${subject.id}/documents/${doc.id}/releasable`)
          .type('form')
          .send({ _csrf: csrfOf(clerkPage.text), releasable: 'false' })
      ).status,
    ).toBe(403);
    expect(
      await env.t.db<{ id: string; releasable: boolean }>('documents').where({ id: doc.id }).first('releasable'),
    ).toEqual({ releasable: true });
  });
});

describe('privacy and security review', () => {
  it('the /audit pages answer auditors only, before looking a tracking number up', async () => {
    const subject = await newCase();
    const clerk = await signedInAgent(env, 'clerk');
    const lookup = await clerk.get('/audit').query({ chain: subject.trackingNumber });
    expect(lookup.status).toBe(403);
    expect(lookup.headers.location).toBeUndefined();
    expect(lookup.text).not.toContain(subject.id);
    expect((await clerk.get('/audit/export')).status).toBe(403);
    const officer = await signedInAgent(env, 'auditor');
    expect((await officer.get('/audit')).status).toBe(403);
    const auditor = await signedInAgent(env, 'ines');
    const found = await auditor.get('/audit').query({ chain: subject.trackingNumber });
    expect([found.status, found.headers.location]).toEqual([302, `/audit/chains/${subject.id}`]);
  });

  it('the records pages answer records officers only', async () => {
    const clerk = await signedInAgent(env, 'clerk');
    for (const path of ['/records', '/records/holds', '/records/export'])
      expect([path, (await clerk.get(path)).status]).toEqual([path, 403]);
    const page = await (await signedInAgent(env, 'auditor')).get('/records/export');
    expect(page.status).toBe(200);
    const refused = await clerk
      .post('/records/export')
      .type('form')
      .send({ _csrf: csrfOf((await clerk.get('/work')).text), trackingNumbers: 'CF-2026-000001' });
    expect(refused.status).toBe(403);
  });

  it('neutralises CSV cells a spreadsheet would run, in the audit export', async () => {
    // Actor ids are the one free-text column; written straight in, as any future actor source might name one.
    for (const id of ['=HYPERLINK("http://evil.example","x")', '+SUM(1,2)', '-2+3', '@cmd', 'a;=1+1']) {
      await appendAuditEntry(env.t.db, {
        caseId: PLATFORM_AUDIT_STREAM,
        actor: { id, kind: 'staff' },
        occurredAt: new Date(),
        eventType: 'auth.login-failed',
        details: {},
        source: { channel: 'api' },
      });
    }
    const csv = await env.http.get('/api/v1/audit/exports').query({ kind: 'auth.' }).set(auth(auditorToken));
    expect(csv.status).toBe(200);
    const cells = parseCsv(csv.text.trimEnd()).flat();
    expect(cells).toEqual(
      expect.arrayContaining([`'=HYPERLINK("http://evil.example","x")`, "'+SUM(1,2)", "'-2+3", "'@cmd"]),
    );
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    // A ";" separates cells in some locales: such a cell is quoted, so it stays one cell there too.
    expect(csv.text).toContain('"a;=1+1"');
  });

  it('/performance.csv cannot be differenced back to small months', async () => {
    const base = Date.now() - 200 * DAY;
    // Streetlights: a service no other test here files, so these are its only requests.
    const cases = [
      ...Array.from({ length: 10 }, (_, i) => ({
        category: 'streetlight',
        councilDistrict: 4,
        createdAt: new Date(base + i * 60_000),
        closedAt: new Date(base + i * 60_000 + DAY),
      })),
      {
        category: 'streetlight',
        councilDistrict: 4,
        createdAt: new Date(base - 70 * DAY),
        closedAt: new Date(base - 69 * DAY),
      },
      {
        category: 'streetlight',
        councilDistrict: 4,
        createdAt: new Date(base - 140 * DAY),
        closedAt: new Date(base - 139 * DAY),
      },
    ];
    await seedCaseHistory(env.t.db, 'service-complaint', cases);
    const csv = await env.http.get('/performance.csv');
    expect(csv.status).toBe(200);
    const rows = parseCsv(csv.text.trimEnd())
      .slice(1)
      .filter((row) => /streetlight/i.test(row[0]));
    const months = rows.filter((row) => row[1] === 'month');
    expect(rows.find((row) => row[1] === 'all requests')?.[3]).toBe('12');
    expect(months).toHaveLength(3);
    // Before: the two single-request months withheld, the month of 10 shown, so 12 − 10 = 1 + 1 gave both away.
    const shown = months.filter((row) => row[3] !== 'withheld').reduce((sum, row) => sum + Number(row[3]), 0);
    expect(12 - shown).toBeGreaterThanOrEqual(5);
  });
});
