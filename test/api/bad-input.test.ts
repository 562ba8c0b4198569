/**
 * Bad input on every endpoint family: malformed JSON, wrong types, oversized bodies, unknown ids,
 * hostile strings and forged credentials get a 4xx with an error code, never a 5xx, and nothing is
 * half-written (no case, no audit entry, no document, no draft).
 */
import { SignJWT } from 'jose';
import { countCases, listAuditEntries, listDefinitions } from '../../db';
import { buildApp } from '../../api/create-app';
import { silentLogger } from '../../api/logger';
import request from 'supertest';
import { auth, SERVICE_COMPLAINT, startApiEnv, type ApiEnv } from './support/api-harness';

let env: ApiEnv;
let caseId = '';

beforeAll(async () => {
  env = await startApiEnv({ definitions: ['service-complaint'] });
  const created = await env.http
    .post('/api/v1/cases')
    .set(auth(env.tokens.admin))
    .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
  caseId = created.body.case.id;
}, 60_000);
afterAll(async () => env?.close());

const HOSTILE = [
  "'; drop table cases; --",
  '../../../etc/passwd',
  '\u0000nul',
  '\ud800lone surrogate',
  '<script>alert(1)</script>',
  '%00%2e%2e%2f',
  'x'.repeat(5000),
  '{"$ne": null}',
  '🙂‮reversed',
];

async function state() {
  return {
    cases: await countCases(env.t.db),
    // Reads and refused attempts are recorded on purpose; nothing else may appear.
    audit: (await listAuditEntries(env.t.db, caseId, { limit: 5000 })).filter(
      (e) => e.eventType !== 'case.read' && e.eventType !== 'action-rejected',
    ).length,
    documents: (await env.t.db('documents').count<{ count: string }[]>('* as count'))[0].count,
    definitions: (await listDefinitions(env.t.db)).length,
  };
}

function expectClientError(response: request.Response, code?: string | RegExp): void {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(typeof response.body?.error?.code).toBe('string');
  expect(typeof response.body.error.message).toBe('string');
  expect(typeof response.body.error.details).toBe('object');
  if (typeof code === 'string') expect(response.body.error.code).toBe(code);
  else if (code) expect(response.body.error.code).toMatch(code);
}

const JSON_POSTS = () => [
  '/api/v1/auth/login',
  '/api/v1/definitions',
  '/api/v1/definitions/validate',
  '/api/v1/cases',
  `/api/v1/cases/${caseId}/actions`,
  `/api/v1/cases/${caseId}/claim`,
  `/api/v1/cases/${caseId}/assign`,
  `/api/v1/cases/${caseId}/comments`,
  `/api/v1/cases/${caseId}/clock/pause`,
  `/api/v1/cases/${caseId}/clock/extend`,
  `/api/v1/cases/${caseId}/withdraw`,
  `/api/v1/cases/${caseId}/reopen`,
];

describe('bad input', () => {
  it('refuses malformed JSON, wrong types and oversized bodies on every JSON endpoint, writing nothing', async () => {
    const before = await state();
    for (const path of JSON_POSTS()) {
      const malformed = await env.http
        .post(path)
        .set(auth(env.tokens.admin))
        .set('Content-Type', 'application/json')
        .send('{"step": "triage",');
      expectClientError(malformed, path.includes('/definitions') ? /MALFORMED_JSON/ : 'MALFORMED_JSON');

      const wrongTypes = await env.http
        .post(path)
        .set(auth(env.tokens.admin))
        .send({
          step: 42,
          action: ['x'],
          text: { a: 1 },
          reason: 7,
          by: false,
          source: 12,
          username: 1,
          password: null,
          definitionId: 5,
          data: 'no',
          assigneeId: [],
        });
      expectClientError(wrongTypes, 'VALIDATION_FAILED');

      const huge = await env.http
        .post(path)
        .set(auth(env.tokens.admin))
        .send({ text: 'x'.repeat(path.includes('/definitions') ? 1_200_000 : 20_000) });
      expectClientError(huge, 'BODY_TOO_LARGE');
      expect(huge.status).toBe(413);

      const notJson = await env.http
        .post(path)
        .set(auth(env.tokens.admin))
        .set('Content-Type', 'text/plain')
        .send('step=triage');
      expectClientError(notJson);
    }
    expect(await state()).toEqual(before);
  });

  it('answers unknown ids with 404 and a code', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of [
      `/api/v1/cases/${unknown}`,
      `/api/v1/cases/${unknown}/timeline`,
      `/api/v1/cases/${unknown}/documents`,
      `/api/v1/cases/${caseId}/documents/${unknown}`,
      '/api/v1/definitions/nope/versions',
      '/api/v1/definitions/service-complaint/versions/7.7.7',
      '/api/v1/definitions/service-complaint/compare?from=1.0.0&to=7.7.7',
      '/api/v1/worklists/nope',
      '/api/v1/no-such-route',
    ]) {
      const response = await env.http.get(path).set(auth(env.tokens.admin));
      expectClientError(response);
      expect(response.status).toBe(404);
    }
    const wrongMethod = await env.http.delete(`/api/v1/cases/${caseId}`).set(auth(env.tokens.admin));
    expectClientError(wrongMethod, 'METHOD_NOT_ALLOWED');
    expect(wrongMethod.status).toBe(405);
    const act = await env.http
      .post(`/api/v1/cases/${unknown}/comments`)
      .set(auth(env.tokens.admin))
      .send({ text: 'hello' });
    expectClientError(act, 'CASE_NOT_FOUND');
    const assign = await env.http
      .post(`/api/v1/cases/${caseId}/assign`)
      .set(auth(env.tokens.admin))
      .send({ step: 'triage', assigneeId: unknown });
    expectClientError(assign, 'USER_NOT_FOUND');
    const publish = await env.http.post('/api/v1/definitions/nope/versions/1.0.0/publish').set(auth(env.tokens.admin));
    expectClientError(publish, 'DEFINITION_NOT_FOUND');
    const start = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.admin))
      .send({ definitionId: 'no-such-process', data: {} });
    expectClientError(start, 'DEFINITION_NOT_FOUND');
  });

  it('survives hostile strings in ids, query parameters and bodies', async () => {
    const before = await state();
    for (const hostile of HOSTILE) {
      // A lone surrogate cannot be percent-encoded: send the invalid UTF-8 bytes it would be instead.
      const enc = /[\ud800-\udfff]/.test(hostile.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))
        ? '%ED%A0%80lone'
        : encodeURIComponent(hostile);
      for (const response of [
        await env.http.get(`/api/v1/cases/${enc}`).set(auth(env.tokens.admin)),
        await env.http.get(`/api/v1/cases?status=${enc}`).set(auth(env.tokens.admin)),
        await env.http.get(`/api/v1/cases?cursor=${enc}`).set(auth(env.tokens.admin)),
        await env.http.get(`/api/v1/cases?sort=${enc}&limit=${enc}`).set(auth(env.tokens.admin)),
        await env.http.get(`/api/v1/definitions/${enc}/versions/${enc}`).set(auth(env.tokens.admin)),
        await env.http.get(`/api/v1/public/cases/${enc}?code=${enc}`),
        await env.http.get(`/api/v1/reports/sla?groupBy=${enc}`).set(auth(env.tokens.admin)),
        await env.http.get(`/api/v1/reports/sla?from=${enc}`).set(auth(env.tokens.admin)),
        await env.http.post('/api/v1/auth/login').send({ username: hostile.slice(0, 100), password: hostile }),
        await env.http
          .post(`/api/v1/cases/${caseId}/actions`)
          .set(auth(env.tokens.admin))
          .send({ step: hostile.slice(0, 200), action: hostile.slice(0, 200) }),
        await env.http
          .post('/api/v1/cases')
          .set(auth(env.tokens.admin))
          .send({ definitionId: hostile.slice(0, 100), data: {} }),
        await env.http
          .post('/api/v1/cases')
          .set(auth(env.tokens.admin))
          .send({ definitionId: 'service-complaint', data: { ...SERVICE_COMPLAINT, category: hostile } }),
      ]) {
        if (response.status >= 500 || response.status < 400)
          throw new Error(`${hostile.slice(0, 40)} -> ${response.status} ${JSON.stringify(response.body)}`);
        expectClientError(response);
      }
      // Validation answers with a report, not an error: hostile YAML is just an invalid definition.
      const report = await env.http
        .post('/api/v1/definitions/validate')
        .set(auth(env.tokens.admin))
        .send({ source: hostile });
      if (report.status === 200) expect(report.body.ok).toBe(false);
      else expectClientError(report, 'VALIDATION_FAILED');
    }
    expect(await state()).toEqual(before);
  });

  it('keeps a hostile comment as plain data: accepted, stored verbatim (minus what Postgres cannot store), never executed', async () => {
    const text = "Robert'); DROP TABLE cases;-- <img src=x onerror=alert(1)>";
    const response = await env.http.post(`/api/v1/cases/${caseId}/comments`).set(auth(env.tokens.admin)).send({ text });
    expect(response.status).toBe(200);
    const entries = await listAuditEntries(env.t.db, caseId, { limit: 5000 });
    expect(JSON.stringify(entries.map((e) => e.details))).toContain('DROP TABLE cases');
    expect(await countCases(env.t.db)).toBeGreaterThan(0);
  });

  it('refuses bad uploads: too large, a type not allowed, content not matching its type, no file, not multipart', async () => {
    const before = await state();
    const url = `/api/v1/cases/${caseId}/documents`;
    const big = await env.http
      .post(url)
      .set(auth(env.tokens.admin))
      .attach('file', Buffer.alloc(70_000, 65), { filename: 'big.txt', contentType: 'text/plain' });
    expectClientError(big, 'DOCUMENT_TOO_LARGE');
    const exe = await env.http.post(url).set(auth(env.tokens.admin)).attach('file', Buffer.from('MZ\x90\x00binary'), {
      filename: 'run.exe',
      contentType: 'application/x-msdownload',
    });
    expectClientError(exe, 'DOCUMENT_TYPE_NOT_ALLOWED');
    const fakePdf = await env.http
      .post(url)
      .set(auth(env.tokens.admin))
      .attach('file', Buffer.from('not a pdf'), { filename: 'x.pdf', contentType: 'application/pdf' });
    expectClientError(fakePdf, 'DOCUMENT_CONTENT_MISMATCH');
    const empty = await env.http
      .post(url)
      .set(auth(env.tokens.admin))
      .attach('file', Buffer.alloc(0), { filename: 'empty.txt', contentType: 'text/plain' });
    expectClientError(empty);
    const noFile = await env.http.post(url).set(auth(env.tokens.admin)).field('description', 'no file here');
    expectClientError(noFile, 'VALIDATION_FAILED');
    const notMultipart = await env.http.post(url).set(auth(env.tokens.admin)).send({ file: 'abc' });
    expectClientError(notMultipart, 'UNSUPPORTED_MEDIA_TYPE');
    const traversal = await env.http
      .post(url)
      .set(auth(env.tokens.admin))
      .attach('file', Buffer.from('hello'), { filename: '../../etc/passwd', contentType: 'text/plain' });
    expect(traversal.status).toBe(201);
    expect(traversal.body.filename).toBe('passwd');
    const after = await state();
    // Only the one good upload left a trace: its document and its document-attached entry.
    expect({ ...after, documents: before.documents, audit: before.audit }).toEqual({ ...before });
    expect(Number(after.documents)).toBe(Number(before.documents) + 1);
    expect(after.audit).toBe(before.audit + 1);
  });

  it('refuses forged, expired and unsigned tokens, and unknown API keys', async () => {
    const secret = new TextEncoder().encode('some other secret that is long enough 0123456789');
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(env.userIds.admin)
      .setIssuer('civicflow')
      .setAudience('civicflow-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret);
    const right = new TextEncoder().encode(env.config.auth.jwtSecret);
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(env.userIds.admin)
      .setIssuer('civicflow')
      .setAudience('civicflow-api')
      .setIssuedAt(1_000)
      .setExpirationTime(2_000)
      .sign(right);
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ sub: env.userIds.admin, iss: 'civicflow', aud: 'civicflow-api', exp: 9_999_999_999 }),
    ).toString('base64url');
    for (const token of [forged, expired, `${header}.${payload}.`, 'garbage', 'a.b.c']) {
      const response = await env.http.get('/api/v1/me').set('Authorization', `Bearer ${token}`);
      expectClientError(response, 'UNAUTHENTICATED');
    }
    expectClientError(
      await env.http.get('/api/v1/me').set('Authorization', 'Basic YWRtaW46YWRtaW4='),
      'UNAUTHENTICATED',
    );
    expectClientError(await env.http.get('/api/v1/me').set('X-API-Key', 'cfk_nope'), 'UNAUTHENTICATED');
    expectClientError(
      await env.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'wrong' }),
      'INVALID_CREDENTIALS',
    );
    const failures = (await listAuditEntries(env.t.db, '_platform', { limit: 5000 })).filter(
      (e) => e.eventType === 'auth.login-failed',
    );
    expect(failures.length).toBeGreaterThan(0);
  });

  it('rejects a draft with problems and says where (file:line:col), saving nothing', async () => {
    const source = 'format: civicflow/v1\nid: broken\nversion: 1.0.0\ntitle: Broken\nsteps:\n  a: { type: human }\n';
    const before = await state();
    const response = await env.http.post('/api/v1/definitions').set(auth(env.tokens.manager)).send({ source });
    expectClientError(response, 'DEFINITION_INVALID');
    expect(response.status).toBe(422);
    const problems = response.body.error.details.problems as {
      line: number;
      col: number;
      file: string;
      code: string;
    }[];
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.line >= 1 && p.col >= 1 && p.file === 'draft.yaml')).toBe(true);
    const yamlBody = await env.http
      .post('/api/v1/definitions/validate')
      .set(auth(env.tokens.manager))
      .set('Content-Type', 'application/yaml')
      .send('a: [unclosed');
    expect(yamlBody.status).toBe(200);
    expect(yamlBody.body.ok).toBe(false);
    expect(yamlBody.body.problems[0]).toMatchObject({ code: 'YAML_SYNTAX', line: 1 });
    expect(await state()).toEqual(before);
  });

  it('limits the rate of public requests per client', async () => {
    const limited = buildApp({
      config: { ...env.config, api: { ...env.config.api, publicRateLimitPerMinute: 3 } },
      db: env.t.db,
      temporalClient: env.client,
      logger: silentLogger,
    });
    const http = request(limited.app.callback());
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 5; i += 1) {
      last = await http.get('/api/v1/public/cases/CF-2026-000001?code=ABCDEFGH');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    expect(last?.body.error.code).toBe('RATE_LIMITED');
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
  });
});
