/**
 * What the staff pages need from the services, through the API against the real stack (Postgres, the
 * embedded Temporal server, the real case worker): the SLA panel per current step, the statutory clock
 * with "why this date", the eligible assignees of a step (and assign still refusing anyone else), and
 * the ETag change signal of live lists (a refresh of an unchanged list answers 304 and is not audited).
 */
import request from 'supertest';
import { listAuditEntries } from '../../db';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import { buildApp } from '../../api/create-app';
import { silentLogger } from '../../api/logger';
import { auth, PASSWORD, SERVICE_COMPLAINT, startApiEnv, type ApiEnv } from './support/api-harness';
import { errorOf, jsonBody } from './support/json-body';
import { responseChecker, type ResponseChecker } from './support/openapi-check';
import type { CaseSla } from '../../api/services/case-sla-service';
import type { EligibleAssignee } from '../../api/services/eligible-assignees';
import { NEW_HOME_PERMIT_APPLICATION } from '../fixtures/building-permit-application';

let env: ApiEnv;
let doc: ResponseChecker;

interface CaseBody {
  id: string;
  statutoryDueAt: string;
  slaDueAt: string;
  currentSteps: { stepId: string; enteredAt: string }[];
}
/** A case command's answer: the case after it. */
interface CaseAnswer {
  case: CaseBody;
}
interface EligibleAssigneesBody {
  caseId: string;
  stepId: string;
  role: string;
  departmentId: string | null;
  assigneeId: string | null;
  items: EligibleAssignee[];
}
interface ListBody<T> {
  items: T[];
}

/** Fails the test here, not with a TypeError further down, when an expected part is absent. */
function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}

beforeAll(async () => {
  env = await startApiEnv();
  doc = responseChecker(jsonBody<Record<string, unknown>>(await env.http.get('/api/v1/openapi.json')));
}, 60_000);
afterAll(async () => env?.close());

async function startPermit(): Promise<CaseBody> {
  const response = await env.http
    .post('/api/v1/cases')
    .set(auth(env.tokens.permitClerk))
    .send({ definitionId: 'building-permit', data: NEW_HOME_PERMIT_APPLICATION });
  expect(response.status).toBe(201);
  return jsonBody<CaseAnswer>(response).case;
}

const listedEntries = async () =>
  (await listAuditEntries(env.t.db, PLATFORM_AUDIT_STREAM, { eventTypes: ['cases.listed'], limit: 5000 })).length;

describe('the SLA panel', () => {
  it('shows entered, warning, due and escalation levels of the current step, and the running clock with why its date', async () => {
    const permit = await startPermit();
    const response = await env.http.get(`/api/v1/cases/${permit.id}/sla`).set(auth(env.tokens.permitClerk));
    doc.check('get', '/api/v1/cases/{caseId}/sla', response);
    expect(response.status).toBe(200);
    const body = jsonBody<CaseSla>(response);
    expect(body.definition).toMatchObject({ id: 'building-permit' });
    expect(typeof body.definition.version).toBe('string');
    const step = present(body.steps[0], 'a current step');
    const sla = present(step.sla, 'an SLA on the step');
    expect(step).toMatchObject({
      stepId: 'intake-review',
      role: 'permit-clerk',
      departmentId: 'building-safety',
      enteredAt: permit.currentSteps[0].enteredAt,
    });
    expect(sla).toMatchObject({
      due: '5 working days',
      basis: 'working',
      dueAt: permit.slaDueAt,
      calendar: { id: 'la-city', timeZone: 'America/Los_Angeles' },
      warned: false,
      breached: false,
      overdue: false,
      escalationLevel: 0,
    });
    const entered = Date.parse(present(step.enteredAt, 'the step entry time'));
    const warning = Date.parse(present(sla.warningAt, 'a warning time'));
    const due = Date.parse(sla.dueAt);
    expect(warning).toBeGreaterThan(entered);
    expect(warning).toBeLessThan(due);
    expect(sla.escalations.map((e) => e.level)).toEqual([1, 2]);
    expect(sla.escalations[0].at).toBe(sla.dueAt); // level 1 at 100 %
    expect(Date.parse(sla.escalations[1].at)).toBeGreaterThan(due); // level 2 at 150 %
    expect(sla.nextEscalation).toEqual(sla.escalations[0]);

    const clock = present(body.statutoryClock, 'a statutory clock');
    expect(clock).toMatchObject({
      state: 'running',
      limit: '30 working days',
      dueAt: permit.statutoryDueAt,
      pausedSince: null,
      overdue: false,
      pauses: [],
      extensions: [],
    });
    expect(clock.workingDaysLeft === 29 || clock.workingDaysLeft === 30).toBe(true);
    expect(clock.why.calendar).toMatchObject({ id: 'la-city', timeZone: 'America/Los_Angeles' });
    expect(Object.keys(body.calendars)).toEqual(['la-city']);
    expect(body.calendars['la-city'].holidays?.length).toBeGreaterThan(5);
    const [limit, ...rest] = clock.why.reasons;
    expect(limit).toMatchObject({
      kind: 'limit',
      limit: '30 working days',
      basis: 'working',
      endsAt: permit.statutoryDueAt,
    });
    const startedOn = present(clock.startedAt, 'a clock start').slice(0, 10);
    const dueOn = present(clock.dueAt, 'a clock due date').slice(0, 10);
    for (const reason of rest) {
      expect(reason.kind).toBe('day-off');
      if (reason.kind === 'day-off') expect(reason.date >= startedOn && reason.date <= dueOn).toBe(true);
    }

    const reads = await listAuditEntries(env.t.db, permit.id, { eventTypes: ['case.read'] });
    expect(reads.map((r) => r.details.what)).toContain('sla');
    const outside = await env.http.get(`/api/v1/cases/${permit.id}/sla`).set(auth(env.tokens.crew));
    doc.check('get', '/api/v1/cases/{caseId}/sla', outside);
    expect(outside.status).toBe(404);
  });

  it('records who paused, resumed and extended the clock and why, and shows a pause in force', async () => {
    const permit = await startPermit();
    const supervisor = auth(env.tokens.permitSupervisor);
    expect(
      (
        await env.http
          .post(`/api/v1/cases/${permit.id}/clock/pause`)
          .set(supervisor)
          .send({ reason: 'awaiting-applicant' })
      ).status,
    ).toBe(200);
    expect((await env.http.post(`/api/v1/cases/${permit.id}/clock/resume`).set(supervisor)).status).toBe(200);
    const extended = await env.http
      .post(`/api/v1/cases/${permit.id}/clock/extend`)
      .set(supervisor)
      .send({ by: '10 working days', reason: 'complex-project' });
    expect(extended.status).toBe(200);
    const paused = await env.http
      .post(`/api/v1/cases/${permit.id}/clock/pause`)
      .set(supervisor)
      .send({ reason: 'awaiting-payment' });
    expect(paused.status).toBe(200);

    const response = await env.http.get(`/api/v1/cases/${permit.id}/sla`).set(supervisor);
    doc.check('get', '/api/v1/cases/{caseId}/sla', response);
    const clock = present(jsonBody<CaseSla>(response).statutoryClock, 'a statutory clock');
    expect(clock.state).toBe('paused');
    expect(clock.dueAt).toBe(jsonBody<CaseAnswer>(paused).case.statutoryDueAt);
    expect(clock.pauseReason).toEqual({ id: 'awaiting-payment', label: 'Waiting for the applicant to pay the fees' });
    expect(clock.pausedSince).not.toBeNull();
    expect(clock.pauses).toHaveLength(2);
    expect(clock.pauses[0]).toMatchObject({
      reason: 'awaiting-applicant',
      label: 'Waiting for information from the applicant',
      by: env.userIds.permitSupervisor,
    });
    expect(typeof clock.pauses[0].pausedMs).toBe('number');
    expect(clock.pauses[0].to).not.toBeNull();
    expect(clock.pauses[1]).toMatchObject({ reason: 'awaiting-payment', to: null, pausedMs: null });
    expect(clock.extensions).toEqual([
      expect.objectContaining({
        by: '10 working days',
        reason: 'complex-project',
        actor: env.userIds.permitSupervisor,
        dueAfter: jsonBody<CaseAnswer>(extended).case.statutoryDueAt,
      }),
    ]);
    const kinds = clock.why.reasons.map((r) => r.kind);
    expect(kinds[0]).toBe('limit');
    expect(kinds.filter((k) => k === 'pause')).toHaveLength(2);
    expect(kinds).toContain('extension');
    // The extension moved the date past what the limit alone gives.
    const [limit] = clock.why.reasons;
    expect(limit.kind).toBe('limit');
    if (limit.kind === 'limit')
      expect(Date.parse(present(clock.dueAt, 'a clock due date'))).toBeGreaterThan(
        Date.parse(present(limit.endsAt, 'the end of the limit')),
      );
  });
});

describe('eligible assignees', () => {
  it('lists who may take the step, and assign accepts one of them and still refuses anyone else', async () => {
    const permit = await startPermit();
    const path = `/api/v1/cases/${permit.id}/steps/intake-review/eligible-assignees`;
    const clerkAsks = await env.http.get(path).set(auth(env.tokens.permitClerk));
    doc.check('get', '/api/v1/cases/{caseId}/steps/{stepId}/eligible-assignees', clerkAsks);
    expect(clerkAsks.status).toBe(403);

    const listed = await env.http.get(path).set(auth(env.tokens.permitSupervisor));
    doc.check('get', '/api/v1/cases/{caseId}/steps/{stepId}/eligible-assignees', listed);
    expect(listed.status).toBe(200);
    const eligible = jsonBody<EligibleAssigneesBody>(listed);
    expect(eligible).toMatchObject({
      caseId: permit.id,
      stepId: 'intake-review',
      role: 'permit-clerk',
      departmentId: 'building-safety',
      assigneeId: null,
    });
    const ids = eligible.items.map((i) => i.id).sort();
    expect(ids).toEqual([env.userIds.permitClerk, env.userIds.permitSupervisor].sort());
    expect(JSON.stringify(listed.body)).not.toMatch(/@|password/); // names only, no contact details

    const assigned = await env.http
      .post(`/api/v1/cases/${permit.id}/assign`)
      .set(auth(env.tokens.permitSupervisor))
      .send({ step: 'intake-review', assigneeId: env.userIds.permitClerk });
    expect(assigned.status).toBe(200);
    const refused = await env.http
      .post(`/api/v1/cases/${permit.id}/reassign`)
      .set(auth(env.tokens.permitSupervisor))
      .send({ step: 'intake-review', assigneeId: env.userIds.supervisor });
    expect(refused.status).toBe(409);
    expect(errorOf(refused).details.rejection).toBe('ASSIGNEE_NOT_ELIGIBLE');

    const after = await env.http.get(path).set(auth(env.tokens.permitSupervisor));
    const afterBody = jsonBody<EligibleAssigneesBody>(after);
    expect(afterBody.assigneeId).toBe(env.userIds.permitClerk);
    expect(afterBody.items.find((i) => i.id === env.userIds.permitClerk)?.current).toBe(true);

    const notCurrent = await env.http
      .get(`/api/v1/cases/${permit.id}/steps/decision/eligible-assignees`)
      .set(auth(env.tokens.permitSupervisor));
    doc.check('get', '/api/v1/cases/{caseId}/steps/{stepId}/eligible-assignees', notCurrent);
    expect(notCurrent.status).toBe(409);
    expect(errorOf(notCurrent).code).toBe('STEP_NOT_ACTIVE');
    const otherDepartment = await env.http.get(path).set(auth(env.tokens.sanitationSupervisor));
    expect(otherDepartment.status).toBe(404);

    // Bad input answers with a code, never a crash.
    const oddStep = await env.http
      .get(`/api/v1/cases/${permit.id}/steps/${encodeURIComponent('<script>'.repeat(100))}/eligible-assignees`)
      .set(auth(env.tokens.permitSupervisor));
    expect(oddStep.status).toBe(409);
    expect(String(errorOf(oddStep).details.stepId).length).toBeLessThanOrEqual(200);
    const noCase = await env.http.get('/api/v1/cases/no-such-case/sla').set(auth(env.tokens.permitSupervisor));
    expect(noCase.status).toBe(404);
    expect(errorOf(noCase).code).toBe('CASE_NOT_FOUND');
  });
});

describe('the change signal of live lists', () => {
  it('answers 304 to a refresh of an unchanged case list without an audit entry, and a new tag once the list changes', async () => {
    await startPermit();
    const clerk = auth(env.tokens.permitClerk);
    const url = '/api/v1/cases?definition=building-permit&status=open';
    const first = await env.http.get(url).set(clerk);
    doc.check('get', '/api/v1/cases', first);
    expect(first.status).toBe(200);
    const tag = first.headers.etag;
    expect(tag).toMatch(/^W\/"/);
    expect(first.headers['cache-control']).toBe('no-store');

    const audited = await listedEntries();
    const again = await env.http.get(url).set(clerk).set('If-None-Match', tag);
    doc.check('get', '/api/v1/cases', again);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(tag);
    expect(await listedEntries()).toBe(audited);

    // A malformed or foreign If-None-Match is simply not a match.
    for (const header of ['garbage', 'W/"', '"', ',,,', 'W/"x"'.repeat(300)])
      expect((await env.http.get(url).set(clerk).set('If-None-Match', header)).status).toBe(200);
    // Another person never gets a 304 for this caller's tag (what they see may differ).
    expect((await env.http.get(url).set(auth(env.tokens.permitSupervisor)).set('If-None-Match', tag)).status).toBe(200);
    // A case out of this caller's scope (another department) leaves the tag alone.
    expect(
      (
        await env.http
          .post('/api/v1/cases')
          .set(auth(env.tokens.clerk))
          .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT })
      ).status,
    ).toBe(201);
    expect((await env.http.get(url).set(clerk).set('If-None-Match', tag)).status).toBe(304);

    // A new case in scope changes it: the refresh answers 200 with a new tag, audited as a list.
    const added = await startPermit();
    const before = await listedEntries();
    const changed = await env.http.get(url).set(clerk).set('If-None-Match', tag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(tag);
    expect(jsonBody<ListBody<{ id: string }>>(changed).items.map((c) => c.id)).toContain(added.id);
    expect(await listedEntries()).toBe(before + 1);

    // A change to a listed case (a claim) changes it too.
    const claimed = await env.http.post(`/api/v1/cases/${added.id}/claim`).set(clerk).send({ step: 'intake-review' });
    expect(claimed.status).toBe(200);
    expect((await env.http.get(url).set(clerk).set('If-None-Match', changed.headers.etag)).status).toBe(200);
  });

  it('does the same for worklists, and time passing a due date changes the tag', async () => {
    const permit = await startPermit();
    const clerk = auth(env.tokens.permitClerk);
    const first = await env.http.get('/api/v1/worklists/team').set(clerk);
    doc.check('get', '/api/v1/worklists/{kind}', first);
    const tag = first.headers.etag;
    expect(tag).toMatch(/^W\/"/);
    const again = await env.http.get('/api/v1/worklists/team').set(clerk).set('If-None-Match', tag);
    doc.check('get', '/api/v1/worklists/{kind}', again);
    expect(again.status).toBe(304);

    const claimed = await env.http.post(`/api/v1/cases/${permit.id}/claim`).set(clerk).send({ step: 'intake-review' });
    expect(claimed.status).toBe(200);
    const changed = await env.http.get('/api/v1/worklists/team').set(clerk).set('If-None-Match', tag);
    expect(changed.status).toBe(200);
    const current = changed.headers.etag;
    expect(current).not.toBe(tag);

    // The same list 120 days later: nothing was written, but tasks are now overdue.
    const later = buildApp({
      config: env.config,
      db: env.t.db,
      temporalClient: env.client,
      logger: silentLogger,
      clock: () => new Date(Date.now() + 120 * 86_400_000),
    });
    const http = request(later.app.callback());
    const token = jsonBody<{ token: string }>(
      await http.post('/api/v1/auth/login').send({ username: 'permitClerk', password: PASSWORD }),
    ).token;
    const future = await http.get('/api/v1/worklists/team').set(auth(token)).set('If-None-Match', current);
    expect(future.status).toBe(200);
    expect(future.headers.etag).not.toBe(current);
    expect(jsonBody<ListBody<{ overdue: boolean }>>(future).items.some((i) => i.overdue)).toBe(true);
  });
});
