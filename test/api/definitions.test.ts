/**
 * Definitions through the API: upload a YAML draft (raw YAML and JSON), publish, list versions, fetch
 * one (JSON and YAML), compare two versions, refuse a version that cannot follow the one in force; new
 * cases start on the newest published version.
 */
import { readFileSync } from 'node:fs';
import { listAuditEntries } from '../../db';
import { auth, SERVICE_COMPLAINT, shippedYaml, startApiEnv, type ApiEnv } from './support/api-harness';
import { responseChecker, type ResponseChecker } from './support/openapi-check';

let env: ApiEnv;
let doc: ResponseChecker;
const v1 = readFileSync(shippedYaml('service-complaint'), 'utf8');
const withVersion = (version: string, title: string) =>
  v1
    .replace(/^version: 1\.0\.0$/m, `version: ${version}`)
    .replace(/^title: 311 service complaint$/m, `title: ${title}`);

beforeAll(async () => {
  env = await startApiEnv({ definitions: [] });
  doc = responseChecker((await env.http.get('/api/v1/openapi.json')).body);
}, 60_000);
afterAll(async () => env?.close());

describe('process definitions through the API', () => {
  it('validates a draft without saving it', async () => {
    const report = await env.http
      .post('/api/v1/definitions/validate')
      .set(auth(env.tokens.manager))
      .send({ source: v1 });
    doc.check('post', '/api/v1/definitions/validate', report);
    expect(report.body).toMatchObject({ ok: true, errors: 0 });
    const list = await env.http.get('/api/v1/definitions').set(auth(env.tokens.manager));
    expect(list.body.items).toEqual([]);
  });

  it('saves an uploaded draft, which starts no case until published', async () => {
    const saved = await env.http
      .post('/api/v1/definitions')
      .set(auth(env.tokens.manager))
      .set('Content-Type', 'application/yaml')
      .send(v1);
    doc.check('post', '/api/v1/definitions', saved);
    expect(saved.status).toBe(201);
    expect(saved.body.definition).toMatchObject({ id: 'service-complaint', version: '1.0.0', status: 'draft' });
    const start = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
    expect(start.status).toBe(404);
    expect(start.body.error.code).toBe('DEFINITION_NOT_FOUND');
  });

  it('publishes it (on the platform audit trail) and then starts cases on it', async () => {
    const published = await env.http
      .post('/api/v1/definitions/service-complaint/versions/1.0.0/publish')
      .set(auth(env.tokens.manager));
    doc.check('post', '/api/v1/definitions/{definitionId}/versions/{version}/publish', published);
    expect(published.body).toMatchObject({ status: 'published', publishedBy: env.userIds.manager });
    const entries = await listAuditEntries(env.t.db, '_platform', { limit: 1000 });
    expect(entries.find((e) => e.eventType === 'definition.published')).toMatchObject({
      actor: { id: env.userIds.manager },
      details: { id: 'service-complaint', version: '1.0.0' },
    });
    const start = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
    expect(start.status).toBe(201);
    expect(start.body.case.definition.version).toBe('1.0.0');
  });

  it('refuses to overwrite a published version', async () => {
    const again = await env.http
      .post('/api/v1/definitions')
      .set(auth(env.tokens.manager))
      .send({ source: v1.replace('title: 311 service complaint', 'title: Changed in place') });
    doc.check('post', '/api/v1/definitions', again);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DEFINITION_VERSION_EXISTS');
  });

  it('compares and publishes a successor, and new cases get it', async () => {
    const saved = await env.http
      .post('/api/v1/definitions')
      .set(auth(env.tokens.admin))
      .send({ source: withVersion('1.1.0', '311 service request') });
    expect(saved.status).toBe(201);
    const compared = await env.http
      .get('/api/v1/definitions/service-complaint/compare?from=1.0.0&to=1.1.0')
      .set(auth(env.tokens.supervisor));
    doc.check('get', '/api/v1/definitions/{definitionId}/compare', compared);
    expect(compared.body).toMatchObject({ ok: true, from: '1.0.0', to: '1.1.0' });
    const backwards = await env.http
      .get('/api/v1/definitions/service-complaint/compare?from=1.1.0&to=1.0.0')
      .set(auth(env.tokens.supervisor));
    expect(backwards.body.ok).toBe(false);
    expect(backwards.body.problems.map((p: { code: string }) => p.code)).toContain('VERSION_NOT_INCREASED');

    expect(
      (
        await env.http
          .post('/api/v1/definitions/service-complaint/versions/1.1.0/publish')
          .set(auth(env.tokens.manager))
      ).status,
    ).toBe(200);
    const start = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
    expect(start.body.case.definition.version).toBe('1.1.0');

    const versions = await env.http.get('/api/v1/definitions/service-complaint/versions').set(auth(env.tokens.clerk));
    doc.check('get', '/api/v1/definitions/{definitionId}/versions', versions);
    expect(versions.body.items.map((v: { version: string }) => v.version)).toEqual(['1.1.0', '1.0.0']);
    const one = await env.http.get('/api/v1/definitions/service-complaint/versions/1.1.0').set(auth(env.tokens.clerk));
    doc.check('get', '/api/v1/definitions/{definitionId}/versions/{version}', one);
    expect(one.body.compiled.title).toBe('311 service request');
    const yaml = await env.http
      .get('/api/v1/definitions/service-complaint/versions/1.1.0?format=yaml')
      .set(auth(env.tokens.clerk));
    expect(yaml.headers['content-type']).toMatch(/yaml/);
    expect(yaml.text).toContain('version: 1.1.0');
  });

  it('refuses to publish a version that cannot follow the one in force', async () => {
    const saved = await env.http
      .post('/api/v1/definitions')
      .set(auth(env.tokens.manager))
      .send({ source: withVersion('1.0.5', 'Older') });
    expect(saved.status).toBe(201);
    const refused = await env.http
      .post('/api/v1/definitions/service-complaint/versions/1.0.5/publish')
      .set(auth(env.tokens.manager));
    doc.check('post', '/api/v1/definitions/{definitionId}/versions/{version}/publish', refused);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('DEFINITION_INVALID');
    expect(refused.body.error.details.problems.map((p: { code: string }) => p.code)).toContain('VERSION_NOT_INCREASED');
    const versions = await env.http.get('/api/v1/definitions/service-complaint/versions').set(auth(env.tokens.clerk));
    expect(versions.body.items.find((v: { version: string }) => v.version === '1.0.5').status).toBe('draft');
  });
});
