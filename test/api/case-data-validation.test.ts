/**
 * Issue 9, item 2: one validation decides on case data before anything is written. Keys the
 * definition does not know (`__proto__` and `constructor` included) and data the workflow would
 * refuse at start used to give 201 for a case whose workflow had failed (no step, no SLA); action data
 * the workflow refuses was signalled and rejected inside the case. Now each answers 400
 * VALIDATION_FAILED naming the field, and nothing is written: no case row, no workflow, no audit entry.
 */
import { countCases, listAuditEntries } from '../../db';
import type { CaseView } from '../../api/services/case-view';
import { auth, SERVICE_COMPLAINT, startApiEnv, type ApiEnv } from './support/api-harness';
import { errorOf, jsonBody } from './support/json-body';

jest.setTimeout(90_000);

let env: ApiEnv;

beforeAll(async () => {
  env = await startApiEnv();
}, 60_000);
afterAll(async () => env?.close());

async function workflowCount(): Promise<number> {
  let n = 0;
  for await (const _ of env.client.workflow.list()) n += 1;
  return n;
}

/** Sends the JSON text as is: an object literal with `__proto__` would set a prototype, not a key. */
function postRaw(path: string, json: string) {
  return env.http.post(path).set(auth(env.tokens.clerk)).set('content-type', 'application/json').send(json);
}

const createBody = (extra: string) =>
  `{"definitionId":"service-complaint","data":${JSON.stringify(SERVICE_COMPLAINT).slice(0, -1)},${extra}}}`;

describe('case data at creation', () => {
  it.each([
    ['__proto__', '"__proto__":{"polluted":true}'],
    ['constructor', '"constructor":"x"'],
    ['colour', '"colour":"red"'],
  ])('refuses the unknown field %s with 400 and writes nothing', async (field, extra) => {
    const cases = await countCases(env.t.db);
    const workflows = await workflowCount();
    const response = await postRaw('/api/v1/cases', createBody(extra));
    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBe('VALIDATION_FAILED');
    expect(errorOf(response).details.problems).toContainEqual(
      expect.objectContaining({ field, code: 'UNKNOWN_FIELD' }),
    );
    expect(await countCases(env.t.db)).toBe(cases);
    expect(await workflowCount()).toBe(workflows);
  });

  it('refuses a required field the workflow would count as missing (blank text), with 400 and nothing written', async () => {
    const cases = await countCases(env.t.db);
    const response = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: { ...SERVICE_COMPLAINT, description: '   ' } });
    expect(response.status).toBe(400);
    expect(errorOf(response).details.problems).toContainEqual(
      expect.objectContaining({ field: 'description', code: 'REQUIRED_FIELD_MISSING' }),
    );
    expect(await countCases(env.t.db)).toBe(cases);
  });

  it('reports every problem at once, the schema (formats) included', async () => {
    const response = await postRaw('/api/v1/cases', createBody('"colour":"red","residentEmail":"not-an-email"'));
    expect(response.status).toBe(400);
    const fields = (errorOf(response).details.problems as { field: string }[]).map((p) => p.field).sort();
    expect(fields).toEqual(['colour', 'residentEmail']);
  });

  it('still creates a case from valid data', async () => {
    const response = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
    expect(response.status).toBe(201);
    expect(jsonBody<{ case: CaseView }>(response).case.currentSteps.map((s) => s.stepId)).toEqual(['triage']);
  });
});

describe('action data', () => {
  let caseId = '';
  beforeAll(async () => {
    const created = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
    expect(created.status).toBe(201);
    caseId = jsonBody<{ case: CaseView }>(created).case.id;
  });

  it.each([
    ['constructor', 'UNKNOWN_FIELD', '{"step":"triage","action":"route","data":{"constructor":1}}'],
    ['__proto__', 'UNKNOWN_FIELD', '{"step":"triage","action":"route","data":{"__proto__":{"x":1}}}'],
    ['residentName', 'FIELD_NOT_EDITABLE', '{"step":"triage","action":"route","data":{"residentName":"Someone Else"}}'],
    ['councilDistrict', 'INVALID_FIELD_VALUE', '{"step":"triage","action":"route","data":{"councilDistrict":99}}'],
  ])(
    'refuses %s before signalling the case (%s): 400, the case unchanged, nothing on its record',
    async (field, code, json) => {
      const before = await listAuditEntries(env.t.db, caseId, { limit: 1000 });
      const response = await postRaw(`/api/v1/cases/${caseId}/actions`, json);
      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe('VALIDATION_FAILED');
      expect(errorOf(response).details.problems).toContainEqual(expect.objectContaining({ field, code }));
      const after = await listAuditEntries(env.t.db, caseId, { limit: 1000 });
      expect(after.map((e) => e.eventType)).toEqual(before.map((e) => e.eventType));
      const current = await env.http.get(`/api/v1/cases/${caseId}`).set(auth(env.tokens.clerk));
      expect(jsonBody<CaseView>(current).currentSteps.map((s) => s.stepId)).toEqual(['triage']);
    },
  );

  it('accepts valid action data', async () => {
    const response = await env.http
      .post(`/api/v1/cases/${caseId}/actions`)
      .set(auth(env.tokens.clerk))
      .send({ step: 'triage', action: 'route', data: { councilDistrict: 3 } });
    expect(response.status).toBe(200);
    expect(jsonBody<{ case: CaseView }>(response).case.data.councilDistrict).toBe(3);
  });
});
