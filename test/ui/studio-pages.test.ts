/**
 * The studio over HTTP (supertest, no browser, no JavaScript): the editor works as a plain form
 * (check shows the server's diagnostics at their line; save keeps an invalid draft with its author),
 * the diagnostics endpoint needs the CSRF token and the write permission, and staff without it get
 * the 403 page. The browser flow is test/browser/studio.spec.ts.
 */
import request from 'supertest';
import { getEditorDraft, listAuditEntries } from '../../db';
import type { ApiEnv } from '../api/support/api-harness';
import { BUILDING_PERMIT_SOURCE } from '../support/building-permit-versions';
import { csrfOf } from './support/csrf';
import { startWebEnv, signedInAgent } from './support/web-env';

let env: ApiEnv;
beforeAll(async () => {
  env = await startWebEnv();
});
afterAll(async () => env?.close());

const broken = BUILDING_PERMIT_SOURCE.replace('start: intake-review', 'start: intake-reveiw');
const brokenLine = broken.split('\n').findIndex((line) => line === 'start: intake-reveiw') + 1;

describe('studio pages without JavaScript', () => {
  it('checks the posted text and shows each problem with its line, then saves it as a working draft with its author', async () => {
    const manager = await signedInAgent(env, 'manager');
    const editor = await manager.get('/studio/building-permit');
    expect(editor.status).toBe(200);
    expect(editor.text).toContain('<textarea');
    expect(editor.text).toContain('src="/assets/islands/definition-editor.js"');

    const checked = await manager
      .post('/studio/building-permit')
      .type('form')
      .send({ _csrf: csrfOf(editor.text), source: broken, intent: 'check' });
    expect(checked.status).toBe(200);
    expect(checked.text).toMatch(
      new RegExp(`${brokenLine}:\\d+</span> error <code>[A-Z_]+</code>: [^<]*intake-reveiw`),
    );

    const saved = await manager
      .post('/studio/building-permit')
      .type('form')
      .send({ _csrf: csrfOf(checked.text), source: broken, intent: 'save' });
    expect(saved.status).toBe(303);
    const managerId = env.userIds.manager;
    expect(await getEditorDraft(env.t.db, 'building-permit', managerId)).toMatchObject({
      authorId: managerId,
      yamlSource: broken,
    });
    const audit = await listAuditEntries(env.t.db, '_platform', { limit: 5000 });
    expect(
      audit.some((entry) => entry.eventType === 'definition.editor-draft-saved' && entry.actor.id === managerId),
    ).toBe(true);
    expect((await manager.get(saved.headers.location)).text).toContain('Saved your working draft.');

    // A version draft is refused while the text has errors, with the error beside the field.
    const version = await manager
      .post('/studio/building-permit')
      .type('form')
      .send({ _csrf: csrfOf(checked.text), source: broken, intent: 'version' });
    expect(version.status).toBe(400);
    expect(version.text).toContain('Fix the problems listed before saving a version');
  });

  it('answers the live diagnostics as JSON, only with the CSRF token', async () => {
    const manager = await signedInAgent(env, 'manager');
    const page = await manager.get('/studio/building-permit');
    expect(
      (await manager.post('/studio/building-permit/diagnostics').type('form').send({ source: broken })).status,
    ).toBe(403);
    const answer = await manager
      .post('/studio/building-permit/diagnostics')
      .type('form')
      .send({ _csrf: csrfOf(page.text), source: broken });
    expect(answer.status).toBe(200);
    const report = answer.body as { ok: boolean; problems: { line: number }[] };
    expect(report.ok).toBe(false);
    expect(report.problems.some((problem) => problem.line === brokenLine)).toBe(true);
  });

  it('serves the editor island as one bundle', async () => {
    const bundle = await request(env.app.callback()).get('/assets/islands/definition-editor.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-type']).toContain('javascript');
    expect(bundle.text.length).toBeGreaterThan(100_000);
    expect((await request(env.app.callback()).get('/assets/islands/other.js')).status).toBe(404);
  }, 60_000);

  it('shows the calendars with next year at a glance', async () => {
    const clerk = await signedInAgent(env, 'clerk');
    const page = await clerk.get('/studio/calendars');
    expect(page.status).toBe(200);
    const year = new Date().getUTCFullYear() + 1;
    expect(page.text).toContain(`Working days per month in ${year}`);
    expect(page.text).toContain('(la-city)');
    expect(page.text).toMatch(new RegExp(`${year}-07-0[2-5]: Independence Day`));
  });

  it('shows staff the definitions but not the editor', async () => {
    const clerk = await signedInAgent(env, 'clerk');
    expect((await clerk.get('/studio')).status).toBe(200);
    expect((await clerk.get('/studio/building-permit')).status).toBe(403);
  });
});
