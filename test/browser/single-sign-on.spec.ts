/**
 * Single sign-on and the second factor in a real browser: staff sign in at a real OpenID provider
 * (oidc-provider in a child process, test/support/identity-provider) and get the roles and department
 * of their groups; an unmapped person sees the refusal page; a change of groups applies at the next
 * sign-in; a person disabled at the provider is sent to sign in again within the recheck interval;
 * sign-out ends the provider session. A local account sets up a TOTP second factor and signs in with
 * a code and with a recovery code. axe on every CivicFlow page and state visited.
 */
import type { Browser, Page } from '@playwright/test';
import { generateSync } from 'otplib';
import { PASSWORD } from '../api/support/api-harness';
import { startTestIdentityProvider, type TestIdentityProvider } from '../support/identity-provider/identity-provider';
import { expectAccessible } from './support/axe';
import { expect, startWebPlatform, test, type WebPlatform } from './support/web-platform';

const GROUP_MAP = {
  'cf-clerks': { roles: ['staff', 'call-center-agent'], department: 'call-center' },
  'cf-auditors': { roles: ['records-officer'], department: 'call-center' },
};

let provider: TestIdentityProvider;
let platform: WebPlatform;
let stopPlatform: () => Promise<void>;

test.beforeAll(async () => {
  const started = await startWebPlatform({
    env: async (baseURL) => {
      provider = await startTestIdentityProvider({ publicUrl: baseURL });
      return {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_GROUP_MAP: JSON.stringify(GROUP_MAP),
        OIDC_RECHECK_SECONDS: '5',
        OIDC_LABEL: 'City Account',
      };
    },
  });
  platform = started.platform;
  stopPlatform = async () => {
    started.server.closeAllConnections();
    await new Promise<void>((resolve) => started.server.close(() => resolve()));
    await started.platform.env.close();
  };
  await provider.setAccount({ id: 'ana', name: 'Ana Clerk', groups: ['cf-clerks'] });
  await provider.setAccount({ id: 'bea', name: 'Bea Auditor', groups: ['cf-auditors'] });
  await provider.setAccount({ id: 'carl', name: 'Carl Contractor', groups: ['contractors'] });
});

test.afterAll(async () => {
  await stopPlatform?.();
  await provider?.stop();
});

/** A fresh browser (no cookies at CivicFlow or the provider). */
async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: platform.baseURL });
  return context.newPage();
}

/** From CivicFlow's sign-in page through the provider's login form. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Sign in with City Account' }).click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.locator('button[type="submit"]').click();
}

test('staff sign in at the provider and get the roles and department of their groups', async ({ browser }) => {
  const ana = await freshPage(browser);
  await ana.goto('/sign-in');
  await expect(ana.getByRole('link', { name: 'Sign in with City Account' })).toBeVisible();
  await expect(ana.getByLabel('Username')).toBeVisible();
  await expectAccessible(ana);
  await signInAtProvider(ana, 'ana');
  await expect(ana).toHaveURL(`${platform.baseURL}/work`);
  await expect(ana.getByRole('heading', { name: 'Your work' })).toBeVisible();
  await expectAccessible(ana);
  await ana.goto('/intake');
  await expect(ana.getByRole('heading', { level: 1 })).not.toHaveText(/not allowed/i);
  expect((await ana.request.get('/intake')).status()).toBe(200);

  const bea = await freshPage(browser);
  await signInAtProvider(bea, 'bea');
  await expect(bea).toHaveURL(`${platform.baseURL}/work`);
  // A records officer reads cases but does not take requests.
  const refused = await bea.goto('/intake');
  expect(refused?.status()).toBe(403);
  await expectAccessible(bea);
});

test('a person whose groups map to no role is refused with a page that says what to do', async ({ browser }) => {
  const carl = await freshPage(browser);
  await signInAtProvider(carl, 'carl');
  await expect(carl.getByRole('heading', { name: 'Your account does not have access to CivicFlow' })).toBeVisible();
  await expect(carl.getByText('Ask your supervisor or IT service desk')).toBeVisible();
  await expectAccessible(carl);
  await carl.goto('/work');
  await expect(carl).toHaveURL(/\/sign-in/);
});

test('a change of groups applies at the next sign-in; sign-out ends the provider session too', async ({ browser }) => {
  const page = await freshPage(browser);
  await provider.setAccount({ id: 'eve', name: 'Eve Auditor', groups: ['cf-auditors'] });
  await signInAtProvider(page, 'eve');
  await expect(page).toHaveURL(`${platform.baseURL}/work`);
  expect((await page.request.get('/intake')).status()).toBe(403);

  await provider.setAccount({ id: 'eve', name: 'Eve Auditor', groups: ['cf-clerks'] });
  // Still signed in: the change waits for the next sign-in.
  expect((await page.request.get('/intake')).status()).toBe(403);
  await page.getByRole('button', { name: 'Sign out' }).click();
  // The provider asks to confirm ending its session, then sends the browser back.
  await page.getByRole('button', { name: /sign me out/i }).click();
  await expect(page).toHaveURL(`${platform.baseURL}/sign-in?signedOut=1`);
  await expect(page.getByText('You have signed out.')).toBeVisible();
  await expectAccessible(page);

  // The provider session is gone: its login form is shown again.
  await signInAtProvider(page, 'eve');
  await expect(page).toHaveURL(`${platform.baseURL}/work`);
  expect((await page.request.get('/intake')).status()).toBe(200);
});

test('a person disabled at the provider loses the session within the recheck interval', async ({ browser }) => {
  await provider.setAccount({ id: 'dan', name: 'Dan Leaver', groups: ['cf-clerks'] });
  const dan = await freshPage(browser);
  await signInAtProvider(dan, 'dan');
  await expect(dan).toHaveURL(`${platform.baseURL}/work`);
  await provider.setAccount({ id: 'dan', name: 'Dan Leaver', groups: ['cf-clerks'], disabled: true });
  // OIDC_RECHECK_SECONDS=5: keep using the app until the recheck ends the session.
  await expect(async () => {
    await dan.goto('/work');
    await expect(dan).toHaveURL(/\/sign-in\?ended=1/, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(dan.getByText('Your session ended.')).toBeVisible();
  await expectAccessible(dan);
});

test('a local account sets up a TOTP second factor, then signs in with a code and with a recovery code', async ({
  browser,
}) => {
  const page = await freshPage(browser);
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill('crew');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/work$/);

  await page.goto('/sign-in/second-factor/set-up');
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expectAccessible(page);
  const secret = (await page.locator('#totp-key').textContent())!.trim();
  await page.getByLabel('Code').fill('000000' === generateSync({ secret }) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Turn on the second factor' }).click();
  await expect(page.locator('#error-summary')).toBeFocused();
  await expectAccessible(page);
  const enrolCode = generateSync({ secret });
  await page.getByLabel('Code').fill(enrolCode);
  await page.getByRole('button', { name: 'Turn on the second factor' }).click();
  await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
  await expectAccessible(page);
  const recovery = await page.getByRole('list', { name: 'Recovery codes' }).locator('code').allTextContents();
  expect(recovery).toHaveLength(10);

  await page.goto('/sign-out');
  await page.getByRole('button', { name: 'Sign out now' }).click();
  await page.getByLabel('Username').fill('crew');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
  await expectAccessible(page);
  // The code used for set-up is spent.
  await page.getByLabel('Code').fill(enrolCode);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('#error-summary')).toBeFocused();
  await expect(page.locator('#code-error')).toContainText('already used');
  await expectAccessible(page);
  await page.getByLabel('Code').fill(recovery[0]);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/work$/);
  await expect(page.getByRole('heading', { name: 'Your work' })).toBeVisible();
});
