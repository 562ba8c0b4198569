/**
 * One whole flow with the keyboard only (issue 8): a permit clerk signs in, takes a walk-in
 * application at /intake, checks the answers, creates the case, opens it and closes it as exempt —
 * Tab, arrow keys, typing, Space and Enter; no pointer. axe on every page.
 */
import type { Locator, Page } from '@playwright/test';
import { PASSWORD } from '../api/support/api-harness';
import { expectAccessible } from './support/axe';
import { residentStatus } from './support/staff-pages';
import { expect, test } from './support/web-platform';

test.describe.configure({ timeout: 480_000 });

/** Tab forward until `target` has focus (it must be reachable by Tab, in a bounded number of steps). */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target.toString()} with Tab`);
}

async function typeInto(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

/** Into a radio group with Tab, then the arrow keys to the wanted choice (arrows check as they move). */
async function chooseByKeys(page: Page, group: string, label: string): Promise<void> {
  const radios = page.getByRole('group', { name: group }).getByRole('radio');
  const target = page.getByRole('group', { name: group }).getByRole('radio', { name: label, exact: true });
  await tabTo(page, radios.first());
  // Space checks the radio Tab landed on; the arrows then move and check.
  await page.keyboard.press('Space');
  for (let i = 0; i < 10 && !(await target.isChecked()); i++) await page.keyboard.press('ArrowDown');
  await expect(target).toBeChecked();
}

async function press(page: Page, target: Locator, key = 'Enter'): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

test('a permit taken at the counter and closed as exempt, by keyboard alone', async ({ page, browser, baseURL }) => {
  await page.goto('/sign-in');
  await typeInto(page, page.getByLabel('Username'), 'permitClerk');
  await typeInto(page, page.getByLabel('Password'), PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/work/);

  await press(page, page.getByRole('link', { name: 'New request' }));
  await expect(page.getByRole('heading', { name: 'Start a request for a resident' })).toBeVisible();
  await expectAccessible(page);
  await chooseByKeys(page, 'Which service is it for?', 'Building permit');
  await press(page, page.getByRole('button', { name: 'Continue' }));
  await expect(page.getByRole('heading', { level: 1, name: 'Building permit' })).toBeVisible();
  await expectAccessible(page);

  await chooseByKeys(page, 'How did the request come in?', 'Walk-in at the counter');
  await typeInto(page, page.getByLabel('Applicant or agent name'), 'Kim Keys');
  await typeInto(page, page.getByLabel('Applicant email'), 'kim@example.org');
  await typeInto(page, page.getByLabel('Property address'), '1 Keyboard Way');
  await chooseByKeys(page, 'Type of work', 'Alteration');
  await typeInto(page, page.getByLabel('Project description'), 'Low garden wall');
  await chooseByKeys(page, 'How should we send notices about this request?', 'No notices');
  await press(page, page.getByRole('button', { name: 'Check the answers' }));
  await expect(page.getByRole('heading', { name: 'Check the answers before creating the case' })).toBeVisible();
  await expectAccessible(page);
  await press(page, page.getByRole('button', { name: 'Create the case' }));
  await expect(page.getByRole('heading', { name: 'Request created' })).toBeVisible();
  await expectAccessible(page);
  const trackingNumber = (await page.locator('#tracking-number').innerText()).trim();
  const code = (await page.locator('#verification-code').innerText()).trim();

  await press(page, page.getByRole('link', { name: `Open case ${trackingNumber}` }));
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`Case ${trackingNumber}`) })).toBeVisible();
  await expectAccessible(page);
  const exempt = page.locator('#act-intake-review-no-permit-required');
  await typeInto(page, exempt.getByLabel('Reasons', { exact: true }), 'Walls under 1 m need no permit.');
  await press(page, exempt.getByRole('button', { name: 'Work is exempt from a permit' }));
  await expect(page.getByText('This case is closed. It is read-only.')).toBeVisible();
  await expectAccessible(page);
  expect(await residentStatus(browser, baseURL!, trackingNumber, code)).toBe('No permit required');
});
