/**
 * The web app over HTTP (supertest, no browser): pages and API side by side with their own errors
 * and headers, sessions in Postgres, CSRF, sign-in throttling shared with the API login, and static
 * assets. The browser behaviour (focus, cookies from scripts, axe) is in test/browser/.
 */
import request from 'supertest';
import { silentLogger } from '../../api/logger';
import { loadConfig } from '../../config';
import { listAuditEntries } from '../../db';
import { buildWebApp } from '../../ui/web-app';
import { PASSWORD, type ApiEnv } from '../api/support/api-harness';
import { errorOf } from '../api/support/json-body';
import { csrfOf } from './support/csrf';
import { startWebEnv, signIn } from './support/web-env';

let env: ApiEnv;
beforeAll(async () => {
  env = await startWebEnv();
});
afterAll(async () => env?.close());

/** Signed in through the form, which sends staff to their work list; with the session cookies it set. */
async function signedInWithCookies(username: string) {
  const { agent, response } = await signIn(env, username);
  expect(response.headers.location).toBe('/work');
  return { agent, cookies: response.headers['set-cookie'] as unknown as string[] };
}

describe('the web app', () => {
  it('serves pages with a nonce CSP and HTML errors, and leaves the API its JSON and headers', async () => {
    const page = await env.http.get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const csp = page.headers['content-security-policy'];
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect((await env.http.get('/')).headers['content-security-policy']).not.toBe(csp);

    const missing = await env.http.get('/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Page not found');
    expect(missing.headers['content-type']).toMatch(/text\/html/);

    const api = await env.http.get('/api/v1/no-such-thing');
    expect(api.status).toBe(404);
    expect(errorOf(api).code).toBe('NOT_FOUND');
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect((await env.http.get('/healthz')).body).toEqual({ status: 'ok' });
  });

  it('serves USWDS from node_modules and nothing outside the asset folders', async () => {
    const css = await env.http.get('/assets/uswds/css/uswds.min.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    expect((await env.http.get('/assets/app/app.css')).status).toBe(200);
    for (const path of [
      '/assets/uswds/../package.json',
      '/assets/uswds/%2e%2e/%2e%2e/package.json',
      '/assets/app/../web-app.ts',
      '/assets/uswds/css/nope.css',
    ]) {
      expect((await env.http.get(path)).status).toBe(404);
    }
  });

  it('signs in with a session cookie that is httpOnly and SameSite=Lax, and signs out on the server', async () => {
    const { agent, cookies } = await signedInWithCookies('clerk');
    const session = cookies.find((cookie) => cookie.startsWith('cf_session='));
    expect(session).toMatch(/httponly/i);
    expect(session).toMatch(/samesite=lax/i);
    expect(session).not.toMatch(/secure/i);
    expect((await env.t.db('web_sessions').count<{ count: string }[]>('* as count'))[0].count).not.toBe('0');
    const home = await agent.get('/work');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Your access is audited');

    const out = await agent
      .post('/sign-out')
      .type('form')
      .send({ _csrf: csrfOf(home.text) });
    expect(out.status).toBe(303);
    // The old cookie, replayed, is refused: the session is gone from the server.
    const replay = await request(env.app.callback()).get('/work').set('Cookie', session!.split(';')[0]);
    expect(replay.status).toBe(302);
    expect(replay.headers.location).toMatch(/^\/sign-in/);
    const events = (await listAuditEntries(env.t.db, '_platform', { limit: 5000 }))
      .filter((e) => e.actor.id === env.userIds.clerk)
      .map((e) => `${e.eventType}:${e.source.channel}`);
    expect(events).toEqual(expect.arrayContaining(['auth.login:web', 'auth.logout:web']));
  });

  it('ends an idle session on the server and says so at sign-in', async () => {
    const { agent } = await signedInWithCookies('sanitationSupervisor');
    await env.t
      .db('web_sessions')
      .where({ user_id: env.userIds.sanitationSupervisor })
      .update({ last_seen_at: new Date(Date.now() - 31 * 60_000) });
    const response = await agent.get('/work');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/sign-in?ended=1&next=%2Fwork');
    expect((await agent.get(response.headers.location)).text).toContain('Your session ended');
    expect(await env.t.db('web_sessions').where({ user_id: env.userIds.sanitationSupervisor })).toEqual([]);
  });

  it('marks cookies Secure when PUBLIC_URL is https', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      TASK_QUEUE: env.config.temporal.taskQueue,
      JWT_SECRET: env.config.auth.jwtSecret,
      PUBLIC_URL: 'https://services.city.example',
    });
    const web = buildWebApp({ config, db: env.t.db, temporalClient: env.client, logger: silentLogger });
    // Over plain http a client keeps Secure cookies to itself, as browsers do: send it back by hand,
    // as a TLS-terminating proxy in front of the app would deliver it.
    const form = await request(web.app.callback()).get('/sign-in');
    const visitor = (form.headers['set-cookie'] as unknown as string[]).find((cookie) =>
      cookie.startsWith('cf_visitor='),
    );
    expect(visitor).toMatch(/; secure/i);
    const response = await request(web.app.callback())
      .post('/sign-in')
      .set('Cookie', visitor!.split(';')[0])
      .type('form')
      .send({ _csrf: csrfOf(form.text), username: 'auditor', password: PASSWORD });
    expect(response.status).toBe(303);
    const session = (response.headers['set-cookie'] as unknown as string[]).find((cookie) =>
      cookie.startsWith('cf_session='),
    );
    expect(session).toMatch(/; secure/i);
    expect(session).toMatch(/httponly/i);
  });

  it('refuses a form post without its CSRF token, or with another session’s', async () => {
    const anonymous = await env.http.post('/sign-in').type('form').send({ username: 'clerk', password: PASSWORD });
    expect(anonymous.status).toBe(403);
    expect(anonymous.text).toContain('This form has expired');
    const { agent } = await signedInWithCookies('supervisor');
    const other = await signedInWithCookies('crew');
    const foreign = csrfOf((await other.agent.get('/work')).text);
    expect((await agent.post('/sign-out').type('form').send({ _csrf: foreign })).status).toBe(403);
    expect((await agent.post('/sign-out').send({ _csrf: foreign })).status).toBe(403);
    expect((await agent.get('/work')).status).toBe(200);
  });

  it('shows a wrong password beside the field, and throttles an account for the API and the pages alike', async () => {
    const agent = request.agent(env.app.callback());
    const form = await agent.get('/sign-in');
    const wrong = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), username: 'permitClerk', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('There is a problem');
    expect(wrong.text).toMatch(/id="password-error"/);
    for (let i = 0; i < 5; i += 1)
      await env.http.post('/api/v1/auth/login').send({ username: 'permitclerk', password: 'nope' });
    const api = await env.http.post('/api/v1/auth/login').send({ username: 'permitClerk', password: PASSWORD });
    expect(api.status).toBe(429);
    expect(errorOf(api).code).toBe('RATE_LIMITED');
    const page = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), username: 'permitClerk', password: PASSWORD });
    expect(page.status).toBe(429);
    expect(page.text).toContain('Too many failed sign-ins');
    const throttled = (await listAuditEntries(env.t.db, '_platform', { limit: 5000 })).filter(
      (e) => e.eventType === 'auth.login-failed' && e.details.reason === 'throttled',
    );
    expect(throttled.length).toBeGreaterThanOrEqual(2);
  });

  it('sends a visitor to sign in and back, but never to another site', async () => {
    const redirect = await env.http.get('/work?x=1');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe('/sign-in?next=%2Fwork%3Fx%3D1');
    const agent = request.agent(env.app.callback());
    const form = await agent.get('/sign-in?next=//evil.example/');
    expect(form.text).not.toContain('evil.example');
    const response = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), username: 'manager', password: PASSWORD, next: '//evil.example/' });
    expect(response.headers.location).toBe('/work');
  });
});
