/**
 * Issue 9's defects found under fuzzing and an attacker's eye, each reproduced against the real app
 * (Postgres, the embedded Temporal server, the case worker): a truncated upload, a retried action
 * whose first attempt moved the case out of the caller's department, Open311 retries, long-lived
 * tokens, and answers that left their documented shape (431, TRACE, Open311 URLs, /metrics).
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { SignJWT } from 'jose';
import request from 'supertest';
import { buildApp } from '../../api/create-app';
import { silentLogger } from '../../api/logger';
import { metricsApp } from '../../api/middleware/metrics-endpoint.middleware';
import { listen } from '../../api/server';
import { loadConfig } from '../../config';
import { countCases, createApiKey } from '../../db';
import type { CaseView } from '../../api/services/case-view';
import { auth, SERVICE_COMPLAINT, startApiEnv, type ApiEnv } from './support/api-harness';
import { jsonBody } from './support/json-body';

let env: ApiEnv;
let caseId = '';

beforeAll(async () => {
  env = await startApiEnv({ definitions: ['service-complaint'] });
  const created = await env.http
    .post('/api/v1/cases')
    .set(auth(env.tokens.clerk))
    .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
  expect(created.status).toBe(201);
  caseId = jsonBody<{ case: CaseView }>(created).case.id;
}, 120_000);
afterAll(async () => env?.close());

function expectApiError(response: { status: number; body: unknown }, status: number, code?: string): void {
  expect(response.status).toBe(status);
  const body = response.body as { error?: { code?: unknown; message?: unknown; details?: unknown } };
  expect(typeof body.error?.code).toBe('string');
  expect(typeof body.error?.message).toBe('string');
  expect(typeof body.error?.details).toBe('object');
  if (code) expect(body.error?.code).toBe(code);
}

function expectOpen311Error(
  response: { status: number; text: string; headers: Record<string, string> },
  status: number,
): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/json/);
  const list = JSON.parse(response.text) as { code: unknown; description: unknown }[];
  expect(Array.isArray(list)).toBe(true);
  expect(list.length).toBeGreaterThan(0);
  for (const item of list) {
    expect(item.code).toBe(status);
    expect(typeof item.description).toBe('string');
  }
}

/**
 * Sends raw bytes to a listening server and returns what came back when the server closed the
 * connection (every request here says `Connection: close`). The socket stays open for writing: a
 * half-close would abort the request before it is answered.
 */
function rawExchange(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.write(bytes);
  });
}

describe('defect 1: a truncated multipart upload', () => {
  it('answers 400 in the API error shape, keeps the process alive and stores nothing', async () => {
    const server: Server = await listen(env.app, { port: 0, host: '127.0.0.1' });
    try {
      const port = (server.address() as AddressInfo).port;
      const body =
        '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nx\r\n';
      const head = [
        `POST /api/v1/cases/${caseId}/documents HTTP/1.1`,
        'Host: 127.0.0.1',
        `Authorization: Bearer ${env.tokens.clerk}`,
        'Content-Type: multipart/form-data; boundary=XX',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
        '',
        '',
      ].join('\r\n');
      const answer = await rawExchange(port, head + body);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      const json = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string } };
      expect(json.error.code).toBe('VALIDATION_FAILED');
      // Still serving, and nothing half-written.
      const documents = await env.http.get(`/api/v1/cases/${caseId}/documents`).set(auth(env.tokens.clerk));
      expect(documents.status).toBe(200);
      expect(jsonBody<{ items: unknown[] }>(documents).items).toEqual([]);
      expect((await env.t.db('documents').count<{ count: string }[]>('* as count'))[0].count).toBe('0');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('answers 400 when the client stops sending in the middle of the file', async () => {
    const server: Server = await listen(env.app, { port: 0, host: '127.0.0.1' });
    try {
      const port = (server.address() as AddressInfo).port;
      const body =
        '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nsome text that never ends';
      const head = [
        `POST /api/v1/cases/${caseId}/documents HTTP/1.1`,
        'Host: 127.0.0.1',
        `Authorization: Bearer ${env.tokens.clerk}`,
        'Content-Type: multipart/form-data; boundary=XX',
        'Transfer-Encoding: chunked',
        'Connection: close',
        '',
        '',
      ].join('\r\n');
      const chunk = `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
      const answer = await rawExchange(port, head + chunk);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect((await env.t.db('documents').count<{ count: string }[]>('* as count'))[0].count).toBe('0');
      expect((await env.http.get('/healthz')).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('defect 4: a retried action whose first attempt moved the case out of the department', () => {
  it('replays the first answer to the same caller and key instead of 404', async () => {
    const created = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
    const id = jsonBody<{ case: CaseView }>(created).case.id;
    const first = await env.http
      .post(`/api/v1/cases/${id}/actions`)
      .set(auth(env.tokens.clerk))
      .set('Idempotency-Key', 'route-once')
      .send({ step: 'triage', action: 'route' });
    expect(first.status).toBe(200);
    expect(jsonBody<{ case: CaseView }>(first).case.departmentId).not.toBe('call-center');
    const retried = await env.http
      .post(`/api/v1/cases/${id}/actions`)
      .set(auth(env.tokens.clerk))
      .set('Idempotency-Key', 'route-once')
      .send({ step: 'triage', action: 'route' });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(first.body);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    // Another caller's key, or a new key, still sees nothing of a case outside its department.
    const other = await env.http
      .post(`/api/v1/cases/${id}/actions`)
      .set(auth(env.tokens.supervisor))
      .set('Idempotency-Key', 'route-once')
      .send({ step: 'triage', action: 'route' });
    expectApiError(other, 404, 'CASE_NOT_FOUND');
    const fresh = await env.http
      .post(`/api/v1/cases/${id}/actions`)
      .set(auth(env.tokens.clerk))
      .set('Idempotency-Key', 'another')
      .send({ step: 'triage', action: 'route' });
    expectApiError(fresh, 404, 'CASE_NOT_FOUND');
    // The same key with another body is refused, not replayed.
    const changed = await env.http
      .post(`/api/v1/cases/${id}/actions`)
      .set(auth(env.tokens.clerk))
      .set('Idempotency-Key', 'route-once')
      .send({ step: 'triage', action: 'close' });
    expectApiError(changed, 422, 'IDEMPOTENCY_KEY_REUSED');
  });
});

describe('defect 5: Open311 POST with an Idempotency-Key', () => {
  it('makes one request for two POSTs with one key and answers the retry with the first answer', async () => {
    const { key } = await createApiKey(env.t.db, { name: '311 app', ownerKind: 'open311' });
    const form = new URLSearchParams({
      api_key: key,
      service_code: 'service-complaint:graffiti',
      address_string: '40 N Main St',
      description: 'Tag on the wall',
    }).toString();
    const before = await countCases(env.t.db);
    const post = () =>
      env.http.post('/open311/v2/requests.json').set('Idempotency-Key', 'o311-once').type('form').send(form);
    const first = await post();
    expect(first.status).toBe(200);
    const second = await post();
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await countCases(env.t.db)).toBe(before + 1);
    // The same key with another body is refused in Open311's shape.
    const other = await env.http
      .post('/open311/v2/requests.json')
      .set('Idempotency-Key', 'o311-once')
      .type('form')
      .send(
        new URLSearchParams({
          api_key: key,
          service_code: 'service-complaint:graffiti',
          description: 'Another wall',
        }).toString(),
      );
    expectOpen311Error(other, 400);
    expect(await countCases(env.t.db)).toBe(before + 1);
  });
});

describe('defect 7: token lifetime', () => {
  const sign = async (claims: { exp?: number; iat?: number }) => {
    let jwt = new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(env.userIds.admin)
      .setIssuer('civicflow')
      .setAudience('civicflow-api');
    if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt = jwt.setExpirationTime(claims.exp);
    return jwt.sign(new TextEncoder().encode(env.config.auth.jwtSecret));
  };
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a correctly signed token without an expiry', async () => {
    expectApiError(await env.http.get('/api/v1/me').set(auth(await sign({ iat: now() }))), 401, 'UNAUTHENTICATED');
  });
  it('refuses a token that lives longer than the configured maximum', async () => {
    expectApiError(
      await env.http.get('/api/v1/me').set(auth(await sign({ iat: now(), exp: now() + 10 * 365 * 86400 }))),
      401,
      'UNAUTHENTICATED',
    );
    expectApiError(
      await env.http.get('/api/v1/me').set(auth(await sign({ exp: now() + 600 }))),
      401,
      'UNAUTHENTICATED',
    );
  });
  it('accepts a token within the lifetime', async () => {
    expect((await env.http.get('/api/v1/me').set(auth(await sign({ iat: now(), exp: now() + 600 })))).status).toBe(200);
  });
});

describe('defect 8: every answer in its documented shape', () => {
  it('answers headers that are too large with 431 and an API error body', async () => {
    const server: Server = await listen(env.app, { port: 0, host: '127.0.0.1' });
    try {
      const port = (server.address() as AddressInfo).port;
      const answer = await rawExchange(
        port,
        `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\nConnection: close\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      const json = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
        error: { code: string; message: string; details: object };
      };
      expect(json.error.code).toBe('HEADERS_TOO_LARGE');
      expect(typeof json.error.message).toBe('string');
      // Under /open311 the same refusal comes in Open311's shape.
      const open311 = await rawExchange(
        port,
        `GET /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\nConnection: close\r\n\r\n`,
      );
      expect(open311).toMatch(/^HTTP\/1\.1 431 /);
      expect(JSON.parse(open311.slice(open311.indexOf('\r\n\r\n') + 4))).toEqual([
        { code: 431, description: expect.any(String) as unknown },
      ]);
      const garbage = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost x\r\n\r\n');
      expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
      expect(
        (JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4)) as { error: { code: string } }).error.code,
      ).toBe('MALFORMED_REQUEST');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('answers TRACE and other unsupported methods with 405 in the API shape', async () => {
    expectApiError(await env.http.patch('/api/v1/cases'), 405, 'METHOD_NOT_ALLOWED');
    const server: Server = await listen(env.app, { port: 0, host: '127.0.0.1' });
    try {
      const port = (server.address() as AddressInfo).port;
      for (const method of ['TRACE', 'PROPFIND', 'LINK']) {
        const answer = await rawExchange(
          port,
          `${method} /api/v1/cases HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        );
        expect(answer).toMatch(/^HTTP\/1\.1 405 /);
        const json = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string } };
        expect(json.error.code).toBe('METHOD_NOT_ALLOWED');
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('answers every Open311 URL in Open311 error shape', async () => {
    const urls = [
      '/open311',
      '/open311/',
      '/open311/v2',
      '/open311/v3/services.json',
      '/open311/v2/services',
      '/open311/v2/nothing.json',
      '/open311/v2/requests.json?x=%00',
      '/open311/v2/%E0%A4%A.json',
      '/open311/v2/requests.json?start_date=yesterday',
    ];
    for (const url of urls) {
      const response = await env.http.get(url);
      expect([url, response.status >= 400]).toEqual([url, true]);
      expectOpen311Error(response, response.status);
    }
    expectOpen311Error(await env.http.get('/open311/v2/services.json').set('Authorization', 'Bearer nonsense'), 403);
    expectOpen311Error(await env.http.delete('/open311/v2/requests.json'), 404);
    const server: Server = await listen(env.app, { port: 0, host: '127.0.0.1' });
    try {
      const answer = await rawExchange(
        (server.address() as AddressInfo).port,
        'TRACE /open311/v2/services.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      );
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual([
        { code: 400, description: expect.any(String) as unknown },
      ]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const xml = await env.http.get('/open311/v2/nothing.xml');
    expect(xml.status).toBe(404);
    expect(xml.text).toMatch(/<errors><error><code>404<\/code>/);
  });

  it('serves /metrics only with the configured bearer token', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      TASK_QUEUE: env.config.temporal.taskQueue,
      JWT_SECRET: env.config.auth.jwtSecret,
      METRICS_TOKEN: 'metrics-token-0123456789',
    });
    const http = request(
      buildApp({ config, db: env.t.db, temporalClient: env.client, logger: silentLogger }).app.callback(),
    );
    expectApiError(await http.get('/metrics'), 401, 'UNAUTHENTICATED');
    expectApiError(await http.get('/metrics').set('Authorization', 'Bearer wrong'), 401, 'UNAUTHENTICATED');
    const ok = await http.get('/metrics').set('Authorization', 'Bearer metrics-token-0123456789');
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/civicflow_http_requests_total/);
  });

  it('serves /metrics on a listener of its own when METRICS_PORT is set, and not on the API port', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      TASK_QUEUE: env.config.temporal.taskQueue,
      JWT_SECRET: env.config.auth.jwtSecret,
      METRICS_PORT: '0',
    });
    const built = buildApp({ config, db: env.t.db, temporalClient: env.client, logger: silentLogger });
    expectApiError(await request(built.app.callback()).get('/metrics'), 404, 'NOT_FOUND');
    const own = await request(metricsApp(built.metrics, undefined, silentLogger).callback()).get('/metrics');
    expect(own.status).toBe(200);
    expect(own.text).toMatch(/civicflow_http_requests_total/);
  });
});
