/**
 * Staff sign-in, sign-out and the session cookie in a real browser: the error summary takes focus,
 * scripts cannot read the cookie, the old cookie is refused after sign-out, a form post without its
 * CSRF token is refused; axe on every page and state visited.
 */
import { auth, PASSWORD } from '../api/support/api-harness';
import { expectAccessible } from './support/axe';
import { expect, signIn, test } from './support/web-platform';

test('the front door leads staff to sign in; a wrong password shows the error summary, focused, with the error beside the field', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Staff sign in' }).first().click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expectAccessible(page);

  await page.getByLabel('Username').fill('clerk');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveTitle(/^Error: Sign in/);
  const summary = page.locator('#error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('There is a problem');
  await expect(summary.getByRole('link')).toHaveAttribute('href', '#password');
  const password = page.getByLabel('Password');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAttribute('aria-describedby', /password-error/);
  await expect(page.locator('#password-error')).toContainText('The username or password is not right');
  // The username is kept; the password is never sent back.
  await expect(page.getByLabel('Username')).toHaveValue('clerk');
  await expect(password).toHaveValue('');
  await expectAccessible(page);
});

test('signs in and out with an httpOnly session cookie that is dead on the server after sign-out', async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, 'clerk');
  await expect(page.getByRole('heading', { name: 'Your work' })).toBeVisible();
  await expect(page.getByText('Your access is audited')).toBeVisible();
  await expectAccessible(page);

  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === 'cf_session');
  expect(session).toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe('Lax');
  // Scripts in the page cannot read it.
  expect(await page.evaluate(() => document.cookie)).not.toContain('cf_session');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/);
  await expect(page.getByText('You have signed out.')).toBeVisible();
  await expectAccessible(page);
  await page.goto('/work');
  await expect(page).toHaveURL(/\/sign-in/);

  // Someone who copied the cookie before sign-out gets nothing with it.
  const thief = await browser.newContext({ baseURL });
  await thief.addCookies([{ name: 'cf_session', value: session!.value, url: baseURL! }]);
  const stolen = await thief.newPage();
  await stolen.goto('/work');
  await expect(stolen).toHaveURL(/\/sign-in/);
  await expect(stolen.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await thief.close();
});

test('a form post without its CSRF token is refused with a 403 page', async ({ page }) => {
  await signIn(page, 'supervisor');
  // The browser's own cookies, but no token: what a forged cross-site form would send.
  const forged = await page.request.post('/sign-out', { form: { anything: '1' } });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toContain('This form has expired');
  await page.goto('/work');
  await expect(page.getByRole('heading', { name: 'Your work' })).toBeVisible();

  // The same through the page: the token removed from the form before it is sent.
  await page
    .locator('input[name="_csrf"]')
    .first()
    .evaluate((input) => input.remove());
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'This form has expired' })).toBeVisible();
  await expectAccessible(page);
  await page.goto('/work');
  await expect(page.getByRole('heading', { name: 'Your work' })).toBeVisible();
});

test('a resident checks a request by tracking number and code; a wrong code is an error beside the field', async ({
  page,
  platform,
}) => {
  const created = await platform.env.http
    .post('/api/v1/cases')
    .set(auth(platform.env.tokens.clerk))
    .send({
      definitionId: 'service-complaint',
      data: { category: 'graffiti', channel: 'call', description: 'Tag on the library wall', address: '40 N Main St' },
    });
  expect(created.status).toBe(201);
  const { trackingNumber, verificationCode } = created.body as { trackingNumber: string; verificationCode: string };

  await page.goto('/');
  await page.getByRole('link', { name: 'Check the status of a request' }).click();
  await expectAccessible(page);
  await page.getByLabel('Tracking number').fill(trackingNumber);
  await page.getByLabel('Verification code').fill('WRONG123');
  await page.getByRole('button', { name: 'Check status' }).click();
  await expect(page.locator('#error-summary')).toBeFocused();
  await expect(page.locator('#trackingNumber-error')).toContainText('No request matches');
  await expectAccessible(page);

  await page.getByLabel('Verification code').fill(verificationCode.toLowerCase());
  await page.getByRole('button', { name: 'Check status' }).click();
  await expect(page.getByRole('heading', { name: `Request ${trackingNumber}` })).toBeVisible();
  await expect(page.getByText('Status:')).toBeVisible();
  await expectAccessible(page);
});

test('the work page shows the signed-in person’s department', async ({ page }) => {
  await signIn(page, 'permitClerk', PASSWORD);
  await expect(page.getByText('building-safety')).toBeVisible();
});
