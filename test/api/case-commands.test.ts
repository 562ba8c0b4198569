/**
 * The other case commands through the API, against the real workflow: the statutory clock (pause,
 * resume, extend, the extension limit), assign and reassign by a supervisor, release, documents
 * (upload, list, download audited), withdrawal, reopening, and the overdue views judged at the app's clock.
 */
import { listAuditEntries } from '../../db';
import { buildApp } from '../../api/create-app';
import { silentLogger } from '../../api/logger';
import request from 'supertest';
import { auth, PASSWORD, SERVICE_COMPLAINT, startApiEnv, type ApiEnv } from './support/api-harness';
import { responseChecker, type ResponseChecker } from './support/openapi-check';
import { NEW_HOME_PERMIT_APPLICATION } from '../fixtures/building-permit-application';

let env: ApiEnv;
let doc: ResponseChecker;

beforeAll(async () => {
  env = await startApiEnv();
  doc = responseChecker((await env.http.get('/api/v1/openapi.json')).body);
}, 60_000);
afterAll(async () => env?.close());

async function startPermit(): Promise<{ id: string; statutoryDueAt: string }> {
  const response = await env.http
    .post('/api/v1/cases')
    .set(auth(env.tokens.permitClerk))
    .send({ definitionId: 'building-permit', data: NEW_HOME_PERMIT_APPLICATION });
  expect(response.status).toBe(201);
  return response.body.case;
}

describe('case commands', () => {
  it('pauses, resumes and extends the statutory clock; a second extension is refused with the reason', async () => {
    const permit = await startPermit();
    expect(permit.statutoryDueAt).not.toBeNull();
    const clerkTries = await env.http
      .post(`/api/v1/cases/${permit.id}/clock/pause`)
      .set(auth(env.tokens.permitClerk))
      .send({ reason: 'awaiting-applicant' });
    expect(clerkTries.status).toBe(403);

    const paused = await env.http
      .post(`/api/v1/cases/${permit.id}/clock/pause`)
      .set(auth(env.tokens.permitSupervisor))
      .send({ reason: 'awaiting-applicant' });
    doc.check('post', '/api/v1/cases/{caseId}/clock/pause', paused);
    expect(paused.status).toBe(200);
    expect(paused.body.case.statutoryClockPaused).toBe(true);
    const unknownReason = await env.http
      .post(`/api/v1/cases/${permit.id}/clock/pause`)
      .set(auth(env.tokens.permitSupervisor))
      .send({ reason: 'lunch' });
    expect(unknownReason.status).toBe(409);
    const resumed = await env.http
      .post(`/api/v1/cases/${permit.id}/clock/resume`)
      .set(auth(env.tokens.permitSupervisor));
    doc.check('post', '/api/v1/cases/{caseId}/clock/resume', resumed);
    expect(resumed.body.case.statutoryClockPaused).toBe(false);

    const before = resumed.body.case.statutoryDueAt as string;
    const extended = await env.http
      .post(`/api/v1/cases/${permit.id}/clock/extend`)
      .set(auth(env.tokens.permitSupervisor))
      .send({ by: '10 working days', reason: 'complex-project' });
    doc.check('post', '/api/v1/cases/{caseId}/clock/extend', extended);
    expect(extended.status).toBe(200);
    expect(Date.parse(extended.body.case.statutoryDueAt)).toBeGreaterThan(Date.parse(before));
    const second = await env.http
      .post(`/api/v1/cases/${permit.id}/clock/extend`)
      .set(auth(env.tokens.permitSupervisor))
      .send({ by: '5 working days', reason: 'complex-project' });
    doc.check('post', '/api/v1/cases/{caseId}/clock/extend', second);
    expect(second.status).toBe(409);
    expect(second.body.error.details.rejection).toBe('EXTENSION_LIMIT');
  });

  it('lets a supervisor assign and reassign a task, and the assignee release it', async () => {
    const permit = await startPermit();
    const assigned = await env.http
      .post(`/api/v1/cases/${permit.id}/assign`)
      .set(auth(env.tokens.permitSupervisor))
      .send({ step: 'intake-review', assigneeId: env.userIds.permitClerk });
    doc.check('post', '/api/v1/cases/{caseId}/assign', assigned);
    expect(assigned.status).toBe(200);
    expect(assigned.body.case.assigneeId).toBe(env.userIds.permitClerk);
    const mine = await env.http.get('/api/v1/worklists/mine').set(auth(env.tokens.permitClerk));
    expect(mine.body.items.map((i: { caseId: string }) => i.caseId)).toContain(permit.id);

    const ineligible = await env.http
      .post(`/api/v1/cases/${permit.id}/reassign`)
      .set(auth(env.tokens.permitSupervisor))
      .send({ step: 'intake-review', assigneeId: env.userIds.crew });
    expect(ineligible.status).toBe(409);
    expect(ineligible.body.error.details.rejection).toBe('ASSIGNEE_NOT_ELIGIBLE');

    const reassigned = await env.http
      .post(`/api/v1/cases/${permit.id}/reassign`)
      .set(auth(env.tokens.permitSupervisor))
      .send({ step: 'intake-review', assigneeId: env.userIds.permitSupervisor });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.case.assigneeId).toBe(env.userIds.permitSupervisor);
    const released = await env.http
      .post(`/api/v1/cases/${permit.id}/release`)
      .set(auth(env.tokens.permitSupervisor))
      .send({ step: 'intake-review' });
    doc.check('post', '/api/v1/cases/{caseId}/release', released);
    expect(released.status).toBe(200);
    expect(released.body.case.assigneeId).toBeNull();
  });

  it('stores documents, lists them and audits each download', async () => {
    const permit = await startPermit();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200, 32)]);
    const uploaded = await env.http
      .post(`/api/v1/cases/${permit.id}/documents`)
      .set(auth(env.tokens.permitClerk))
      .field('description', 'Site plan')
      .attach('file', pdf, { filename: 'site plan.pdf', contentType: 'application/pdf' });
    doc.check('post', '/api/v1/cases/{caseId}/documents', uploaded);
    expect(uploaded.status).toBe(201);
    const listed = await env.http.get(`/api/v1/cases/${permit.id}/documents`).set(auth(env.tokens.permitSupervisor));
    doc.check('get', '/api/v1/cases/{caseId}/documents', listed);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: uploaded.body.id,
        filename: 'site plan.pdf',
        sizeBytes: pdf.length,
        description: 'Site plan',
      }),
    ]);
    const download = await env.http
      .get(`/api/v1/cases/${permit.id}/documents/${uploaded.body.id}`)
      .set(auth(env.tokens.permitSupervisor))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
    const entries = await listAuditEntries(env.t.db, permit.id, { limit: 1000 });
    expect(entries.find((e) => e.eventType === 'case.read' && e.details.what === 'document')).toMatchObject({
      actor: { id: env.userIds.permitSupervisor },
      details: { documentId: uploaded.body.id },
    });
    expect(entries.some((e) => e.eventType === 'document-attached')).toBe(true);
  });

  it("withdraws a case on the applicant's behalf, and then refuses further actions on it", async () => {
    const permit = await startPermit();
    const withdrawn = await env.http
      .post(`/api/v1/cases/${permit.id}/withdraw`)
      .set(auth(env.tokens.permitClerk))
      .send({ reason: 'Applicant sold the lot' });
    doc.check('post', '/api/v1/cases/{caseId}/withdraw', withdrawn);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.case.outcome).toBe('withdrawn');
    expect(withdrawn.body.case.closedAt).not.toBeNull();
    const late = await env.http
      .post(`/api/v1/cases/${permit.id}/actions`)
      .set(auth(env.tokens.permitClerk))
      .send({ step: 'intake-review', action: 'accept-complete', data: { parcelNumber: '5503-012-034' } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ACTION_REJECTED');
  });

  it('reopens a resolved service complaint within its window', async () => {
    const created = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
    const id = created.body.case.id as string;
    expect(
      (
        await env.http
          .post(`/api/v1/cases/${id}/actions`)
          .set(auth(env.tokens.clerk))
          .send({ step: 'triage', action: 'route' })
      ).status,
    ).toBe(200);
    const done = await env.http
      .post(`/api/v1/cases/${id}/actions`)
      .set(auth(env.tokens.crew))
      .send({ step: 'sanitation-field-work', action: 'complete', data: { resolutionNote: 'Collected.' } });
    expect(done.status).toBe(200);
    const openOnly = await env.http
      .post(`/api/v1/cases/${id}/reopen`)
      .set(auth(env.tokens.sanitationSupervisor))
      .send({ reason: 'Still there' });
    doc.check('post', '/api/v1/cases/{caseId}/reopen', openOnly);
    expect(openOnly.status).toBe(200);
    expect(openOnly.body.case.closedAt).toBeNull();
    expect(openOnly.body.case.currentSteps.length).toBeGreaterThan(0);
  });

  it("lists overdue cases and tasks as judged at the app's clock", async () => {
    const permit = await startPermit();
    const later = buildApp({
      config: env.config,
      db: env.t.db,
      temporalClient: env.client,
      logger: silentLogger,
      clock: () => new Date(Date.now() + 120 * 86_400_000),
    });
    const http = request(later.app.callback());
    // Tokens expire by the app's clock too: sign in again "120 days later".
    const login = await http.post('/api/v1/auth/login').send({ username: 'permitSupervisor', password: PASSWORD });
    const token = login.body.token as string;
    expect((await http.get('/api/v1/me').set(auth(env.tokens.permitSupervisor))).status).toBe(401);
    const overdueCases = await http.get('/api/v1/cases?overdue=true&sort=statutory-due').set(auth(token));
    doc.check('get', '/api/v1/cases', overdueCases);
    expect(overdueCases.body.error).toBeUndefined();
    expect(overdueCases.body.items.map((c: { id: string }) => c.id)).toContain(permit.id);
    expect(overdueCases.body.items.every((c: { overdue: boolean }) => c.overdue)).toBe(true);
    const notYet = await env.http.get('/api/v1/cases?overdue=true').set(auth(env.tokens.permitSupervisor));
    expect(notYet.body.items.map((c: { id: string }) => c.id)).not.toContain(permit.id);
    const overdueTasks = await http.get('/api/v1/worklists/overdue').set(auth(token));
    doc.check('get', '/api/v1/worklists/{kind}', overdueTasks);
    expect(overdueTasks.body.items.map((i: { caseId: string }) => i.caseId)).toContain(permit.id);
    const escalated = await http.get('/api/v1/worklists/escalated').set(auth(token));
    doc.check('get', '/api/v1/worklists/{kind}', escalated);
    expect(escalated.status).toBe(200);
  });

  it('pages through cases with a cursor, sorted by due date', async () => {
    const first = await env.http.get('/api/v1/cases?limit=2&sort=sla-due').set(auth(env.tokens.admin));
    doc.check('get', '/api/v1/cases', first);
    expect(first.body.items).toHaveLength(2);
    const seen = new Set<string>(first.body.items.map((c: { id: string }) => c.id));
    let cursor = first.body.nextCursor as string | null;
    while (cursor) {
      const page = await env.http
        .get('/api/v1/cases')
        .query({ limit: 2, sort: 'sla-due', cursor })
        .set(auth(env.tokens.admin));
      expect(page.status).toBe(200);
      for (const item of page.body.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
      }
      cursor = page.body.nextCursor;
    }
    const all = await env.http.get('/api/v1/cases?limit=500').set(auth(env.tokens.admin));
    expect(seen.size).toBe(all.body.items.length);
    const wrongSortCursor = await env.http
      .get('/api/v1/cases')
      .query({ sort: 'created', cursor: first.body.nextCursor })
      .set(auth(env.tokens.admin));
    expect(wrongSortCursor.status).toBe(400);
  });
});
