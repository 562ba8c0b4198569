/**
 * The README's screenshots (docs/screenshots/*.png) of the work list, the case page, intake, the resident
 * portal (request, follow), the studio, records, audit and letters pages, taken
 * from the real platform. Every run takes them (into the test's output folder) and checks the pages
 * with axe; `UPDATE_SCREENSHOTS=1 npx playwright test screenshots` writes them into docs/screenshots.
 */
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { createTestUser } from '../support/test-users';
import { auth, PASSWORD } from '../api/support/api-harness';
import { expectAccessible } from './support/axe';
import { chooseRadio } from './support/staff-pages';
import { expect, signIn, test } from './support/web-platform';
import { jsonBody } from '../api/support/json-body';
import type { StartedCase } from '../../api/services';

test.describe.configure({ timeout: 300_000 });
test.use({ viewport: { width: 1280, height: 900 } });

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await expectAccessible(page);
  const file =
    process.env.UPDATE_SCREENSHOTS === '1'
      ? path.join(__dirname, '..', '..', 'docs', 'screenshots', `${name}.png`)
      : testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
}

test('work list, case page and intake', async ({ page, platform }, testInfo) => {
  const complaints = [
    {
      category: 'bulky-items',
      channel: 'call',
      description: 'Sofa and mattress on the kerb',
      address: '16815 W Vanowen St',
    },
    { category: 'graffiti', channel: 'mobile-app', description: 'Tag on the library wall', address: '630 W 5th St' },
    { category: 'pothole', channel: 'web', description: 'Deep pothole in the bus lane', address: '200 N Spring St' },
  ];
  const created: { id: string; trackingNumber: string }[] = [];
  for (const data of complaints) {
    const response = await platform.env.http
      .post('/api/v1/cases')
      .set(auth(platform.env.tokens.clerk))
      .send({ definitionId: 'service-complaint', data });
    expect(response.status).toBe(201);
    created.push({
      id: jsonBody<StartedCase>(response).case.id,
      trackingNumber: jsonBody<StartedCase>(response).trackingNumber,
    });
  }

  await signIn(page, 'clerk');
  await page.goto('/work?list=team');
  await expect(page.getByRole('link', { name: created[0].trackingNumber })).toBeVisible();
  await shoot(page, testInfo, 'work-list');

  await page.goto(`/cases/${created[2].id}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(created[2].trackingNumber) })).toBeVisible();
  await shoot(page, testInfo, 'case-page');

  await page.goto('/intake/service-complaint');
  await page.getByLabel('Category').selectOption({ label: 'Pothole' });
  await page.getByLabel('How the request came in', { exact: true }).selectOption({ label: 'Call' });
  await page.getByLabel('What the resident reported').fill('Pothole by the bus stop, about 30 cm across');
  await page.locator('#address').fill('200 N Spring St');
  await page.getByLabel('Resident’s name').fill('Rosa Díaz');
  await page.getByLabel('Email address').fill('rosa@example.org');
  await chooseRadio(page, 'How should we send notices about this request?', 'Email');
  await shoot(page, testInfo, 'intake-form');
  await page.getByRole('button', { name: 'Check the answers' }).click();
  await expect(page.getByRole('region', { name: 'There is already an open request here' })).toBeVisible();
  await shoot(page, testInfo, 'intake-check-answers');
  await page.getByRole('button', { name: 'Create a new case anyway' }).click();
  await expect(page.getByRole('heading', { name: 'Request created' })).toBeVisible();
  await shoot(page, testInfo, 'intake-confirmation');
});

test('resident portal, studio, records, audit, letters', async ({ browser, page, platform }, testInfo) => {
  const response = await platform.env.http
    .post('/api/v1/cases')
    .set(auth(platform.env.tokens.clerk))
    .send({
      definitionId: 'service-complaint',
      data: {
        category: 'bulky-items',
        channel: 'email',
        description: 'Sofa and mattress on the kerb',
        address: '16815 W Vanowen St',
      },
      residentContact: { name: 'Rosa Díaz', email: 'rosa@example.org' },
    });
  expect(response.status).toBe(201);
  const started = jsonBody<StartedCase>(response);

  // The resident: a service to request, then a request followed with its number and code.
  const resident = await (
    await browser.newContext({ baseURL: platform.baseURL, viewport: { width: 1280, height: 900 } })
  ).newPage();
  await resident.goto('/portal/request?lang=en');
  await expect(resident.getByRole('heading', { level: 1 })).toBeVisible();
  await shoot(resident, testInfo, 'portal-request');
  await resident.goto('/portal/follow?lang=en');
  await resident.getByLabel('Tracking number').fill(started.trackingNumber);
  await resident.getByLabel('Verification code').fill(started.verificationCode);
  await resident.getByRole('button', { name: 'See my request' }).click();
  await expect(resident.getByRole('heading', { level: 1, name: new RegExp(started.trackingNumber) })).toBeVisible();
  await shoot(resident, testInfo, 'portal-follow');

  await signIn(page, 'manager');
  await page.goto('/studio');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await shoot(page, testInfo, 'studio');
  await page.goto('/sign-out');
  await page.getByRole('button', { name: 'Sign out now' }).click();

  await signIn(page, 'auditor');
  await page.goto('/records');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await shoot(page, testInfo, 'records');
  await page.goto('/letters');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await shoot(page, testInfo, 'letters');
  await page.goto('/sign-out');
  await page.getByRole('button', { name: 'Sign out now' }).click();

  // The audit is the auditor role's home page.
  await createTestUser(platform.env.t.db, {
    username: 'audra',
    displayName: 'Audra Auditor',
    password: PASSWORD,
    roles: ['auditor'],
    departmentId: 'call-center',
  });
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill('audra');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  await shoot(page, testInfo, 'audit');
});
