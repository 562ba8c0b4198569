/**
 * The work lists page (/work): lists of cases created through the services, filters and sort in the
 * URL, cursor paging, bulk claim/release with a result per case, the live-refresh notice after
 * another person's change (its signal answers 304 and audits nothing), department scope, keyboard
 * use, and axe on every state.
 */
import { randomUUID } from 'node:crypto';
import { auth, SERVICE_COMPLAINT } from '../api/support/api-harness';
import { expectAccessible, expectNoHorizontalScroll } from './support/axe';
import { seedOpenCases } from './support/seed-cases';
import { expect, signIn, test, type WebPlatform } from './support/web-platform';
import { jsonBody } from '../api/support/json-body';
import type { StartedCase, CaseView } from '../../api/services';
import { NEW_HOME_PERMIT_APPLICATION } from '../fixtures/building-permit-application';

interface Created {
  id: string;
  trackingNumber: string;
}

async function createComplaint(platform: WebPlatform): Promise<Created> {
  const response = await platform.env.http
    .post('/api/v1/cases')
    .set(auth(platform.env.tokens.clerk))
    .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
  expect(response.status).toBe(201);
  return {
    id: jsonBody<StartedCase>(response).case.id,
    trackingNumber: jsonBody<StartedCase>(response).trackingNumber,
  };
}

const row = (page: import('@playwright/test').Page, trackingNumber: string) =>
  page.getByRole('row').filter({ has: page.getByRole('link', { name: trackingNumber, exact: true }) });

// USWDS draws the checkbox on its label (the input itself sits off-screen), so a pointer ticks the label.
const tick = (page: import('@playwright/test').Page, created: Created) =>
  page.locator(`label[for="select-${created.id}"]`).click();

test.describe.configure({ mode: 'serial' });

let complaints: Created[] = [];
let permit: Created;

test("lists show the team's cases, never another department's, with filters and sort in the URL", async ({
  page,
  platform,
}) => {
  complaints = [await createComplaint(platform), await createComplaint(platform), await createComplaint(platform)];
  const permitResponse = await platform.env.http
    .post('/api/v1/cases')
    .set(auth(platform.env.tokens.permitClerk))
    .send({ definitionId: 'building-permit', data: NEW_HOME_PERMIT_APPLICATION });
  expect(permitResponse.status).toBe(201);
  permit = {
    id: jsonBody<StartedCase>(permitResponse).case.id,
    trackingNumber: jsonBody<StartedCase>(permitResponse).trackingNumber,
  };

  await signIn(page, 'clerk');
  await expect(page.getByRole('heading', { name: 'Your work', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'My work' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('No cases in this list.')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Unassigned in my team' }).click();
  await expect(page).toHaveURL(/\/work\?list=unassigned$/);
  for (const complaint of complaints) {
    const line = row(page, complaint.trackingNumber);
    await expect(line).toContainText('311 service complaint');
    await expect(line).toContainText('Triage and route');
    await expect(line).toContainText(/On track: due|Warning: due|Overdue: overdue/);
    await expect(line.getByRole('link', { name: complaint.trackingNumber })).toHaveAttribute(
      'href',
      `/cases/${complaint.id}`,
    );
  }
  await expect(page.getByRole('link', { name: permit.trackingNumber })).toHaveCount(0);
  await expectAccessible(page);

  // The filter form is a GET: the address holds the list, so it can be bookmarked and shared.
  await page.getByLabel('Service').selectOption('service-complaint');
  await page.getByLabel('Sort by').selectOption('-created');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/\/work\?list=unassigned&service=service-complaint&overdue=&sort=-created$/);
  const numbers = await page.locator('tbody th a').allTextContents();
  expect(numbers).toEqual([...complaints].reverse().map((c) => c.trackingNumber));
  await page.getByLabel('Overdue').selectOption('yes');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/overdue=yes/);
  await expect(page.getByText('No cases in this list.')).toBeVisible();
  await expectAccessible(page);

  // Opening the address again gives the same list (a bookmark).
  await page.goto('/work?list=unassigned&sort=created');
  expect(await page.locator('tbody th a').allTextContents()).toEqual(complaints.map((c) => c.trackingNumber));

  // The permit's department sees it; the clerk's team does not.
  const other = await page.context().browser()!.newContext({ baseURL: platform.baseURL });
  const permitPage = await other.newPage();
  await signIn(permitPage, 'permitClerk');
  await permitPage.goto('/work?list=team');
  await expect(permitPage.getByRole('link', { name: permit.trackingNumber })).toBeVisible();
  for (const complaint of complaints)
    await expect(permitPage.getByRole('link', { name: complaint.trackingNumber })).toHaveCount(0);
  await other.close();
});

test('a bad address shows the error summary, not a crash', async ({ page }) => {
  await signIn(page, 'clerk');
  const response = await page.goto('/work?list=everything&sort=bogus&cursor=%21%21');
  expect(response?.status()).toBe(400);
  await expect(page.locator('#error-summary')).toBeFocused();
  await expect(page.locator('#error-summary')).toContainText('Choose one of the lists');
  await expect(page.locator('#error-summary')).toContainText('Choose a sort order from the list');
  await expect(page.locator('#error-summary')).toContainText('The page link is not valid');
  await expectAccessible(page);
  // A well-formed cursor that is not one of ours is caught too.
  const forged = await page.goto('/work?list=team&cursor=bm90LWEtY3Vyc29y');
  expect(forged?.status()).toBe(400);
  await expect(page.locator('#error-summary')).toContainText('The page link is not valid');
  await expectAccessible(page);
});

test('bulk claim and release act only on the ticked cases, with a result for each, by keyboard', async ({
  page,
  platform,
}) => {
  await signIn(page, 'clerk');
  await page.goto('/work?list=unassigned&sort=created');
  await expect(page.getByRole('button', { name: 'Claim selected' })).toBeVisible();
  // Nothing ticked: an error, nothing done.
  await page.getByRole('button', { name: 'Claim selected' }).click();
  await expect(page.locator('#error-summary')).toBeFocused();
  await expect(page.locator('#error-summary')).toContainText('Select at least one case to claim');
  await expectAccessible(page);

  // Keyboard only: tick the first two with Space, then submit with Enter.
  await page.getByLabel(`Select ${complaints[0].trackingNumber}`).focus();
  await page.keyboard.press('Space');
  await page.getByLabel(`Select ${complaints[1].trackingNumber}`).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Claim selected' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/did=claim/);
  const results = page.locator('#bulk-results');
  await expect(results).toBeFocused();
  await expect(results).toContainText('Claim: 2 done, 0 refused');
  await expect(results).toContainText(`${complaints[0].trackingNumber}: claimed`);
  await expect(results).toContainText(`${complaints[1].trackingNumber}: claimed`);
  await expectAccessible(page);
  // The third was not ticked: it is still unassigned.
  await expect(row(page, complaints[2].trackingNumber)).toBeVisible();
  await expect(page.getByRole('link', { name: complaints[0].trackingNumber })).toHaveCount(0);
  const third = await platform.env.http.get(`/api/v1/cases/${complaints[2].id}`).set(auth(platform.env.tokens.clerk));
  expect(jsonBody<CaseView>(third).assigneeId).toBeNull();

  await page.getByRole('link', { name: 'My work' }).click();
  expect((await page.locator('tbody th a').allTextContents()).sort()).toEqual(
    [complaints[0].trackingNumber, complaints[1].trackingNumber].sort(),
  );

  // The supervisor ticks one the clerk holds and one free: one claimed, one refused, and why.
  const other = await page.context().browser()!.newContext({ baseURL: platform.baseURL });
  const supervisorPage = await other.newPage();
  await signIn(supervisorPage, 'supervisor');
  await supervisorPage.goto('/work?list=team&sort=created');
  await tick(supervisorPage, complaints[1]);
  await tick(supervisorPage, complaints[2]);
  await supervisorPage.getByRole('button', { name: 'Claim selected' }).click();
  const mixed = supervisorPage.locator('#bulk-results');
  await expect(mixed).toContainText('Claim: 1 done, 1 refused');
  await expect(mixed).toContainText(`${complaints[1].trackingNumber}: refused: someone else holds this task`);
  await expect(mixed).toContainText(`${complaints[2].trackingNumber}: claimed`);
  await expectAccessible(supervisorPage);
  await other.close();

  // The clerk releases one of theirs.
  await tick(page, complaints[0]);
  await page.getByRole('button', { name: 'Release selected' }).click();
  await expect(page.locator('#bulk-results')).toContainText(`Release: 1 done, 0 refused`);
  await expect(page.locator('#bulk-results')).toContainText(`${complaints[0].trackingNumber}: released`);
  await expect(page.getByRole('link', { name: complaints[0].trackingNumber })).toHaveCount(0);
  const released = await platform.env.http
    .get(`/api/v1/cases/${complaints[0].id}`)
    .set(auth(platform.env.tokens.clerk));
  expect(jsonBody<CaseView>(released).assigneeId).toBeNull();
});

test("the live notice appears after another person's change; the signal answers 304 and audits nothing", async ({
  page,
  platform,
}) => {
  await signIn(page, 'clerk');
  await page.goto('/work?list=team&sort=created');
  const region = page.locator('#live-notice');
  const etag = await region.getAttribute('data-etag');
  expect(etag).toBeTruthy();

  const listed = async () =>
    Number(
      (
        await platform.env.t
          .db('audit_entries')
          .where({ event_type: 'cases.listed' })
          .count<{ count: string }[]>('* as count')
      )[0].count,
    );
  const before = await listed();
  const unchanged = await page.request.get('/work/changes?list=team&sort=created', {
    headers: { 'If-None-Match': etag! },
  });
  expect(unchanged.status()).toBe(304);
  expect(await unchanged.body()).toHaveLength(0);
  expect(await listed()).toBe(before);

  // Something ticked: the page does not reload under the person, it says so.
  await tick(page, complaints[0]);
  const fresh = await createComplaint(platform);
  await expect(region).toContainText('This list has changed — refresh', { timeout: 60_000 });
  await expect(page.getByLabel(`Select ${complaints[0].trackingNumber}`)).toBeChecked();
  await expectAccessible(page);
  const changed = await page.request.get('/work/changes?list=team&sort=created', {
    headers: { 'If-None-Match': etag! },
  });
  expect(changed.status()).toBe(204);
  expect(changed.headers()['etag']).not.toBe(etag);
  await region.getByRole('link', { name: 'refresh' }).click();
  await expect(page.getByRole('link', { name: fresh.trackingNumber })).toBeVisible();
});

test('cursor paging over more than a page, and a saved view', async ({ page, platform }) => {
  await seedOpenCases(platform.env.t.db, { count: 55, departmentId: 'sanitation', now: new Date() });
  await signIn(page, 'crew');
  await page.goto('/work?list=team&sort=created');
  await expect(page.locator('tbody tr')).toHaveCount(50);
  const first = await page.locator('tbody th a').allTextContents();
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.locator('tbody tr')).toHaveCount(5);
  const second = await page.locator('tbody th a').allTextContents();
  expect(second.filter((n) => first.includes(n))).toEqual([]);
  await expect(page.getByRole('link', { name: 'Next page' })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'First page' }).click();
  expect(await page.locator('tbody th a').allTextContents()).toEqual(first);

  // Save the overdue view under a name; it comes back as a link from any page.
  await page.getByLabel('Overdue').selectOption('yes');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/list=team&service=&overdue=yes&sort=created$/);
  await expect(page.getByRole('heading', { name: 'Your work', level: 1 })).toBeVisible();
  const overdueCount = await page.locator('tbody th a').count();
  expect(overdueCount).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Save view' }).click();
  await expect(page.locator('#error-summary')).toContainText('Enter a name for the view');
  await expectAccessible(page);
  await page.getByLabel('View name').fill('Late bulky items ' + randomUUID().slice(0, 4));
  await page.getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByText(/Saved the view/)).toBeVisible();
  await page.goto('/work');
  const saved = page.getByRole('navigation', { name: 'Work lists' }).getByRole('link', { name: /Late bulky items/ });
  await saved.click();
  await expect(page).toHaveURL(/list=team&overdue=yes&sort=created/);
  await expect(saved).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('tbody th a')).toHaveCount(overdueCount);
  await expectAccessible(page);
  await page.setViewportSize({ width: 320, height: 640 });
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});
