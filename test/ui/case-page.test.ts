/**
 * The case page over HTTP (supertest, no browser): uploads check the CSRF token from the multipart
 * fields before anything is stored, another department's case is not found for reads and posts
 * alike, and bad input comes back as a 400 page with the input kept. The browser flows are in
 * test/browser/case-page.spec.ts.
 */
import { auth, type ApiEnv } from '../api/support/api-harness';
import { jsonBody } from '../api/support/json-body';
import type { CaseView } from '../../api/services';
import { csrfOf } from './support/csrf';
import { createNotificationActivities } from '../../activities/notification.activities';
import { enqueueNotification } from '../../db';
import { AGENCY, TEMPLATE_FIXTURES } from '../notifications/template-fixtures';
import { startWebEnv, fileBuildingPermit, signedInAgent } from './support/web-env';

let env: ApiEnv;
let permitId: string;
beforeAll(async () => {
  env = await startWebEnv();
  permitId = (await fileBuildingPermit(env)).case.id;
}, 120_000);
afterAll(async () => env?.close());

const documents = async () =>
  jsonBody<{ items: unknown[] }>(
    await env.http.get(`/api/v1/cases/${permitId}/documents`).set(auth(env.tokens.permitClerk)),
  ).items;

describe('the case page', () => {
  it('refuses an upload whose multipart fields lack the session’s CSRF token, and stores nothing', async () => {
    const agent = await signedInAgent(env, 'permitClerk');
    const page = await agent.get(`/cases/${permitId}`);
    expect(page.status).toBe(200);
    const token = csrfOf(page.text);
    const missing = await agent
      .post(`/cases/${permitId}/documents`)
      .attach('file', Buffer.from('notes'), { filename: 'a.txt', contentType: 'text/plain' });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('This form has expired');
    const wrong = await agent
      .post(`/cases/${permitId}/documents`)
      .field('_csrf', `${token.slice(0, -2)}xx`)
      .attach('file', Buffer.from('notes'), { filename: 'a.txt', contentType: 'text/plain' });
    expect(wrong.status).toBe(403);
    // Multipart anywhere else is refused before any route runs.
    expect((await agent.post('/sign-out').field('_csrf', token).attach('file', Buffer.from('x'), 'x.txt')).status).toBe(
      403,
    );
    expect(await documents()).toHaveLength(0);

    const ok = await agent
      .post(`/cases/${permitId}/documents`)
      .field('_csrf', token)
      .attach('file', Buffer.from('notes'), { filename: 'a.txt', contentType: 'text/plain' });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`/cases/${permitId}?done=upload`);
    expect(await documents()).toHaveLength(1);
  });

  it('answers not found for another department’s case, on the page and on its forms', async () => {
    const agent = await signedInAgent(env, 'crew');
    const home = await agent.get('/work');
    const page = await agent.get(`/cases/${permitId}`);
    expect(page.status).toBe(404);
    expect(page.text).not.toContain('Rosa Builder');
    const post = await agent
      .post(`/cases/${permitId}/comments`)
      .type('form')
      .send({ _csrf: csrfOf(home.text), text: 'hello' });
    expect(post.status).toBe(404);
    const timeline = await env.http.get(`/api/v1/cases/${permitId}/timeline`).set(auth(env.tokens.permitClerk));
    expect(
      jsonBody<{ items: { type: string }[] }>(timeline).items.some((entry) => entry.type === 'comment-added'),
    ).toBe(false);
    expect((await agent.get(`/cases/${permitId}/documents/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
  });

  it('keeps the input beside its error when a form is wrong, and changes nothing', async () => {
    const agent = await signedInAgent(env, 'permitSupervisor');
    const page = await agent.get(`/cases/${permitId}`);
    const before = jsonBody<CaseView>(
      await env.http.get(`/api/v1/cases/${permitId}`).set(auth(env.tokens.permitClerk)),
    ).updatedAt;
    const bad = await agent
      .post(`/cases/${permitId}/clock/extend`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), idempotencyKey: 'k-00000001', by: '', reason: 'complex-project' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter how long to extend the deadline by');
    expect(bad.text).toMatch(/<option value="complex-project" selected/);
    const refused = await agent
      .post(`/cases/${permitId}/clock/extend`)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        idempotencyKey: 'k-00000002',
        by: 'ten days please',
        reason: 'complex-project',
      });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('id="clock-extend-by-error"');
    expect(refused.text).toContain('value="ten days please"');
    expect(
      jsonBody<CaseView>(await env.http.get(`/api/v1/cases/${permitId}`).set(auth(env.tokens.permitClerk))).updatedAt,
    ).toBe(before);
    // An unknown timeline kind is ignored, not an error.
    expect((await agent.get(`/cases/${permitId}?kind=%3Cscript%3E`)).status).toBe(200);
  });

  it('shows an out-of-date claim as refused on its form, from the workflow', async () => {
    const agent = await signedInAgent(env, 'permitClerk');
    const page = await agent.get(`/cases/${permitId}`);
    expect(page.text).toContain('Claim this task');
    // Meanwhile a supervisor claims it.
    expect(
      (
        await env.http
          .post(`/api/v1/cases/${permitId}/claim`)
          .set(auth(env.tokens.permitSupervisor))
          .send({ step: 'intake-review' })
      ).status,
    ).toBe(200);
    const late = await agent
      .post(`/cases/${permitId}/claim`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), idempotencyKey: 'k-00000003', step: 'intake-review' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('<a href="#claim-intake-review">Someone else is working on this task now</a>');
    expect(late.text).toMatch(/id="claim-intake-review" tabindex="-1"/);
    expect(
      jsonBody<CaseView>(await env.http.get(`/api/v1/cases/${permitId}`).set(auth(env.tokens.permitClerk))).assigneeId,
    ).toBe(env.userIds.permitSupervisor);
  });

  it('tells staff about a notice the outbox gave up on, on the page and in the timeline', async () => {
    const agent = await signedInAgent(env, 'permitClerk');
    expect((await agent.get(`/cases/${permitId}`)).text).not.toContain('could not be delivered');
    const { agency: _agency, ...data } = TEMPLATE_FIXTURES['status-changed'];
    const giveUpAt = new Date(Date.now() - 1000);
    await enqueueNotification(env.t.db, {
      idempotencyKey: `${permitId}:lost`,
      caseId: permitId,
      channel: 'email',
      recipient: 'rosa@example.org',
      template: 'status-changed',
      payload: { data },
      maxAttempts: 1,
      giveUpAt,
      availableAt: giveUpAt,
    });
    // No mail server configured at all: the sweep's last attempt fails and gives the notice up.
    const result = await createNotificationActivities({ db: env.t.db, agency: AGENCY }).deliverDueNotifications(500);
    expect(result.gaveUp).toBe(1);

    const page = await agent.get(`/cases/${permitId}`);
    expect(page.text).toContain('A notice could not be delivered');
    expect(page.text).toMatch(/status changed by email: given up .* after 1 attempts \(CHANNEL_NOT_CONFIGURED/);
    expect(page.text).toContain('Notice undelivered: status-changed by email');
    // Another department sees neither the case nor its incident.
    expect((await (await signedInAgent(env, 'crew')).get(`/cases/${permitId}`)).status).toBe(404);
  });
});
