/**
 * The staff case page (issue 8, screens 2 and 4) in a real browser against the real platform: view,
 * masked data withheld, every form kind, refusals beside the field, upload and download, the assignee
 * picker, pausing and resuming the clock, a closed case read-only, another department's case not
 * found — and axe with 0 violations on every state.
 */
import { auth } from '../api/support/api-harness';
import { expectAccessible } from './support/axe';
import { expect, signIn, test, type WebPlatform } from './support/web-platform';
import type { Page } from '@playwright/test';
import { jsonBody } from '../api/support/json-body';
import type { StartedCase } from '../../api/services';

const PERMIT = {
  applicantName: 'Rosa Builder',
  applicantEmail: 'rosa@example.org',
  propertyAddress: '200 N Spring St, Los Angeles',
  parcelNumber: '5161-003-901',
  workType: 'new-building',
  projectDescription: 'Single-family home',
  valuation: 450000,
  floorArea: 2100,
  dwellingUnits: 1,
};

const COMPLAINT = {
  category: 'bulky-items',
  channel: 'call',
  description: 'Old sofa and mattress on the kerb',
  address: '16815 W Vanowen St, 91406',
  residentName: 'Ana Residente',
  residentEmail: 'ana@example.org',
};

async function startCase(
  platform: WebPlatform,
  as: 'permitClerk' | 'clerk',
  definitionId: string,
  data: Record<string, unknown>,
): Promise<{ id: string; trackingNumber: string }> {
  const response = await platform.env.http
    .post('/api/v1/cases')
    .set(auth(platform.env.tokens[as]))
    .send({ definitionId, data });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return {
    id: jsonBody<StartedCase>(response).case.id,
    trackingNumber: jsonBody<StartedCase>(response).trackingNumber,
  };
}

async function openCase(page: Page, id: string, trackingNumber: string): Promise<void> {
  await page.goto(`/cases/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`Case ${trackingNumber}`) })).toBeVisible();
}

test('a clerk sees the case, its SLA and statutory clock with why this date; another department gets not found', async ({
  page,
  platform,
}) => {
  const permit = await startCase(platform, 'permitClerk', 'building-permit', PERMIT);
  await signIn(page, 'permitClerk');
  await openCase(page, permit.id, permit.trackingNumber);
  const summary = page.getByRole('definition').filter({ hasText: 'version 1.0.1' });
  await expect(summary).toContainText('Building permit');
  await expect(page.getByText('Rosa Builder')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Completeness check' }).first()).toBeVisible();
  await expect(page.getByText('Working days left', { exact: true })).toBeVisible();
  // Why this date: the clock's reasons from the service (the limit, 30 working days for 1 dwelling unit).
  const why = page.locator('#statutory-clock').locator('..').getByText('Why this date');
  await why.click();
  await expect(page.locator('#statutory-clock').locator('..').locator('details')).toContainText(
    'The law allows 30 working days',
  );
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'crew');
  const response = await page.goto(`/cases/${permit.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByText('Rosa Builder')).toHaveCount(0);
  await expectAccessible(page);
});

test('personal data is shown as withheld to a role that does not see it', async ({ page, platform }) => {
  const complaint = await startCase(platform, 'clerk', 'service-complaint', COMPLAINT);
  await signIn(page, 'manager');
  await openCase(page, complaint.id, complaint.trackingNumber);
  const data = page.getByRole('definition').filter({ hasText: 'withheld' });
  expect(await data.count()).toBeGreaterThanOrEqual(3);
  await expect(page.getByText('Ana Residente')).toHaveCount(0);
  await expect(page.getByText('16815 W Vanowen')).toHaveCount(0);
  // Not blank: the Location row says withheld.
  await expect(
    page
      .locator('dl div')
      .filter({ has: page.getByRole('term').getByText('Location', { exact: true }) })
      .getByRole('definition'),
  ).toContainText('withheld');
  await expectAccessible(page);
});

test('claim, a form error and a workflow refusal beside the field with input kept, then the action', async ({
  page,
  platform,
}) => {
  const permit = await startCase(platform, 'permitClerk', 'building-permit', PERMIT);
  await signIn(page, 'permitClerk');
  await openCase(page, permit.id, permit.trackingNumber);
  await page.getByRole('button', { name: 'Claim this task' }).click();
  await expect(page.getByText('You have claimed the task.')).toBeVisible();
  await expect(page).toHaveURL(/done=claim/);
  await expect(page.getByRole('button', { name: 'Release this task' })).toBeVisible();
  await expectAccessible(page);

  // Invalid data: checked against the definition's schema, shown beside the field, input kept.
  const form = page.locator('#act-intake-review-accept-complete');
  await form.getByLabel('Assessor parcel number (APN)').fill('12');
  await form.getByRole('button', { name: 'Application is complete' }).click();
  const summary = page.getByRole('alert').or(page.locator('#error-summary'));
  await expect(summary.first()).toContainText('Enter assessor parcel number (APN) in the correct format');
  await expect(page.locator('#act-intake-review-accept-complete-parcelNumber-error')).toContainText('correct format');
  await expect(page.locator('#act-intake-review-accept-complete-parcelNumber')).toHaveValue('12');
  await expect(page.locator('#error-summary')).toBeFocused();
  await expectAccessible(page);

  // A refusal only the workflow knows: "Work is exempt" needs reasons (a required comment).
  const exempt = page.locator('#act-intake-review-no-permit-required');
  await exempt.getByRole('button', { name: 'Work is exempt from a permit' }).click();
  await expect(page.locator('#act-intake-review-no-permit-required-action-comment-error')).toContainText(
    'Enter the reasons',
  );
  await expectAccessible(page);

  // Release and the page shows the claim again.
  await page.getByRole('button', { name: 'Release this task' }).click();
  await expect(page.getByText('You have released the task.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Claim this task' })).toBeVisible();

  // The action itself.
  await page
    .locator('#act-intake-review-request-information')
    .getByLabel('What the applicant must still provide')
    .fill('Structural calculations');
  await page
    .locator('#act-intake-review-request-information')
    .getByRole('button', { name: 'Ask the applicant for missing information' })
    .click();
  await expect(page.getByText('Done: the action was recorded on the case.')).toBeVisible();
  await expect(page.getByText("Waiting for the applicant's information").first()).toBeVisible();
  await expectAccessible(page);
});

test('a supervisor assigns through the picker of eligible staff, then reassigns', async ({ page, platform }) => {
  const permit = await startCase(platform, 'permitClerk', 'building-permit', PERMIT);
  await signIn(page, 'permitSupervisor');
  await openCase(page, permit.id, permit.trackingNumber);
  const picker = page.getByLabel('Assign to');
  const options = await picker.locator('option').allTextContents();
  // Only eligible staff: permit clerks of building-safety, never the sanitation crew.
  expect(options.some((o) => o.startsWith('permitClerk'))).toBe(true);
  expect(options.some((o) => o.startsWith('crew') || o.startsWith('clerk '))).toBe(false);
  await picker.selectOption({ label: 'permitClerk (building-safety)' });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByText('The task has been assigned.')).toBeVisible();
  await expect(page.getByText('Assigned to: permitClerk')).toBeVisible();
  await expect(page.getByLabel('Reassign to')).toBeVisible();
  await expectAccessible(page);

  // Nothing chosen: the error is beside the picker.
  await page.getByRole('button', { name: 'Reassign' }).click();
  await expect(page.locator('#assign-intake-review-assigneeId-error')).toContainText(
    'Choose who to assign the task to',
  );
  await expectAccessible(page);
});

test('a supervisor pauses and resumes the clock; an extension the law does not allow is refused beside the field', async ({
  page,
  platform,
}) => {
  const permit = await startCase(platform, 'permitClerk', 'building-permit', PERMIT);
  await signIn(page, 'permitSupervisor');
  await openCase(page, permit.id, permit.trackingNumber);
  await page
    .getByLabel('Why is the clock paused?')
    .selectOption({ label: 'Waiting for the applicant to pay the fees' });
  await page.getByRole('button', { name: 'Pause the clock' }).click();
  await expect(page.getByText('The clock is paused.')).toBeVisible();
  await expect(page.locator('#statutory-clock').locator('..')).toContainText(
    'paused: waiting for the applicant to pay the fees',
  );
  await page.locator('#statutory-clock').locator('..').getByText('Why this date').click();
  await expect(page.locator('#statutory-clock').locator('..').locator('details')).toContainText('(still paused)');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Resume the clock' }).click();
  await expect(page.getByText('The clock is running again.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pause the clock' })).toBeVisible();

  await page.getByLabel('Extend by').fill('45 working days');
  await page.getByLabel('Reason for the extension').selectOption('complex-project');
  await page.getByRole('button', { name: 'Extend the deadline' }).click();
  await expect(page.locator('#clock-extend-by-error')).toContainText('at most 30 working days');
  await expect(page.getByLabel('Extend by')).toHaveValue('45 working days');
  await expect(page.locator('#error-summary')).toBeFocused();
  await expectAccessible(page);

  await page.getByLabel('Extend by').fill('10 working days');
  await page.getByRole('button', { name: 'Extend the deadline' }).click();
  await expect(page.getByText('The deadline has been extended.')).toBeVisible();
  await expect(page.locator('#statutory-clock').locator('..')).toContainText('10 working days');
});

test('uploads a document and downloads the same bytes; a refused type is shown beside the file field', async ({
  page,
  platform,
}) => {
  const permit = await startCase(platform, 'permitClerk', 'building-permit', PERMIT);
  await signIn(page, 'permitClerk');
  await openCase(page, permit.id, permit.trackingNumber);
  const content = 'Site plan notes\nSetback 5 ft\n';
  await page
    .getByLabel('Document')
    .setInputFiles({ name: 'site-plan.txt', mimeType: 'text/plain', buffer: Buffer.from(content) });
  await page.getByRole('textbox', { name: 'Description (optional)', exact: true }).fill('Notes from the counter');
  await page.getByRole('button', { name: 'Upload document' }).click();
  await expect(page.getByText('The document was uploaded.')).toBeVisible();
  await expectAccessible(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'site-plan.txt' }).click();
  const file = await download;
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString('utf8')).toBe(content);

  await page
    .getByLabel('Document')
    .setInputFiles({ name: 'tool.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ binary') });
  await page.getByRole('button', { name: 'Upload document' }).click();
  await expect(page.locator('#upload-file-error')).toContainText('The file must be');
  await expectAccessible(page);
  expect(
    jsonBody<{ items: unknown[] }>(
      await platform.env.http.get(`/api/v1/cases/${permit.id}/documents`).set(auth(platform.env.tokens.permitClerk)),
    ).items,
  ).toHaveLength(1);
});

test('a comment: refused when empty, added once on a double submit, and the timeline filter is in the URL', async ({
  page,
  platform,
}) => {
  const permit = await startCase(platform, 'permitClerk', 'building-permit', PERMIT);
  await signIn(page, 'permitClerk');
  await openCase(page, permit.id, permit.trackingNumber);
  await page.getByRole('button', { name: 'Add comment' }).click();
  await expect(page.locator('#comment-text-error')).toContainText('Enter a comment');
  await expectAccessible(page);

  // A double submit: the same form (same idempotency key) posted twice acts once.
  await page.getByLabel('Comment', { exact: true }).fill('Called the applicant about the plans');
  const form = page.locator('#comment');
  const fields = {
    _csrf: await form.locator('input[name=_csrf]').inputValue(),
    idempotencyKey: await form.locator('input[name=idempotencyKey]').inputValue(),
    text: 'Called the applicant about the plans',
  };
  const first = await page.request.post(`/cases/${permit.id}/comments`, { form: fields, maxRedirects: 0 });
  const second = await page.request.post(`/cases/${permit.id}/comments`, { form: fields, maxRedirects: 0 });
  expect([first.status(), second.status()]).toEqual([303, 303]);

  await page.goto(`/cases/${permit.id}?kind=comments`);
  await expect(page.getByLabel('Show')).toHaveValue('comments');
  const rows = page.locator('#timeline ~ table tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Called the applicant about the plans');
  await expect(rows.first()).toContainText('permitClerk');
  await expect(rows.first()).toContainText('web');
  await expectAccessible(page);

  await page.getByLabel('Show').selectOption('reads');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/kind=reads/);
  await expect(rows.first()).toContainText('Read');
});

test('a closed case is read-only', async ({ page, platform }) => {
  const first = await startCase(platform, 'clerk', 'service-complaint', COMPLAINT);
  const duplicate = await startCase(platform, 'clerk', 'service-complaint', COMPLAINT);
  await signIn(page, 'clerk');
  await openCase(page, duplicate.id, duplicate.trackingNumber);
  const form = page.locator('#act-triage-mark-duplicate');
  await form.getByLabel('Service request this one duplicates').fill(first.trackingNumber);
  await form.getByRole('button', { name: 'Close as a duplicate' }).click();
  await expect(page.getByText('Done: the action was recorded on the case.')).toBeVisible();
  await expect(page.getByText('This case is closed. It is read-only.')).toBeVisible();
  await expect(page.locator('main form[method=post]')).toHaveCount(0);
  await expectAccessible(page);
});
