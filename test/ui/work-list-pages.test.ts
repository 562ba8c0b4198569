/**
 * The work-list posts over HTTP (supertest, no browser): CSRF on bulk actions and saved views, a forged
 * bulk post naming another department's case (refused as not found, nothing changed), an unsafe
 * return address, and the change signal's 304 without a `cases.listed` entry. The page itself is
 * driven in a browser in test/browser/work-list.spec.ts.
 */
import { listAuditEntries } from '../../db';
import { auth, SERVICE_COMPLAINT, type ApiEnv } from '../api/support/api-harness';
import { jsonBody } from '../api/support/json-body';
import type { StartedCase, CaseView } from '../../api/services';
import { csrfOf } from './support/csrf';
import { startWebEnv, signedInAgent } from './support/web-env';

let env: ApiEnv;
beforeAll(async () => {
  env = await startWebEnv();
});
afterAll(async () => env?.close());

describe('work-list posts', () => {
  it('refuses bulk actions and saved views without the CSRF token, and acts on nothing', async () => {
    const created = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
    const { id, trackingNumber } = {
      id: jsonBody<StartedCase>(created).case.id,
      trackingNumber: jsonBody<StartedCase>(created).trackingNumber,
    };
    const clerk = await signedInAgent(env, 'clerk');
    const bulk = await clerk
      .post('/work/bulk')
      .type('form')
      .send({ action: 'claim', case: `${id}:triage:${trackingNumber}` });
    expect(bulk.status).toBe(403);
    expect((await clerk.post('/work/views').type('form').send({ name: 'x', query: 'list=team' })).status).toBe(403);
    expect(
      jsonBody<CaseView>(await env.http.get(`/api/v1/cases/${id}`).set(auth(env.tokens.clerk))).assigneeId,
    ).toBeNull();

    // Another department's person forging the same post gets "not found", and the case is untouched.
    const crew = await signedInAgent(env, 'crew');
    const page = await crew.get('/work?list=team');
    expect(page.text).not.toContain(trackingNumber);
    const forged = await crew
      .post('/work/bulk')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        action: 'claim',
        case: `${id}:triage:${trackingNumber}`,
        return: '//evil.example/x',
      });
    expect(forged.status).toBe(303);
    // The return address is re-read as a list query: never another site.
    expect(forged.headers.location).toBe(`/work?list=mine&did=claim&done=${trackingNumber}%7ECASE_NOT_FOUND`);
    expect((await crew.get(forged.headers.location)).text).toContain(
      `${trackingNumber}: refused: the case was not found`,
    );
    expect(
      jsonBody<CaseView>(await env.http.get(`/api/v1/cases/${id}`).set(auth(env.tokens.clerk))).assigneeId,
    ).toBeNull();
  });

  it('answers the change signal with 304 while the list is unchanged, writing no audit entry', async () => {
    const clerk = await signedInAgent(env, 'clerk');
    const first = await clerk.get('/work/changes?list=team');
    expect(first.status).toBe(204);
    const tag = first.headers.etag;
    expect(tag).toMatch(/^W\//);
    const listed = async () =>
      (await listAuditEntries(env.t.db, '_platform', { limit: 5000 })).filter(
        (entry) => entry.eventType === 'cases.listed',
      ).length;
    const before = await listed();
    const again = await clerk.get('/work/changes?list=team').set('If-None-Match', tag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    expect(await listed()).toBe(before);
    expect((await clerk.get('/work/changes?list=everything')).status).toBe(400);
    await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
    const changed = await clerk.get('/work/changes?list=team').set('If-None-Match', tag);
    expect(changed.status).toBe(204);
    expect(changed.headers.etag).not.toBe(tag);
  });
});
