/**
 * The served OpenAPI document is well-formed (every schema compiles under JSON Schema 2020-12) and
 * every operation it lists is routed by the app (no documented path answers "no route"). No database
 * or Temporal needed: unauthenticated calls stop at the auth check.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import knexFactory from 'knex';
import request from 'supertest';
import { Client } from '@temporalio/client';
import { loadConfig } from '../../config';
import { buildApp } from '../../api/create-app';
import { silentLogger } from '../../api/logger';
import { HTTP_STATUS, API_ERROR_CODES } from '../../api/errors/api-error';
import { takeToken } from '../../api/middleware/rate-limit.middleware';

// A knex handle that never connects (nothing here reaches the database).
const db = knexFactory({ client: 'pg', connection: 'postgres://nobody@127.0.0.1:1/none', pool: { min: 0, max: 1 } });
const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'openapi-test-secret-0123456789-0123456789' });
// A client whose connection is never opened: the routes under test never call Temporal.
const temporalClient = new Client({ namespace: 'default' });
const { app } = buildApp({ config, db, temporalClient, logger: silentLogger });
const http = request(app.callback());

afterAll(async () => {
  await db.destroy();
});

describe('the OpenAPI document', () => {
  let document: {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, unknown> };
  };

  beforeAll(async () => {
    const response = await http.get('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    document = response.body;
  });

  it('is OpenAPI 3.1 and every component schema compiles', () => {
    expect(document.openapi).toBe('3.1.0');
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema({ ...document, $id: 'https://civicflow.local/doc.json' });
    for (const name of Object.keys(document.components.schemas)) {
      expect(() => ajv.compile({ $ref: `https://civicflow.local/doc.json#/components/schemas/${name}` })).not.toThrow();
    }
  });

  it('has unique operation ids and routes every documented operation', async () => {
    const ids = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(ids.has(operation.operationId)).toBe(false);
        ids.add(operation.operationId);
        if (['/readyz', '/api/v1/public/cases/{trackingNumber}'].includes(path)) continue; // these reach the database
        const concrete = path.replace(/\{[^}]+\}/g, 'mine');
        const response = await (http as unknown as Record<string, (p: string) => request.Test>)[method](concrete);
        expect(String(response.body?.error?.message ?? '')).not.toMatch(/^no route/);
        expect(response.status).not.toBe(405);
      }
    }
    expect(ids.size).toBeGreaterThan(30);
  });

  it('maps every error code to a 4xx or 5xx status', () => {
    for (const code of API_ERROR_CODES) expect(HTTP_STATUS[code]).toBeGreaterThanOrEqual(400);
    expect(HTTP_STATUS.CASE_NOT_FOUND).toBe(404);
    expect(HTTP_STATUS.FORBIDDEN).toBe(403);
  });
});

describe('request context', () => {
  it('keeps a well-formed X-Request-Id, makes one otherwise, and logs one JSON record per request with it', async () => {
    const records: Record<string, unknown>[] = [];
    const logger = {
      info: (r: Record<string, unknown>) => records.push(r),
      warn: (r: Record<string, unknown>) => records.push(r),
      error: (r: Record<string, unknown>) => records.push(r),
    };
    const logged = request(buildApp({ config, db, temporalClient, logger }).app.callback());
    const kept = await logged.get('/healthz').set('X-Request-Id', 'req-123');
    expect(kept.headers['x-request-id']).toBe('req-123');
    const replaced = await logged.get('/healthz').set('X-Request-Id', 'bad id with spaces <>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(records).toEqual([
      expect.objectContaining({
        msg: 'request',
        requestId: 'req-123',
        method: 'GET',
        path: '/healthz',
        route: '/healthz',
        status: 200,
      }),
      expect.objectContaining({ requestId: replaced.headers['x-request-id'], status: 200 }),
    ]);
    for (const header of [
      'x-content-type-options',
      'x-frame-options',
      'content-security-policy',
      'referrer-policy',
      'strict-transport-security',
    ])
      expect(kept.headers[header]).toBeTruthy();
  });
});

describe('the public rate limit bucket', () => {
  it('allows the capacity at once, then refills with time', () => {
    let bucket = { tokens: 3, at: 0 };
    const allowed: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const step = takeToken(bucket, 3, 0);
      bucket = step.bucket;
      allowed.push(step.allowed);
    }
    expect(allowed).toEqual([true, true, true, false]);
    expect(takeToken(bucket, 3, 20_000).allowed).toBe(true);
  });
});
