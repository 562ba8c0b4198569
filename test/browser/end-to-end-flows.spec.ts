/**
 * Issue 8's whole flows, through the pages alone: for each shipped process, staff take a request at
 * /intake, work it on the case page (a refusal shown beside its field, a document uploaded and
 * downloaded, an assignment, the statutory clock paused and resumed where the process has one) to its
 * close, and the resident sees the status change at /status. axe on every page visited.
 */
import type { Page } from '@playwright/test';
import { expectAccessible } from './support/axe';
import {
  addStaff,
  assignTask,
  chooseRadio,
  expectCaseClosed,
  openCase,
  pauseAndResumeClock,
  readOut,
  residentStatus,
  staffPage,
  takeAction,
  uploadAndDownload,
} from './support/staff-pages';
import { expect, test } from './support/web-platform';

// A whole case through several people's pages, each page checked by axe: minutes on a shared machine.
test.describe.configure({ timeout: 480_000 });

async function startIntake(page: Page, serviceTitle: string): Promise<void> {
  await page.getByRole('link', { name: 'New request' }).click();
  await expectAccessible(page);
  await chooseRadio(page, 'Which service is it for?', serviceTitle);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: serviceTitle })).toBeVisible();
  await expectAccessible(page);
}

async function checkAndCreate(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Check the answers' }).click();
  await expect(page.getByRole('heading', { name: 'Check the answers before creating the case' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: /Create/ }).click();
}

test('311 complaint: a call taken by a clerk, assigned, routed to the crew, done; the resident sees it resolved', async ({
  browser,
  baseURL,
}) => {
  const clerk = await staffPage(browser, baseURL!, 'clerk');
  await startIntake(clerk, '311 service complaint');
  await clerk.getByLabel('Category').selectOption({ label: 'Bulky items' });
  await clerk.getByLabel('How the request came in', { exact: true }).selectOption({ label: 'Call' });
  await clerk.getByLabel('What the resident reported').fill('A sofa and two mattresses on the kerb');
  await clerk.locator('#address').fill('6262 Van Nuys Blvd');
  await clerk.getByLabel('Resident’s name').fill('Ana Residente');
  await chooseRadio(clerk, 'How should we send notices about this request?', 'No notices');
  await checkAndCreate(clerk);
  const created = await readOut(clerk);
  await expectAccessible(clerk);
  expect(await residentStatus(browser, baseURL!, created.trackingNumber, created.code)).toBe('Received');

  // The clerk attaches the resident's photo notes; a route without a location is refused beside it.
  await openCase(clerk, created.caseUrl, created.trackingNumber);
  await uploadAndDownload(clerk, 'photo-notes.txt', 'Items left by the driveway\n');
  const route = clerk.locator('#act-triage-route');
  await route.getByLabel('Location', { exact: true }).fill('');
  await route.getByRole('button', { name: 'Send to the responsible department' }).click();
  await expect(clerk.locator('#error-summary')).toBeFocused();
  await expect(clerk.locator('#act-triage-route-address-error')).toContainText('Enter location');
  await expectAccessible(clerk);

  // The 311 supervisor assigns the triage task to the clerk through the picker.
  const supervisor = await staffPage(browser, baseURL!, 'supervisor');
  await openCase(supervisor, created.caseUrl, created.trackingNumber);
  await assignTask(supervisor, 'clerk (call-center)');
  // The complaint has no statutory clock (311 targets are service levels only): nothing to pause.
  await expect(supervisor.getByRole('button', { name: 'Pause the clock' })).toHaveCount(0);

  await openCase(clerk, created.caseUrl, created.trackingNumber);
  const routing = clerk.locator('#act-triage-route');
  await routing.getByLabel('Location', { exact: true }).fill('6262 Van Nuys Blvd');
  await routing.getByRole('button', { name: 'Send to the responsible department' }).click();
  // Routed to sanitation, the case leaves the 311 clerk's department scope (the page after it is not theirs).
  await clerk.waitForURL(/done=action/);
  expect(await residentStatus(browser, baseURL!, created.trackingNumber, created.code)).toBe('Sent to the crew');

  // The sanitation crew lead claims the field work and closes it.
  const crew = await staffPage(browser, baseURL!, 'crew');
  await openCase(crew, created.caseUrl, created.trackingNumber);
  await crew.getByRole('button', { name: 'Claim this task' }).click();
  await expect(crew.getByText('You have claimed the task.')).toBeVisible();
  await expectAccessible(crew);
  await takeAction(crew, 'act-sanitation-field-work-complete', 'Work done', {
    'Note to the resident': 'Collected the sofa and mattresses.',
  });
  await expectCaseClosed(crew);
  expect(await residentStatus(browser, baseURL!, created.trackingNumber, created.code)).toBe('Closed – done');
});

test('building permit: a walk-in application, assigned, clock paused and resumed, found exempt; the resident sees it closed', async ({
  browser,
  baseURL,
}) => {
  const clerk = await staffPage(browser, baseURL!, 'permitClerk');
  await startIntake(clerk, 'Building permit');
  await chooseRadio(clerk, 'How did the request come in?', 'Walk-in at the counter');
  await clerk.getByLabel('Applicant or agent name').fill('Rosa Builder');
  await clerk.getByLabel('Applicant email').fill('rosa@example.org');
  await clerk.getByLabel('Property address').fill('200 N Spring St');
  await chooseRadio(clerk, 'Type of work', 'Alteration');
  await clerk.getByLabel('Project description').fill('Replace the garden fence, 1.2 m high');
  await clerk.getByLabel('Resident’s name').fill('Rosa Builder');
  await clerk.getByLabel('Postal address').fill('200 N Spring St\nLos Angeles, CA 90012');
  await chooseRadio(clerk, 'How should we send notices about this request?', 'Post (letters mailed by the office)');
  await checkAndCreate(clerk);
  const created = await readOut(clerk);
  expect(await residentStatus(browser, baseURL!, created.trackingNumber, created.code)).toBe('Application received');

  const supervisor = await staffPage(browser, baseURL!, 'permitSupervisor');
  await openCase(supervisor, created.caseUrl, created.trackingNumber);
  await assignTask(supervisor, 'permitClerk (building-safety)');
  await pauseAndResumeClock(supervisor, 'Waiting for the applicant to pay the fees');

  await openCase(clerk, created.caseUrl, created.trackingNumber);
  await uploadAndDownload(clerk, 'fence-sketch.txt', 'Fence 1.2 m, timber\n');
  // "Exempt" needs the reasons: refused beside the field, nothing recorded.
  const exempt = clerk.locator('#act-intake-review-no-permit-required');
  await exempt.getByRole('button', { name: 'Work is exempt from a permit' }).click();
  await expect(clerk.locator('#act-intake-review-no-permit-required-action-comment-error')).toContainText(
    'Enter the reasons',
  );
  await expect(clerk.locator('#error-summary')).toBeFocused();
  await expectAccessible(clerk);
  await takeAction(clerk, 'act-intake-review-no-permit-required', 'Work is exempt from a permit', {
    Reasons: 'Fences under 2 m are exempt (LAMC 91.106.2).',
  });
  await expectCaseClosed(clerk);
  expect(await residentStatus(browser, baseURL!, created.trackingNumber, created.code)).toBe('No permit required');
});

test('food assistance: a mailed application, assigned, clock paused and resumed, expedited and approved; the resident sees it approved', async ({
  browser,
  baseURL,
  platform,
}) => {
  await addStaff(platform, 'eligibilityWorker', ['staff', 'eligibility-worker'], 'eligibility');
  await addStaff(platform, 'eligibilitySupervisor', ['supervisor', 'eligibility-supervisor'], 'eligibility');
  const worker = await staffPage(browser, baseURL!, 'eligibilityWorker');
  await startIntake(worker, 'Food assistance application');
  await chooseRadio(worker, 'How did the request come in?', 'Letter');
  await worker.getByLabel('Applicant name').fill('Lee Household');
  await worker.getByLabel('Household size').fill('2');
  await worker.getByLabel('Household gross monthly income (USD)').fill('100');
  await worker.getByLabel('Cash and bank balances (USD)').fill('50');
  await worker.getByLabel('Rent or mortgage plus utilities (USD per month)').fill('650');
  await worker.getByLabel('Documents the household must provide').fill('Proof of identity');
  await worker.getByLabel('Resident’s name').fill('Lee Household');
  await chooseRadio(worker, 'How should we send notices about this request?', 'No notices');
  await checkAndCreate(worker);
  const created = await readOut(worker);
  expect(await residentStatus(browser, baseURL!, created.trackingNumber, created.code)).toBe('Application received');

  const supervisor = await staffPage(browser, baseURL!, 'eligibilitySupervisor');
  await openCase(supervisor, created.caseUrl, created.trackingNumber);
  await assignTask(supervisor, 'eligibilityWorker (eligibility)');
  await pauseAndResumeClock(supervisor, 'Delay caused by the household');

  await openCase(worker, created.caseUrl, created.trackingNumber);
  await uploadAndDownload(worker, 'id-copy.txt', 'Copy of ID seen at intake\n');
  // A household size the law's table does not cover: refused beside the field, input kept.
  const screening = worker.locator('#act-screening-screened');
  await screening.getByLabel('Household size').fill('25');
  await screening.getByRole('button', { name: 'Screening done' }).click();
  await expect(worker.locator('#act-screening-screened-householdSize-error')).toContainText(
    'Household size must be 20 or less',
  );
  await expect(worker.locator('#act-screening-screened-householdSize')).toHaveValue('25');
  await expectAccessible(worker);
  await takeAction(worker, 'act-screening-screened', 'Screening done', { 'Household size': '2' });
  await takeAction(worker, 'act-expedited-intake-identity-verified', 'Identity verified, proceed to determination', {
    'Verification notes': 'Driver licence seen at the counter',
  });
  await takeAction(worker, 'act-eligibility-determination-eligible', 'Eligible', {
    'Date of the eligibility interview': '2026-12-01',
    'Monthly benefit amount (USD)': '350',
    'Certification months': '6',
  });
  await expectCaseClosed(worker);
  expect(await residentStatus(browser, baseURL!, created.trackingNumber, created.code)).toBe('Approved');
});
