/**
 * Happy path through the API with the real worker, embedded server and Postgres: idempotent creation,
 * masked reads by another department, claim and act (rejected then accepted), timeline with audited
 * reads, the resident status page, worklists and reports; every JSON response checked against the
 * served OpenAPI document.
 */
import { countCases, listAuditEntries, verifyAuditChain } from '../../db';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import { auth, SERVICE_COMPLAINT, startApiEnv, type ApiEnv } from './support/api-harness';
import { responseChecker, type ResponseChecker } from './support/openapi-check';

let env: ApiEnv;
let doc: ResponseChecker;

beforeAll(async () => {
  env = await startApiEnv();
  const served = await env.http.get('/api/v1/openapi.json');
  expect(served.status).toBe(200);
  expect(served.body.openapi).toBe('3.1.0');
  doc = responseChecker(served.body);
}, 60_000);
afterAll(async () => env?.close());

describe('a service complaint through the API', () => {
  let caseId = '';
  let trackingNumber = '';
  let verificationCode = '';

  it('is created once however often the client retries with the same Idempotency-Key', async () => {
    const body = {
      definitionId: 'service-complaint',
      data: SERVICE_COMPLAINT,
      residentContact: { name: 'Ana Residente', email: 'ana@example.org' },
    };
    const first = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .set('Idempotency-Key', 'create-1')
      .send(body);
    doc.check('post', '/api/v1/cases', first);
    expect(first.status).toBe(201);
    caseId = first.body.case.id;
    trackingNumber = first.body.trackingNumber;
    verificationCode = first.body.verificationCode;
    expect(trackingNumber).toMatch(/^CF-\d{4}-\d+/);
    expect(first.body.case.currentSteps.map((s: { stepId: string }) => s.stepId)).toEqual(['triage']);

    const retry = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .set('Idempotency-Key', 'create-1')
      .send(body);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.case.id).toBe(caseId);
    expect(await countCases(env.t.db)).toBe(1);

    const reused = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .set('Idempotency-Key', 'create-1')
      .send({ ...body, priority: 'high' });
    doc.check('post', '/api/v1/cases', reused);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countCases(env.t.db)).toBe(1);
  });

  it('makes one case when two requests with the same key race', async () => {
    const before = await countCases(env.t.db);
    const body = { definitionId: 'service-complaint', data: { ...SERVICE_COMPLAINT, category: 'graffiti' } };
    const send = () =>
      env.http.post('/api/v1/cases').set(auth(env.tokens.clerk)).set('Idempotency-Key', 'race-1').send(body);
    const [a, b] = await Promise.all([send(), send()]);
    const statuses = [a.status, b.status].sort();
    // The loser either waited for the winner's answer (201, replayed) or was told the first is still running (409).
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    if (statuses[1] === 201) expect(a.body.case.id).toBe(b.body.case.id);
    expect(await countCases(env.t.db)).toBe(before + 1);
    const after = await send();
    expect(after.status).toBe(201);
    expect(after.body.case.id).toBe((a.status === 201 ? a : b).body.case.id);
  });

  it('shows the case to its department with personal data, hides it from another department', async () => {
    const mine = await env.http.get(`/api/v1/cases/${caseId}`).set(auth(env.tokens.clerk));
    doc.check('get', '/api/v1/cases/{caseId}', mine);
    expect(mine.status).toBe(200);
    expect(mine.body.data.residentName).toBe('Ana Residente');
    expect(mine.body.residentContact).toEqual({ name: 'Ana Residente', email: 'ana@example.org' });
    const other = await env.http.get(`/api/v1/cases/${caseId}`).set(auth(env.tokens.crew));
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('CASE_NOT_FOUND');
  });

  it('routes the case: accepted, and the crew now sees it with the resident masked', async () => {
    const offered = await env.http.get(`/api/v1/cases/${caseId}/available-actions`).set(auth(env.tokens.clerk));
    doc.check('get', '/api/v1/cases/{caseId}/available-actions', offered);
    expect(offered.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'action', step: 'triage', action: 'route' })]),
    );

    const routed = await env.http
      .post(`/api/v1/cases/${caseId}/actions`)
      .set(auth(env.tokens.clerk))
      .send({ step: 'triage', action: 'route' });
    doc.check('post', '/api/v1/cases/{caseId}/actions', routed);
    expect(routed.status).toBe(200);
    expect(routed.body.status).toBe('accepted');
    expect(routed.body.case.departmentId).toBe('sanitation');

    const crewView = await env.http.get(`/api/v1/cases/${caseId}`).set(auth(env.tokens.crew));
    doc.check('get', '/api/v1/cases/{caseId}', crewView);
    expect(crewView.status).toBe(200);
    expect(crewView.body.data.address).toBe(SERVICE_COMPLAINT.address);
    expect(crewView.body.data.residentName).toBe('***');
    expect(crewView.body.data.residentEmail).toBe('***');
    expect(crewView.body.residentContact).toBeNull();
    expect(crewView.body.maskedFields).toEqual(
      expect.arrayContaining(['residentName', 'residentEmail', 'residentContact']),
    );
  });

  it('lets the crew claim the task, then rejects completing it without a note and accepts it with one', async () => {
    const team = await env.http.get('/api/v1/worklists/team').set(auth(env.tokens.crew));
    doc.check('get', '/api/v1/worklists/{kind}', team);
    expect(team.body.items.map((i: { caseId: string }) => i.caseId)).toContain(caseId);

    const claimed = await env.http
      .post(`/api/v1/cases/${caseId}/claim`)
      .set(auth(env.tokens.crew))
      .send({ step: 'sanitation-field-work' });
    doc.check('post', '/api/v1/cases/{caseId}/claim', claimed);
    expect(claimed.status).toBe(200);
    const mine = await env.http.get('/api/v1/worklists/mine').set(auth(env.tokens.crew));
    expect(mine.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([caseId]);

    const commented = await env.http
      .post(`/api/v1/cases/${caseId}/comments`)
      .set(auth(env.tokens.crew))
      .send({ text: 'On site tomorrow <script>alert(1)</script>' });
    doc.check('post', '/api/v1/cases/{caseId}/comments', commented);
    expect(commented.status).toBe(200);

    const missing = await env.http
      .post(`/api/v1/cases/${caseId}/actions`)
      .set(auth(env.tokens.crew))
      .send({ step: 'sanitation-field-work', action: 'complete' });
    doc.check('post', '/api/v1/cases/{caseId}/actions', missing);
    expect(missing.status).toBe(409);
    expect(missing.body.error).toMatchObject({
      code: 'ACTION_REJECTED',
      details: { rejection: 'REQUIRED_FIELD_MISSING' },
    });

    const done = await env.http
      .post(`/api/v1/cases/${caseId}/actions`)
      .set(auth(env.tokens.crew))
      .set('Idempotency-Key', 'complete-1')
      .send({ step: 'sanitation-field-work', action: 'complete', data: { resolutionNote: 'Collected.' } });
    doc.check('post', '/api/v1/cases/{caseId}/actions', done);
    expect(done.status).toBe(200);
    // The same request again is the same event: the workflow does not apply it twice.
    const again = await env.http
      .post(`/api/v1/cases/${caseId}/actions`)
      .set(auth(env.tokens.crew))
      .set('Idempotency-Key', 'complete-1')
      .send({ step: 'sanitation-field-work', action: 'complete', data: { resolutionNote: 'Collected.' } });
    expect(again.body.eventId ?? again.body.error?.details?.eventId).toBe(done.body.eventId);
  });

  it('reaches the end, and lists it among closed cases for the auditor who sees every department', async () => {
    const view = await env.http.get(`/api/v1/cases/${caseId}`).set(auth(env.tokens.auditor));
    doc.check('get', '/api/v1/cases/{caseId}', view);
    expect(view.body.closedAt).not.toBeNull();
    expect(view.body.outcome).toBe('resolved');
    expect(view.body.data.residentName).toBe('Ana Residente');
    const list = await env.http
      .get('/api/v1/cases?status=closed,resolved,closed-resolved&sort=-created')
      .set(auth(env.tokens.auditor));
    doc.check('get', '/api/v1/cases', list);
    expect(list.status).toBe(200);
    const listedIds = (list.body.items as { id: string }[]).map((item) => item.id);
    expect(listedIds).toContain(caseId);
    // The list read is on the platform audit chain: who saw which cases, from where.
    const listings = (await listAuditEntries(env.t.db, PLATFORM_AUDIT_STREAM, { limit: 1000 })).filter(
      (e) => e.eventType === 'cases.listed' && e.actor.id === env.userIds.auditor,
    );
    expect(listings.length).toBeGreaterThan(0);
    const last = listings[listings.length - 1];
    expect(last.details.caseIds).toEqual(listedIds);
    expect(last.source.channel).toBe('api');
    expect(typeof last.source.ip).toBe('string');
  });

  it('records every staff read in the audit trail with who and from where', async () => {
    const timeline = await env.http.get(`/api/v1/cases/${caseId}/timeline`).set(auth(env.tokens.sanitationSupervisor));
    doc.check('get', '/api/v1/cases/{caseId}/timeline', timeline);
    expect(timeline.status).toBe(200);
    const reads = (await listAuditEntries(env.t.db, caseId, { limit: 1000 })).filter(
      (e) => e.eventType === 'case.read',
    );
    const readers = new Set(reads.map((e) => e.actor.id));
    expect(readers).toEqual(
      new Set([env.userIds.clerk, env.userIds.crew, env.userIds.auditor, env.userIds.sanitationSupervisor]),
    );
    expect(reads.every((e) => e.source.channel === 'api' && typeof e.source.ip === 'string')).toBe(true);
    expect(reads.map((e) => e.details.what)).toEqual(expect.arrayContaining(['case', 'timeline']));
  });

  it('audits concurrent reads and lists: every entry present once, every chain verifying', async () => {
    const created: string[] = [];
    for (let n = 0; n < 3; n++) {
      const answer = await env.http
        .post('/api/v1/cases')
        .set(auth(env.tokens.clerk))
        .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
      expect(answer.status).toBe(201);
      created.push(answer.body.case.id);
    }
    const reads = (id: string) =>
      listAuditEntries(env.t.db, id, { eventTypes: ['case.read'], limit: 5000 }).then(
        (entries) => entries.filter((e) => e.actor.id === env.userIds.clerk).length,
      );
    const listings = () =>
      listAuditEntries(env.t.db, PLATFORM_AUDIT_STREAM, { eventTypes: ['cases.listed'], limit: 5000 }).then(
        (entries) => entries.filter((e) => e.actor.id === env.userIds.clerk).length,
      );
    const before = { reads: await Promise.all(created.map(reads)), listings: await listings() };
    // 8 readers of each case and 6 lists, all in flight together.
    const answers = await Promise.all([
      ...Array.from({ length: 24 }, (_, n) =>
        env.http.get(`/api/v1/cases/${created[n % 3]}`).set(auth(env.tokens.clerk)),
      ),
      ...Array.from({ length: 6 }, () => env.http.get('/api/v1/cases?limit=5').set(auth(env.tokens.clerk))),
    ]);
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 30 }, () => 200));
    expect(await Promise.all(created.map(reads))).toEqual(before.reads.map((count) => count + 8));
    expect(await listings()).toBe(before.listings + 6);
    for (const chain of [...created, PLATFORM_AUDIT_STREAM])
      expect((await verifyAuditChain(env.t.db, chain)).ok).toBe(true);
  });

  it('shows the resident the status only, with the right code, and nothing for a wrong one', async () => {
    const status = await env.http.get(`/api/v1/public/cases/${trackingNumber}`).query({ code: verificationCode });
    doc.check('get', '/api/v1/public/cases/{trackingNumber}', status);
    expect(status.status).toBe(200);
    expect(status.body.open).toBe(false);
    const text = JSON.stringify(status.body);
    expect(text).not.toContain('Ana');
    expect(text).not.toContain('Vanowen');
    expect(text).not.toContain('script');
    expect(text).not.toContain(env.userIds.crew);
    const wrong = await env.http.get(`/api/v1/public/cases/${trackingNumber}`).query({ code: 'WRONG123' });
    doc.check('get', '/api/v1/public/cases/{trackingNumber}', wrong);
    expect(wrong.status).toBe(404);
  });

  it('reports SLA met, backlog and resolution time as JSON and CSV', async () => {
    for (const [path, template] of [
      ['/api/v1/reports/sla?groupBy=step', '/api/v1/reports/sla'],
      ['/api/v1/reports/backlog', '/api/v1/reports/backlog'],
      ['/api/v1/reports/resolution-time', '/api/v1/reports/resolution-time'],
    ]) {
      const json = await env.http.get(path).set(auth(env.tokens.manager));
      doc.check('get', template, json);
      expect(json.status).toBe(200);
    }
    const resolution = await env.http
      .get('/api/v1/reports/resolution-time?groupBy=definition')
      .set(auth(env.tokens.auditor));
    expect(resolution.body.rows).toEqual([expect.objectContaining({ definitionId: 'service-complaint', closed: 1 })]);
    const csv = await env.http.get('/api/v1/reports/sla?groupBy=step&format=csv').set(auth(env.tokens.auditor));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('definitionId,departmentId,stepId,total,met,percentMet');
    expect(csv.text).toContain('service-complaint');
  });

  it('answers health, readiness and metrics', async () => {
    const health = await env.http.get('/healthz');
    doc.check('get', '/healthz', health);
    const ready = await env.http.get('/readyz');
    doc.check('get', '/readyz', ready);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });
    const metrics = await env.http.get('/metrics');
    expect(metrics.text).toContain('civicflow_http_requests_total');
    expect(health.headers['x-request-id']).toBeTruthy();
    expect(health.headers['x-content-type-options']).toBe('nosniff');
  });
});
