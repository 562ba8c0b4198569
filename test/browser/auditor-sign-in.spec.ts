/**
 * An auditor's way in, in a real browser, with single sign-on and second factors both on
 * (TOTP_REQUIRED_ROLES=auditor): through the agency's OpenID provider (oidc-provider in a child
 * process) their group gives the auditor role and they land on their home page, the audit (they read
 * no cases); a local auditor account must set up a TOTP second factor at its first sign-in, proves it
 * with a code from the authenticator, and lands on the audit too; the next sign-in asks for a code
 * again (a recovery code here: a TOTP code is accepted once per time step). axe on every state visited.
 */
import type { Browser, Page } from '@playwright/test';
import { generateSync } from 'otplib';
import { createTestUser } from '../support/test-users';
import { PASSWORD } from '../api/support/api-harness';
import { startTestIdentityProvider, type TestIdentityProvider } from '../support/identity-provider/identity-provider';
import { expectAccessible } from './support/axe';
import { expect, startWebPlatform, test, type WebPlatform } from './support/web-platform';

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
        OIDC_GROUP_MAP: JSON.stringify({ 'cf-audit': { roles: ['auditor'], department: 'call-center' } }),
        OIDC_LABEL: 'City Account',
        TOTP_REQUIRED_ROLES: 'auditor',
      };
    },
  });
  platform = started.platform;
  stopPlatform = async () => {
    started.server.closeAllConnections();
    await new Promise<void>((resolve) => started.server.close(() => resolve()));
    await started.platform.env.close();
  };
  await provider.setAccount({ id: 'ida', name: 'Ida Auditor', groups: ['cf-audit'] });
});

test.afterAll(async () => {
  await stopPlatform?.();
  await provider?.stop();
});

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: platform.baseURL })).newPage();
}

test('an auditor signs in through the agency provider and lands on the audit', async ({ browser }) => {
  const page = await freshPage(browser);
  await page.goto('/sign-in');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Sign in with City Account' }).click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill('ida');
  await page.locator('input[name="password"]').fill('anything');
  await page.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(`${platform.baseURL}/audit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Audit' })).toBeVisible();
  await expectAccessible(page);
});

test('a local auditor sets up the required TOTP second factor at first sign-in, proves it, and lands on the audit', async ({
  browser,
}) => {
  await createTestUser(platform.env.t.db, {
    username: 'audra',
    displayName: 'Audra Auditor',
    password: PASSWORD,
    roles: ['auditor'],
    departmentId: 'call-center',
  });
  const page = await freshPage(browser);
  const signInWithPassword = async () => {
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill('audra');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  };
  await signInWithPassword();
  // The role requires a second factor: set-up comes before anything else.
  await expect(page).toHaveURL(/\/sign-in\/second-factor\/set-up$/);
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await expectAccessible(page);
  expect((await page.request.get('/audit', { maxRedirects: 0 })).status()).not.toBe(200);
  const secret = (await page.locator('#totp-key').textContent())!.trim();
  await page.getByLabel('Code').fill(generateSync({ secret }));
  await page.getByRole('button', { name: 'Turn on the second factor' }).click();
  await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
  await expectAccessible(page);
  const recovery = await page.getByRole('list', { name: 'Recovery codes' }).locator('code').allTextContents();
  await page.getByRole('link', { name: /continue/i }).click();
  await expect(page).toHaveURL(`${platform.baseURL}/audit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/sign-out');
  await page.getByRole('button', { name: 'Sign out now' }).click();
  await signInWithPassword();
  await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Code').fill(recovery[0]);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(`${platform.baseURL}/audit`);
  await expectAccessible(page);
});
