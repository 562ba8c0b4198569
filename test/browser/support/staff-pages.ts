/** Steps the end-to-end flows share, done through the pages as a person would (no API calls). */
import type { Browser, Page } from '@playwright/test';
import { upsertDepartment } from '../../../db';
import { createTestUser } from '../../support/test-users';
import { PASSWORD } from '../../api/support/api-harness';
import { expectAccessible } from './axe';
import { expect, type WebPlatform } from './web-platform';

/** A browser of its own for one member of staff, signed in through the sign-in page. */
export async function staffPage(browser: Browser, baseURL: string, username: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/work$/);
  return page;
}

/** Staff the harness does not seed (the benefit office, plan checkers). */
export async function addStaff(
  platform: WebPlatform,
  username: string,
  roles: string[],
  departmentId: string,
): Promise<void> {
  await upsertDepartment(platform.env.t.db, { id: departmentId, name: departmentId });
  await createTestUser(platform.env.t.db, { username, displayName: username, password: PASSWORD, roles, departmentId });
}

/** USWDS moves radio and checkbox inputs off-screen and draws its own: a person clicks the label. */
export async function chooseRadio(page: Page, group: string, label: string): Promise<void> {
  const input = page.getByRole('group', { name: group }).getByRole('radio', { name: label, exact: true });
  await page.locator(`label[for="${await input.getAttribute('id')}"]`).click();
  await expect(input).toBeChecked();
}

/** From the confirmation page: what the clerk reads out, and the case page's address. */
export async function readOut(page: Page): Promise<{ trackingNumber: string; code: string; caseUrl: string }> {
  await expect(page.getByRole('heading', { name: 'Request created' })).toBeVisible();
  const trackingNumber = (await page.locator('#tracking-number').innerText()).trim();
  const code = (await page.locator('#verification-code').innerText()).trim();
  const caseUrl = (await page.getByRole('link', { name: `Open case ${trackingNumber}` }).getAttribute('href')) ?? '';
  return { trackingNumber, code, caseUrl };
}

/** The resident's view (/status, no sign-in): the status label shown. */
export async function residentStatus(
  browser: Browser,
  baseURL: string,
  trackingNumber: string,
  code: string,
): Promise<string> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/status');
  await page.getByLabel('Tracking number').fill(trackingNumber);
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Check status' }).click();
  await expect(page.getByRole('heading', { name: `Request ${trackingNumber}` })).toBeVisible();
  await expectAccessible(page);
  const status = (await page.locator('.usa-intro strong').innerText()).trim();
  await context.close();
  return status;
}

export async function openCase(page: Page, caseUrl: string, trackingNumber: string): Promise<void> {
  await page.goto(caseUrl);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`Case ${trackingNumber}`) })).toBeVisible();
  await expectAccessible(page);
}

/** Uploads a small text file on the case page and downloads the same bytes back. */
export async function uploadAndDownload(page: Page, name: string, content: string): Promise<void> {
  await page
    .getByLabel('Document', { exact: true })
    .setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(content) });
  await page.getByLabel('Description (optional)', { exact: true }).fill('Taken at the counter');
  await page.getByRole('button', { name: 'Upload document' }).click();
  await expect(page.getByText('The document was uploaded.')).toBeVisible();
  await expectAccessible(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name }).click();
  const chunks: Buffer[] = [];
  for await (const chunk of await (await download).createReadStream()) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString('utf8')).toBe(content);
}

/** A supervisor assigns the open task of `step` to `assignee` through the picker of eligible staff. */
export async function assignTask(page: Page, assigneeLabel: string): Promise<void> {
  await page.getByLabel('Assign to').selectOption({ label: assigneeLabel });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByText('The task has been assigned.')).toBeVisible();
  await expectAccessible(page);
}

/** A supervisor pauses the statutory clock with a reason and resumes it. */
export async function pauseAndResumeClock(page: Page, reasonLabel: string): Promise<void> {
  await page.getByLabel('Why is the clock paused?').selectOption({ label: reasonLabel });
  await page.getByRole('button', { name: 'Pause the clock' }).click();
  await expect(page.getByText('The clock is paused.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Resume the clock' }).click();
  await expect(page.getByText('The clock is running again.')).toBeVisible();
  await expectAccessible(page);
}

/** Posts an action's form on the case page and waits for the workflow to record it. */
export async function takeAction(
  page: Page,
  formId: string,
  button: string,
  fields: Record<string, string> = {},
): Promise<void> {
  const form = page.locator(`#${formId}`);
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole('button', { name: button }).click();
  await expect(page.getByText('Done: the action was recorded on the case.')).toBeVisible();
  await expectAccessible(page);
}

/**
 * The case page once the case has closed. An action answers once it is recorded; the steps it sets off
 * (a notice, then closing) finish moments later, so the page is reloaded until it shows them, as a
 * person would.
 */
export async function expectCaseClosed(page: Page): Promise<void> {
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('This case is closed. It is read-only.')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expectAccessible(page);
}
