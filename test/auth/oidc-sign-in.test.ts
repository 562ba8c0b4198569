/**
 * Single sign-on against a REAL OpenID provider (oidc-provider in a child process, see
 * test/support/identity-provider), with the whole platform (Postgres, Temporal, worker) behind the web
 * app: groups map to roles and departments, a change of groups applies at the next sign-in, unmapped
 * people are refused, a tampered ID token, a wrong nonce, a replayed state and a token from another
 * issuer are each refused, a person disabled at the provider loses their session at the next recheck,
 * and sign-out ends the provider's session. The provider's HTTP answers pass through `providerFetch`,
 * where the attacks rewrite the token response as a man in the middle would.
 */
import * as openid from 'openid-client';
import { createOidcClient } from '../../api/auth/oidc/oidc-client';
import { getUser, listAuditEntries, findUserIdentity } from '../../db';
import { PLATFORM_AUDIT_STREAM } from '../../domain/audit';
import { buildWebApp } from '../../ui/web-app';
import { startApiEnv, type ApiEnv } from '../api/support/api-harness';
import { HttpBrowser, isProviderLoginPage, type Page } from '../support/identity-provider/http-browser';
import { startTestIdentityProvider, type TestIdentityProvider } from '../support/identity-provider/identity-provider';

const PUBLIC_URL = 'http://civicflow.test';
const GROUP_MAP = {
  'cf-clerks': { roles: ['staff', 'call-center-agent'], department: 'call-center' },
  'cf-sanitation-supervisors': { roles: ['supervisor', 'sanitation-supervisor'], department: 'sanitation' },
  'cf-auditors': { roles: ['records-officer'], department: 'call-center' },
};

/** A man in the middle on the token endpoint: when set, rewrites the ID token of the next token response. */
let rewriteIdToken: ((idToken: string) => string) | undefined;
let lastIdToken: string | undefined;
const providerFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = input instanceof Request ? input.url : String(input);
  if (!url.endsWith('/token') || response.status !== 200) return response;
  const body = (await response.json()) as { id_token: string };
  lastIdToken = body.id_token;
  if (rewriteIdToken) {
    body.id_token = rewriteIdToken(body.id_token);
    rewriteIdToken = undefined;
  }
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
};

let provider: TestIdentityProvider;
let otherProvider: TestIdentityProvider;
let env: ApiEnv;
/** Added to the app's clock: skips time for the session recheck without waiting. */
let clockOffsetMs = 0;

beforeAll(async () => {
  [provider, otherProvider] = await Promise.all([
    startTestIdentityProvider({ publicUrl: PUBLIC_URL }),
    startTestIdentityProvider({ publicUrl: PUBLIC_URL }),
  ]);
  for (const idp of [provider, otherProvider]) {
    await idp.setAccount({
      id: 'ana',
      name: 'Ana Clerk',
      email: 'ana@city.example',
      groups: ['everyone', 'cf-clerks'],
    });
    await idp.setAccount({ id: 'bea', name: 'Bea Auditor', groups: ['cf-auditors'] });
    await idp.setAccount({ id: 'carl', name: 'Carl Contractor', groups: ['everyone', 'contractors'] });
  }
  env = await startApiEnv({
    env: {
      PUBLIC_URL,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_GROUP_MAP: JSON.stringify(GROUP_MAP),
      OIDC_RECHECK_SECONDS: '60',
      OIDC_LABEL: 'City Account',
    },
    build: (deps) =>
      buildWebApp(
        { ...deps, clock: () => new Date(Date.now() + clockOffsetMs) },
        { oidc: createOidcClient(deps.config.signIn.oidc!, { fetch: providerFetch }) },
      ),
  });
}, 240_000);

afterAll(async () => {
  await env?.close();
  await Promise.all([provider?.stop(), otherProvider?.stop()]);
});

/** Starts single sign-on in `browser`, logs in at the provider as `login` and returns the page the app ends on. */
async function signInAs(browser: HttpBrowser, login: string, options: { stopAt?: RegExp } = {}): Promise<Page> {
  const atProvider = await browser.go('/sign-in/oidc');
  return browser.logInAtProvider(atProvider, login, options);
}

async function platformEvents(eventType: string) {
  return (await listAuditEntries(env.t.db, PLATFORM_AUDIT_STREAM, { limit: 5000 })).filter(
    (entry) => entry.eventType === eventType,
  );
}

async function userOf(login: string) {
  const identity = await findUserIdentity(env.t.db, provider.issuer, login);
  return identity ? getUser(env.t.db, identity.userId) : undefined;
}

describe('single sign-on through a real OpenID provider', () => {
  it('the sign-in page offers the provider', async () => {
    const page = await new HttpBrowser(env.app, PUBLIC_URL).go('/sign-in');
    expect(page.body).toContain('Sign in with City Account');
    expect(page.body).toContain('href="/sign-in/oidc"');
  });

  it('signs in two people whose groups map to different roles and departments; each may do exactly what those roles allow', async () => {
    const ana = new HttpBrowser(env.app, PUBLIC_URL);
    const anaWork = await signInAs(ana, 'ana');
    expect(anaWork.url).toBe(`${PUBLIC_URL}/work`);
    expect(anaWork.status).toBe(200);
    const anaUser = await userOf('ana');
    expect(anaUser).toMatchObject({
      username: 'ana',
      displayName: 'Ana Clerk',
      email: 'ana@city.example',
      departmentId: 'call-center',
      active: true,
      hasPassword: false,
    });
    expect([...anaUser!.roles].sort()).toEqual(['call-center-agent', 'staff']);
    expect((await ana.go('/intake')).status).toBe(200);

    const bea = new HttpBrowser(env.app, PUBLIC_URL);
    expect((await signInAs(bea, 'bea')).url).toBe(`${PUBLIC_URL}/work`);
    const beaUser = await userOf('bea');
    expect(beaUser?.roles).toEqual(['records-officer']);
    // A records officer reads but does not take requests.
    expect((await bea.go('/intake')).status).toBe(403);

    const created = await platformEvents('auth.user-created');
    expect(created.map((entry) => entry.actor.id)).toEqual(expect.arrayContaining([anaUser!.id, beaUser!.id]));
    const logins = (await platformEvents('auth.login')).filter((entry) => entry.details.method === 'oidc');
    expect(logins.map((entry) => entry.actor.id)).toEqual(expect.arrayContaining([anaUser!.id, beaUser!.id]));
  });

  it('refuses a person whose groups map to no role, with a page that says so; no user is created', async () => {
    const carl = new HttpBrowser(env.app, PUBLIC_URL);
    const page = await signInAs(carl, 'carl');
    expect(page.status).toBe(403);
    expect(page.body).toContain('Your account does not have access to CivicFlow');
    expect(await userOf('carl')).toBeUndefined();
    expect((await carl.go('/work')).url).toContain('/sign-in');
    const refusals = (await platformEvents('auth.login-failed')).filter(
      (entry) => entry.details.reason === 'no-mapped-group',
    );
    expect(refusals.some((entry) => entry.actor.id === 'oidc:carl')).toBe(true);
  });

  it('a change of groups at the provider applies at the next sign-in, and is audited', async () => {
    await provider.setAccount({ id: 'bea', name: 'Bea Auditor', groups: ['cf-sanitation-supervisors'] });
    await signInAs(new HttpBrowser(env.app, PUBLIC_URL), 'bea');
    const bea = await userOf('bea');
    expect([...bea!.roles].sort()).toEqual(['sanitation-supervisor', 'supervisor']);
    expect(bea!.departmentId).toBe('sanitation');
    const changes = (await platformEvents('auth.roles-changed')).filter((entry) => entry.actor.id === bea!.id);
    expect(changes.at(-1)?.details).toMatchObject({
      before: { roles: ['records-officer'], departmentId: 'call-center' },
      after: { departmentId: 'sanitation' },
    });
  });

  it('refuses a replayed state: the callback works once', async () => {
    const browser = new HttpBrowser(env.app, PUBLIC_URL);
    const callback = await signInAs(browser, 'ana', { stopAt: /\/sign-in\/oidc\/callback\?/ });
    const callbackUrl = callback.location!;
    const state = new URL(callbackUrl).searchParams.get('state')!;
    expect((await browser.go(callbackUrl)).url).toBe(`${PUBLIC_URL}/work`);
    // The same answer again, even with the state cookie put back, finds no sign-in waiting for it.
    const replay = new HttpBrowser(env.app, PUBLIC_URL);
    replay.appCookies.set('cf_oidc_state', state);
    const page = await replay.go(callbackUrl);
    expect(page.status).toBe(400);
    expect(page.body).toContain('This sign-in has expired');
    expect((await replay.go('/work')).url).toContain('/sign-in');
  });

  it('refuses a callback whose state was never given to this browser', async () => {
    const victim = new HttpBrowser(env.app, PUBLIC_URL);
    const attacker = new HttpBrowser(env.app, PUBLIC_URL);
    // The attacker's own valid answer, planted on someone else (login CSRF): no matching state cookie.
    const callback = await signInAs(attacker, 'carl', { stopAt: /\/sign-in\/oidc\/callback\?/ });
    const page = await victim.go(callback.location!);
    expect(page.status).toBe(400);
  });

  it('refuses a tampered ID token', async () => {
    rewriteIdToken = (token) => {
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      return [
        header,
        Buffer.from(JSON.stringify({ ...claims, groups: ['cf-sanitation-supervisors'], sub: 'bea' })).toString(
          'base64url',
        ),
        signature,
      ].join('.');
    };
    const page = await signInAs(new HttpBrowser(env.app, PUBLIC_URL), 'ana');
    expect(page.status).toBe(401);
    expect(page.body).toContain('Sign-in failed');
    const rejected = (await platformEvents('auth.login-failed')).filter(
      (entry) => entry.details.reason === 'token-rejected',
    );
    expect(rejected.at(-1)?.details.message).toMatch(/signature/i);
  });

  it('refuses an ID token minted for another sign-in (wrong nonce)', async () => {
    await signInAs(new HttpBrowser(env.app, PUBLIC_URL), 'ana');
    const earlier = lastIdToken!;
    rewriteIdToken = () => earlier;
    const before = (await platformEvents('auth.login-failed')).length;
    const page = await signInAs(new HttpBrowser(env.app, PUBLIC_URL), 'ana');
    expect(page.status).toBe(401);
    const failures = await platformEvents('auth.login-failed');
    expect(failures.length).toBe(before + 1);
    expect(failures.at(-1)?.details.message).toMatch(/nonce/i);
  });

  it('refuses an ID token from another issuer, even one carrying the right nonce', async () => {
    const browser = new HttpBrowser(env.app, PUBLIC_URL);
    const leaving = await browser.go('/sign-in/oidc', { stopAt: /\/auth\?/ });
    const nonce = new URL(leaving.location!).searchParams.get('nonce')!;
    // A genuine ID token from a second provider (same client id and secret) for the same login and this sign-in's nonce.
    const other = await openid.discovery(
      new URL(otherProvider.issuer),
      otherProvider.clientId,
      undefined,
      openid.ClientSecretPost(otherProvider.clientSecret),
      { execute: [openid.allowInsecureRequests] },
    );
    const verifier = openid.randomPKCECodeVerifier();
    const authorize = openid.buildAuthorizationUrl(other, {
      redirect_uri: `${PUBLIC_URL}/sign-in/oidc/callback`,
      scope: 'openid profile groups',
      code_challenge: await openid.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'other',
      nonce,
    });
    const driver = new HttpBrowser(env.app, PUBLIC_URL);
    const callback = await driver.logInAtProvider(await driver.go(authorize.href), 'ana', {
      stopAt: /\/sign-in\/oidc\/callback\?/,
    });
    const tokens = await openid.authorizationCodeGrant(other, new URL(callback.location!), {
      pkceCodeVerifier: verifier,
      expectedState: 'other',
      expectedNonce: nonce,
    });
    expect(tokens.claims()?.iss).toBe(otherProvider.issuer);
    rewriteIdToken = () => tokens.id_token!;

    const page = await browser.logInAtProvider(await browser.go(leaving.location!), 'ana');
    expect(page.status).toBe(401);
    const failures = await platformEvents('auth.login-failed');
    expect(failures.at(-1)?.details.message).toMatch(/"iss"|signature/i);
  });

  it('a person disabled at the provider loses their session at the next recheck', async () => {
    await provider.setAccount({ id: 'dan', name: 'Dan Leaver', groups: ['cf-clerks'] });
    const dan = new HttpBrowser(env.app, PUBLIC_URL);
    expect((await signInAs(dan, 'dan')).url).toBe(`${PUBLIC_URL}/work`);
    // Within the interval nothing is asked; after it the provider still vouches for Dan.
    clockOffsetMs += 61_000;
    expect((await dan.go('/work')).status).toBe(200);

    await provider.setAccount({ id: 'dan', name: 'Dan Leaver', groups: ['cf-clerks'], disabled: true });
    expect((await dan.go('/work')).status).toBe(200);
    clockOffsetMs += 61_000;
    const page = await dan.go('/work');
    expect(page.url).toContain('/sign-in?ended=1');
    const danUser = await userOf('dan');
    expect((await platformEvents('auth.session-ended')).some((entry) => entry.actor.id === danUser!.id)).toBe(true);
  });

  it('sign-out ends the provider session too (RP-initiated logout)', async () => {
    const browser = new HttpBrowser(env.app, PUBLIC_URL);
    await signInAs(browser, 'ana');
    const signOut = await browser.go('/sign-out');
    const atProvider = await browser.submitForm(signOut, '/sign-out', {});
    expect(atProvider.url).toContain(`${provider.issuer}/session/end`);
    // The provider asks to confirm; confirming comes back to CivicFlow's sign-in page.
    const back = await browser.submitForm(atProvider, /\/session\/end\/confirm/, { logout: 'yes' });
    expect(back.url).toBe(`${PUBLIC_URL}/sign-in?signedOut=1`);
    expect(back.body).toContain('You have signed out.');
    // The provider no longer knows this browser: the next sign-in asks for the login again.
    const again = await browser.go('/sign-in/oidc');
    expect(isProviderLoginPage(again)).toBe(true);
  });
});
