/**
 * Intake on a resident's behalf in a real browser: choose the service, fill the generated form (errors
 * in the summary and beside the fields, answers kept), check the answers beside possible duplicates,
 * create the case once however often the button is pressed, read out the tracking number and code.
 * axe on every page and state visited.
 */
import type { Page } from '@playwright/test';
import { auth } from '../api/support/api-harness';
import { expectAccessible } from './support/axe';
import { expect, signIn, test, type WebPlatform } from './support/web-platform';

const ADDRESS = '200 N Spring St';

async function complaintCount(platform: WebPlatform): Promise<number> {
  const response = await platform.env.http
    .get('/api/v1/cases?definition=service-complaint&limit=100')
    .set(auth(platform.env.tokens.supervisor));
  expect(response.status).toBe(200);
  return (response.body as { items: unknown[] }).items.length;
}

/** USWDS draws its own radio and checkbox, moving the input off-screen: a person clicks the label. */
async function choose(page: Page, label: string, group?: string): Promise<void> {
  const input = (group ? page.getByRole('group', { name: group }) : page).getByRole('radio', {
    name: label,
    exact: true,
  });
  await page.locator(`label[for="${await input.getAttribute('id')}"]`).click();
  await expect(input).toBeChecked();
}

/** Fills the 311 complaint form as a clerk on the phone would. */
async function fillComplaint(page: Page, options: { description: string; address: string }): Promise<void> {
  await page.getByLabel('Category').selectOption({ label: 'Graffiti' });
  await page.getByLabel('How the request came in', { exact: true }).selectOption({ label: 'Call' });
  await page.getByLabel('What the resident reported').fill(options.description);
  await page.getByLabel('Location', { exact: false }).first().fill(options.address);
  await page.getByLabel('Resident’s name').fill('Rosa Díaz');
  await page.getByLabel('Email address').fill('rosa@example.org');
  await choose(page, 'Email', 'How should we send notices about this request?');
}

test('a clerk takes a complaint by phone: errors kept beside the fields, check answers, then the tracking number and code', async ({
  page,
  platform,
}) => {
  await signIn(page, 'clerk');
  await page.getByRole('link', { name: 'New request' }).click();
  await expect(page.getByRole('heading', { name: 'Start a request for a resident' })).toBeVisible();
  // Only services whose cases this clerk's department handles.
  await expect(page.getByRole('radio', { name: '311 service complaint' })).toBeVisible();
  await expect(page.getByRole('radio')).toHaveCount(1);
  await expectAccessible(page);

  // Continuing without a choice is an error in the summary.
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('#error-summary')).toBeFocused();
  await expect(page.locator('#error-summary')).toContainText('Choose the service the request is for');
  await expectAccessible(page);

  await choose(page, '311 service complaint');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/intake\/service-complaint$/);
  await expect(page.getByRole('heading', { name: '311 service complaint' })).toBeVisible();
  const key = await page.locator('input[name="idempotencyKey"]').inputValue();
  expect(key).toMatch(/^[0-9a-f-]{36}$/);
  await expectAccessible(page);

  // Nothing chosen, a bad email, a notice by SMS without a number: all named, answers kept.
  await page.getByLabel('What the resident reported').fill('Tag on the library wall');
  await page.getByLabel('Email address').fill('rosa at example');
  await choose(page, 'Text message (SMS)');
  await page.getByRole('button', { name: 'Check the answers' }).click();
  await expect(page).toHaveTitle(/^Error: New request/);
  const summary = page.locator('#error-summary');
  await expect(summary).toBeFocused();
  // The complaint records how it came in itself, so intake asks that once, in the process's own field.
  await expect(summary.getByRole('link', { name: 'Choose how the request came in' })).toHaveAttribute(
    'href',
    '#channel',
  );
  await expect(page.getByRole('group', { name: 'How did the request come in?' })).toHaveCount(0);
  await expect(summary.getByRole('link', { name: 'Choose category' })).toHaveAttribute('href', '#category');
  await expect(summary.getByRole('link', { name: /Enter an email address in the correct format/ })).toHaveAttribute(
    'href',
    '#contact-email',
  );
  await expect(page.locator('#category-error')).toContainText('Choose category');
  await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('What the resident reported')).toHaveValue('Tag on the library wall');
  await expect(page.getByRole('radio', { name: 'Text message (SMS)' })).toBeChecked();
  // The same form, so the same key: this form can still make only one case.
  await expect(page.locator('input[name="idempotencyKey"]')).toHaveValue(key);
  await expectAccessible(page);

  const before = await complaintCount(platform);
  await fillComplaint(page, { description: 'Tag on the library wall', address: '630 W 5th St' });
  await page.getByRole('button', { name: 'Check the answers' }).click();
  await expect(page.getByRole('heading', { name: 'Check the answers before creating the case' })).toBeVisible();
  await expect(page.getByText('No open requests of this kind were found at the same place.')).toBeVisible();
  await expect(page.locator('.cf-summary-list')).toContainText('Tag on the library wall');
  await expect(page.locator('.cf-summary-list')).toContainText('Call');
  expect(await complaintCount(platform)).toBe(before);
  await expectAccessible(page);

  // Change the answers: back to the form, everything still filled in.
  await page.getByRole('button', { name: 'Change the answers' }).click();
  await expect(page.getByLabel('What the resident reported')).toHaveValue('Tag on the library wall');
  await expect(page.getByLabel('Category')).toHaveValue('graffiti');
  await page.getByLabel('What the resident reported').fill('Tag on the library wall, 2 m wide');
  await page.getByRole('button', { name: 'Check the answers' }).click();
  await page.getByRole('button', { name: 'Create the case' }).click();

  await expect(page.getByRole('heading', { name: 'Request created' })).toBeVisible();
  const tracking = (await page.locator('#tracking-number').innerText()).trim();
  const code = (await page.locator('#verification-code').innerText()).trim();
  expect(tracking).toMatch(/^[A-Z]+-\d{4}-\d+/);
  expect(code).toMatch(/^[A-Z0-9]{6,}$/);
  await expectAccessible(page);
  expect(await complaintCount(platform)).toBe(before + 1);

  // The case holds what was typed, the contact and the channel the request came by.
  const link = page.getByRole('link', { name: `Open case ${tracking}` });
  const caseId = decodeURIComponent(((await link.getAttribute('href')) ?? '').replace('/cases/', ''));
  const stored = await platform.env.http.get(`/api/v1/cases/${caseId}`).set(auth(platform.env.tokens.supervisor));
  expect(stored.body).toMatchObject({
    trackingNumber: tracking,
    channel: 'call',
    data: { category: 'graffiti', description: 'Tag on the library wall, 2 m wide', address: '630 W 5th St' },
    residentContact: { name: 'Rosa Díaz', email: 'rosa@example.org', preferredChannel: 'email' },
  });

  // The resident can look it up with what was read out.
  await page.goto('/status');
  await page.getByLabel('Tracking number').fill(tracking);
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Check status' }).click();
  await expect(page.getByRole('heading', { name: `Request ${tracking}` })).toBeVisible();
});

test('possible duplicates are shown before creating, with links; a double click and a resubmission make ONE case', async ({
  page,
  platform,
}) => {
  await signIn(page, 'clerk');
  // An open complaint already at the address.
  const first = await platform.env.http
    .post('/api/v1/cases')
    .set(auth(platform.env.tokens.clerk))
    .send({
      definitionId: 'service-complaint',
      data: { category: 'graffiti', channel: 'call', description: 'Graffiti on the door', address: ADDRESS },
    });
  expect(first.status).toBe(201);
  const existing = first.body as { case: { id: string }; trackingNumber: string };

  await page.goto('/intake/service-complaint');
  await fillComplaint(page, { description: 'Graffiti on the front door', address: `${ADDRESS.toUpperCase()}.` });
  await page.getByRole('button', { name: 'Check the answers' }).click();
  const warning = page.getByRole('region', { name: 'There is already an open request here' });
  await expect(warning).toBeVisible();
  await expect(warning.getByRole('link', { name: existing.trackingNumber })).toHaveAttribute(
    'href',
    `/cases/${existing.case.id}`,
  );
  await expect(warning).toContainText('Same address');
  await expectAccessible(page);

  const before = await complaintCount(platform);
  const posted = await page
    .locator('form[action="/intake/service-complaint/submit"]')
    .evaluate((form: HTMLFormElement) =>
      new URLSearchParams(
        Array.from(form.querySelectorAll('input[type="hidden"]'), (input) => [
          (input as HTMLInputElement).name,
          (input as HTMLInputElement).value,
        ]),
      ).toString(),
    );
  await page.getByRole('button', { name: 'Create a new case anyway' }).dblclick();
  await expect(page.getByRole('heading', { name: 'Request created' })).toBeVisible();
  const tracking = (await page.locator('#tracking-number').innerText()).trim();
  const code = (await page.locator('#verification-code').innerText()).trim();

  // The same form sent again (a third click, a refresh): the same case and code, nothing new.
  const again = await page.request.post('/intake/service-complaint/submit', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: `${posted}&intent=create`,
  });
  expect(again.status()).toBe(200);
  const html = await again.text();
  expect(html).toContain(tracking);
  expect(html).toContain(code);
  expect(await complaintCount(platform)).toBe(before + 1);

  // The same key with other answers is refused, not a second case.
  const changed = await page.request.post('/intake/service-complaint/submit', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: `${posted.replace('front+door', 'back+door')}&intent=create`,
  });
  expect(changed.status()).toBe(409);
  expect(await changed.text()).toContain('This form was already sent');
  expect(await complaintCount(platform)).toBe(before + 1);
});

test('works without JavaScript; another department only sees its own services; a post without the CSRF token is refused', async ({
  browser,
  baseURL,
  page,
  platform,
}) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const plain = await context.newPage();
  await signIn(plain, 'clerk');
  await plain.goto('/intake?service=service-complaint');
  await expect(plain).toHaveURL(/\/intake\/service-complaint$/);
  await fillComplaint(plain, { description: 'Pothole by the bus stop', address: '1 World Way' });
  await plain.getByLabel('Category').selectOption({ label: 'Pothole' });
  await plain.getByRole('button', { name: 'Check the answers' }).click();
  await plain.getByRole('button', { name: 'Create the case' }).click();
  await expect(plain.getByRole('heading', { name: 'Request created' })).toBeVisible();
  await context.close();

  await signIn(page, 'permitClerk');
  await page.goto('/intake');
  await expect(page.getByRole('radio', { name: 'Building permit', exact: false })).toBeVisible();
  await expect(page.getByRole('radio', { name: '311 service complaint' })).toHaveCount(0);
  await expectAccessible(page);
  const other = await page.goto('/intake/service-complaint');
  expect(other?.status()).toBe(404);
  await expectAccessible(page);

  const before = await complaintCount(platform);
  const forged = await page.request.post('/intake/building-permit/submit', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: 'intent=create&idempotencyKey=0123456789abcdef0123',
  });
  expect(forged.status()).toBe(403);
  expect(await complaintCount(platform)).toBe(before);
});
