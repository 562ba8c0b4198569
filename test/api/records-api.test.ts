/**
 * The auditor's and the records officer's API against the real platform: only auditors read the
 * audit (records officers and admins are refused), the chain check names an altered entry, bad
 * search input is a 400 naming the field, holds on a search and their release are audited on each
 * case, disposal of a case not yet due is refused, and a public-records export releases a document
 * marked releasable and logs the one that is not. Answers are checked against the OpenAPI document.
 */
import JSZip from 'jszip';
import { createTestUser } from '../support/test-users';
import { auth, PASSWORD, SERVICE_COMPLAINT, startApiEnv, type ApiEnv } from './support/api-harness';
import { responseChecker, type ResponseChecker } from './support/openapi-check';

let env: ApiEnv;
let doc: ResponseChecker;
const token: Record<'ines' | 'rae', string> = { ines: '', rae: '' };

beforeAll(async () => {
  env = await startApiEnv();
  doc = responseChecker((await env.http.get('/api/v1/openapi.json')).body as Record<string, unknown>);
  await createTestUser(env.t.db, {
    username: 'ines',
    displayName: 'Ines Auditor',
    password: PASSWORD,
    roles: ['auditor'],
    departmentId: 'call-center',
  });
  await createTestUser(env.t.db, {
    username: 'rae',
    displayName: 'Rae Records',
    password: PASSWORD,
    roles: ['records-officer'],
    departmentId: 'call-center',
  });
  for (const name of ['ines', 'rae'] as const) {
    token[name] = (
      (await env.http.post('/api/v1/auth/login').send({ username: name, password: PASSWORD })).body as { token: string }
    ).token;
  }
}, 120_000);
afterAll(async () => {
  await env?.close();
});

async function newCase(data: Record<string, string> = {}): Promise<{ id: string; trackingNumber: string }> {
  const created = await env.http
    .post('/api/v1/cases')
    .set(auth(env.tokens.clerk))
    .send({ definitionId: 'service-complaint', data: { ...SERVICE_COMPLAINT, ...data } });
  expect(created.status).toBe(201);
  const body = created.body as { case: { id: string }; trackingNumber: string };
  return { id: body.case.id, trackingNumber: body.trackingNumber };
}

describe('the audit API', () => {
  it('answers auditors only', async () => {
    const subject = await newCase();
    for (const [who, bearer] of [
      ['records officer', token.rae],
      ['admin', env.tokens.admin],
      ['supervisor', env.tokens.supervisor],
    ] as const) {
      const refused = await env.http.get(`/api/v1/audit/chains/${subject.id}`).set(auth(bearer));
      expect([who, refused.status, (refused.body as { error: { code: string } }).error.code]).toEqual([
        who,
        403,
        'FORBIDDEN',
      ]);
    }
    const record = await env.http.get(`/api/v1/audit/chains/${subject.id}`).set(auth(token.ines));
    expect(record.status).toBe(200);
    doc.check('get', '/api/v1/audit/chains/{chain}', record);
    expect((record.body as { entries: { eventType: string }[] }).entries.map((e) => e.eventType)).toContain(
      'case-created',
    );
  });

  it('names the entry an altered row breaks', async () => {
    const subject = await newCase();
    const ok = await env.http.post('/api/v1/audit/verifications').set(auth(token.ines)).send({ chain: subject.id });
    doc.check('post', '/api/v1/audit/verifications', ok);
    expect(ok.body).toMatchObject({ ok: true });
    await env.t.db.transaction(async (trx) => {
      await trx.raw('alter table audit_entries disable trigger audit_entries_no_update_delete');
      await trx.raw(`update audit_entries set actor_id = 'someone-else' where case_id = ? and seq = 1`, [subject.id]);
      await trx.raw('alter table audit_entries enable trigger audit_entries_no_update_delete');
    });
    const broken = await env.http.post('/api/v1/audit/verifications').set(auth(token.ines)).send({ chain: subject.id });
    doc.check('post', '/api/v1/audit/verifications', broken);
    expect(broken.body).toMatchObject({
      ok: false,
      brokenLink: { caseId: subject.id, sequence: 1, reason: 'hash-mismatch' },
    });
  });

  it('searches by actor, kind and period, refuses bad input by field, and audits its CSV export', async () => {
    const found = await env.http
      .get('/api/v1/audit/entries')
      .query({ actor: 'rae', kind: 'auth.', from: '2000-01-01' })
      .set(auth(token.ines));
    doc.check('get', '/api/v1/audit/entries', found);
    const items = (found.body as { items: { eventType: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.eventType.startsWith('auth.'))).toBe(true);
    const bad = await env.http.get('/api/v1/audit/entries').query({ from: 'last tuesday' }).set(auth(token.ines));
    expect(bad.status).toBe(400);
    expect(
      (bad.body as { error: { details: { problems: { field: string }[] } } }).error.details.problems.map(
        (p) => p.field,
      ),
    ).toEqual(['from']);
    const csv = await env.http.get('/api/v1/audit/exports').query({ kind: 'auth.' }).set(auth(token.ines));
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[0]).toBe('id,chain,sequence,occurredAt,actorId,actorKind,eventType,channel,ip,hash');
    const exported = await env.t.db('audit_entries').where({ case_id: '_platform', event_type: 'audit.exported' });
    expect(exported).toHaveLength(1);
  });
});

describe('the records API', () => {
  it('holds every case a search matches, releases the hold, and audits both on each case', async () => {
    const [a, b] = [await newCase(), await newCase()];
    const missing = await env.http
      .post('/api/v1/records/legal-holds')
      .set(auth(token.rae))
      .send({ reason: '   ', search: { trackingNumbers: a.trackingNumber } });
    expect(missing.status).toBe(400);
    const placed = await env.http
      .post('/api/v1/records/legal-holds')
      .set(auth(token.rae))
      .send({ reason: 'Request PRR-7', search: { trackingNumbers: `${a.trackingNumber} ${b.trackingNumber}` } });
    doc.check('post', '/api/v1/records/legal-holds', placed);
    const hold = (placed.body as { hold: { id: string; caseIds: string[] } }).hold;
    expect(hold.caseIds).toEqual([a.id, b.id].sort());
    const released = await env.http
      .post(`/api/v1/records/legal-holds/${hold.id}/release`)
      .set(auth(token.rae))
      .send({ reason: 'Request answered' });
    doc.check('post', '/api/v1/records/legal-holds/{holdId}/release', released);
    expect(released.body).toMatchObject({ releaseReason: 'Request answered' });
    for (const subject of [a, b]) {
      const types = (await env.t.db('audit_entries').where({ case_id: subject.id }).select('event_type')).map(
        (row: { event_type: string }) => row.event_type,
      );
      expect(types).toEqual(expect.arrayContaining(['legal-hold.placed', 'legal-hold.released']));
    }
    expect(
      (
        await env.http
          .post('/api/v1/records/legal-holds/no-such-hold/release')
          .set(auth(token.rae))
          .send({ reason: 'x' })
      ).status,
    ).toBe(404);
  });

  it('refuses to dispose of a case that is not due', async () => {
    const open = await newCase();
    const refused = await env.http
      .post('/api/v1/records/disposition-batches')
      .set(auth(token.rae))
      .send({ caseIds: [open.id] });
    expect(refused.status).toBe(409);
    expect((refused.body as { error: { code: string } }).error.code).toBe('CASE_NOT_DUE_FOR_DISPOSAL');
    const queue = await env.http.get('/api/v1/records/disposition-queue').set(auth(token.rae));
    doc.check('get', '/api/v1/records/disposition-queue', queue);
    expect((await env.http.get('/api/v1/records/disposition-queue').set(auth(token.ines))).status).toBe(403);
  });

  it('exports a releasable document and logs the one that is not', async () => {
    const subject = await newCase({ residentName: 'Zed Zimmer' });
    const store = env.civic.serviceDeps.documents;
    const releasable = await store.save({
      caseId: subject.id,
      filename: 'crew-photo-notes.txt',
      contentType: 'text/plain',
      content: Buffer.from('Crew collected the items.'),
      uploadedBy: env.userIds.clerk,
    });
    const kept = await store.save({
      caseId: subject.id,
      filename: 'zed-id-card.txt',
      contentType: 'text/plain',
      content: Buffer.from('Zed Zimmer ID 1234'),
      uploadedBy: env.userIds.clerk,
    });
    expect(
      (
        await env.http
          .put(`/api/v1/records/documents/${releasable.id}/releasable`)
          .set(auth(token.rae))
          .send({ releasable: true })
      ).status,
    ).toBe(204);
    const response = await env.http
      .post('/api/v1/records/exports')
      .set(auth(token.rae))
      .send({ caseIds: [subject.id] })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    const zip = await JSZip.loadAsync(response.body as Buffer);
    const names = Object.keys(zip.files);
    expect(names).toContain(`documents/${releasable.id}-crew-photo-notes.txt`);
    expect(names.some((name) => name.includes(kept.id))).toBe(false);
    const log = JSON.parse(await zip.file('redaction-log.json')!.async('string')) as { item: string; reason: string }[];
    expect(log).toEqual(
      expect.arrayContaining([
        {
          trackingNumber: subject.trackingNumber,
          item: `document ${kept.id}`,
          kind: 'document',
          reason: 'not marked releasable',
        },
      ]),
    );
    expect(await zip.file('records.json')!.async('string')).not.toContain('Zed');
  });
});
