/**
 * The local accounts' second factor through the pages (real Postgres, the whole web app): enrolment
 * with the QR code and the key, sign-in with a code, a wrong or reused code refused, a recovery code
 * good once, a role that requires the factor cannot get a session without setting it up, the API login
 * does not bypass it, and every step is on the platform audit chain.
 */
import { generateSync } from 'otplib';
import { createUser, listAuditEntries } from '../../db';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import { buildWebApp } from '../../ui/web-app';
import { PASSWORD, startApiEnv, type ApiEnv } from '../api/support/api-harness';
import { HttpBrowser, type Page } from '../support/identity-provider/http-browser';

const PUBLIC_URL = 'http://civicflow.test';
const PERIOD_MS = 30_000;
let env: ApiEnv;

// The app's clock: real time plus an offset the tests move on, so that a new TOTP period starts at once.
let clockOffsetMs = 0;
const appNow = (): Date => new Date(Date.now() + clockOffsetMs);
/** The code an authenticator app shows at the app's current instant. */
const codeNow = (secret: string): string => generateSync({ secret, epoch: Math.floor(appNow().getTime() / 1000) });

beforeAll(async () => {
  // The harness signs every one of its staff in through the API first, so the role that requires a
  // second factor is held only by a user made here.
  env = await startApiEnv({
    build: buildWebApp,
    env: { PUBLIC_URL, TOTP_REQUIRED_ROLES: 'security-admin,auditor-admin' },
    clock: appNow,
  });
  await createUser(env.t.db, {
    username: 'secadmin',
    displayName: 'Security Admin',
    password: PASSWORD,
    roles: ['admin', 'security-admin'],
    departmentId: 'call-center',
  });
}, 240_000);

afterAll(async () => {
  await env?.close();
});

async function passwordSignIn(username: string): Promise<{ browser: HttpBrowser; page: Page }> {
  const browser = new HttpBrowser(env.app, PUBLIC_URL);
  const page = await browser.submitForm(await browser.go('/sign-in'), '/sign-in', { username, password: PASSWORD });
  return { browser, page };
}

function keyOf(page: Page): string {
  const key = /<code id="totp-key">([A-Z2-7]+)<\/code>/.exec(page.body)?.[1];
  if (!key) throw new Error(`no key on ${page.url}: ${page.body.slice(0, 200)}`);
  return key;
}

function recoveryCodesOf(page: Page): string[] {
  return [...page.body.matchAll(/<li><code>([A-Z0-9]{4}-[A-Z0-9]{4})<\/code><\/li>/g)].map((match) => match[1]);
}

async function events(actorId: string) {
  return (await listAuditEntries(env.t.db, PLATFORM_AUDIT_STREAM, { limit: 5000 })).filter(
    (entry) => entry.actor.id === actorId,
  );
}

describe('TOTP second factor for local accounts', () => {
  let secret = '';
  let recoveryCodes: string[] = [];
  let usedCode = '';

  it('a signed-in person sets it up: QR code and key, a wrong code refused, the right one turns it on and shows recovery codes once', async () => {
    const { browser, page } = await passwordSignIn('clerk');
    expect(page.url).toBe(`${PUBLIC_URL}/work`);
    const setUp = await browser.go('/sign-in/second-factor/set-up');
    expect(setUp.status).toBe(200);
    expect(setUp.body).toMatch(/<img src="data:image\/png;base64,[^"]+" alt="QR code/);
    secret = keyOf(setUp);

    const wrong = await browser.submitForm(setUp, '/sign-in/second-factor/set-up', {
      code: '000000' === codeNow(secret) ? '111111' : '000000',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('The code is not right');
    expect(keyOf(wrong)).toBe(secret);

    usedCode = codeNow(secret);
    const done = await browser.submitForm(wrong, '/sign-in/second-factor/set-up', { code: usedCode });
    expect(done.status).toBe(200);
    expect(done.body).toContain('Your second factor is on.');
    recoveryCodes = recoveryCodesOf(done);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    // Stored as hashes only.
    const stored = await env.t.db('totp_recovery_codes').where({ user_id: env.userIds.clerk }).pluck('code_hash');
    expect(stored).toHaveLength(10);
    expect(stored.some((hash) => recoveryCodes.some((code) => String(hash).includes(code)))).toBe(false);
    // Set up once: a second visit does not replace the secret.
    expect((await browser.go('/sign-in/second-factor/set-up')).body).toContain('already on');
    expect((await events(env.userIds.clerk)).map((entry) => entry.eventType)).toEqual(
      expect.arrayContaining(['auth.second-factor-enrolment-failed', 'auth.second-factor-enrolled']),
    );
  });

  it('the password alone no longer opens a session; a reused code and a wrong code are refused', async () => {
    const { browser, page } = await passwordSignIn('clerk');
    expect(page.url).toBe(`${PUBLIC_URL}/sign-in/second-factor`);
    expect(page.body).toContain('Enter your code');
    expect((await browser.go('/work')).url).toContain('/sign-in');

    const reused = await browser.submitForm(await browser.go('/sign-in/second-factor'), '/sign-in/second-factor', {
      code: usedCode,
    });
    expect(reused.status).toBe(401);
    expect(reused.body).toContain('not right or was already used');
    const wrong = await browser.submitForm(reused, '/sign-in/second-factor', {
      code: usedCode === '123456' ? '654321' : '123456',
    });
    expect(wrong.status).toBe(401);
    expect((await browser.go('/work')).url).toContain('/sign-in');
    const failures = (await events(env.userIds.clerk)).filter(
      (entry) => entry.eventType === 'auth.second-factor-failed',
    );
    expect(failures.length).toBeGreaterThanOrEqual(2);
  });

  it('a fresh code signs in (once the code of the enrolment period has passed)', async () => {
    // A code is good once per 30 s period: the app's clock moves on one period rather than the test waiting for it.
    clockOffsetMs += PERIOD_MS;
    const code = codeNow(secret);
    const { browser, page } = await passwordSignIn('clerk');
    const signedIn = await browser.submitForm(page, '/sign-in/second-factor', { code });
    expect(signedIn.url).toBe(`${PUBLIC_URL}/work`);
    expect(signedIn.status).toBe(200);
    const last = (await events(env.userIds.clerk)).filter((entry) => entry.eventType === 'auth.second-factor').at(-1);
    expect(last?.details).toEqual({ method: 'totp' });
  });

  it('a recovery code works once', async () => {
    const first = await passwordSignIn('clerk');
    const signedIn = await first.browser.submitForm(first.page, '/sign-in/second-factor', {
      code: recoveryCodes[0].toLowerCase(),
    });
    expect(signedIn.url).toBe(`${PUBLIC_URL}/work`);
    const last = (await events(env.userIds.clerk)).filter((entry) => entry.eventType === 'auth.second-factor').at(-1);
    expect(last?.details).toEqual({ method: 'recovery-code', recoveryCodesLeft: 9 });

    const second = await passwordSignIn('clerk');
    const again = await second.browser.submitForm(second.page, '/sign-in/second-factor', { code: recoveryCodes[0] });
    expect(again.status).toBe(401);
    expect((await second.browser.go('/work')).url).toContain('/sign-in');
  });

  it('the API login does not bypass the second factor', async () => {
    const response = await env.http.post('/api/v1/auth/login').send({ username: 'clerk', password: PASSWORD });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('a role that requires it (TOTP_REQUIRED_ROLES) gets no session until it is set up', async () => {
    const { browser, page } = await passwordSignIn('secadmin');
    expect(page.url).toBe(`${PUBLIC_URL}/sign-in/second-factor/set-up`);
    expect((await browser.go('/work')).url).toContain('/sign-in');
    const setUp = await browser.go('/sign-in/second-factor/set-up');
    const done = await browser.submitForm(setUp, '/sign-in/second-factor/set-up', {
      code: codeNow(keyOf(setUp)),
    });
    expect(recoveryCodesOf(done)).toHaveLength(10);
    const work = await browser.go('/work');
    expect(work.url).toBe(`${PUBLIC_URL}/work`);
    expect(work.status).toBe(200);
  });

  it('the pending step cannot be forged: a made-up cookie gets nothing', async () => {
    const browser = new HttpBrowser(env.app, PUBLIC_URL);
    browser.appCookies.set(
      'cf_pending_sign_in',
      `${Buffer.from(JSON.stringify({ userId: env.userIds.clerk, step: 'enrol', exp: 9999999999 })).toString('base64url')}.forged`,
    );
    expect((await browser.go('/sign-in/second-factor/set-up')).url).toBe(`${PUBLIC_URL}/sign-in`);
  });
});
