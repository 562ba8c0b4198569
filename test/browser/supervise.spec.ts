/**
 * The supervisors' pages in Chromium against the real platform, axe on every state visited:
 * an at-risk case appears once its warning fired (virtual time skipped on the embedded server, not
 * waited), is reassigned in bulk to an eligible person and the list exported as CSV; the dashboard's
 * tables for a seeded period equal figures computed from the raw database rows, a table's CSV is
 * exactly that table, and the compliance PDF reads back with the same figures.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { caseStateQuery } from '../../workflows/case-contract';
import { auth, SERVICE_COMPLAINT } from '../api/support/api-harness';
import { expectedTables, seedReportPeriod } from '../api/support/report-period';
import { advanceCaseTo } from '../case/support/case-time';
import { pdfText } from '../support/pdf-text';
import { expectAccessible, expectNoHorizontalScroll } from './support/axe';
import { chooseRadio } from './support/staff-pages';
import { expect, signIn, test } from './support/web-platform';
import { NEW_HOME_PERMIT_APPLICATION } from '../fixtures/building-permit-application';

/** The README's pictures with `UPDATE_SCREENSHOTS=1`, else into the test's output folder. */
async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file =
    process.env.UPDATE_SCREENSHOTS === '1'
      ? path.join(__dirname, '..', '..', 'docs', 'screenshots', `${name}.png`)
      : testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFile(await download.path());
}

test('a supervisor sees a case at risk once its warning fires, reassigns it in bulk and exports the list', async ({
  page,
  platform,
}, testInfo) => {
  const { env } = platform;
  const created = await env.http
    .post('/api/v1/cases')
    .set(auth(env.tokens.clerk))
    .send({ definitionId: 'service-complaint', data: SERVICE_COMPLAINT });
  expect(created.status).toBe(201);
  const { id, trackingNumber } = (created.body as { case: { id: string; trackingNumber: string } }).case;

  await signIn(page, 'supervisor');
  await page.getByRole('link', { name: 'Overdue and at risk' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overdue and at risk' })).toBeVisible();
  await expect(page.getByRole('link', { name: trackingNumber })).toHaveCount(0);
  await expectAccessible(page);

  // The triage step warns at 75 % of its working day: move the embedded server's clock just past it.
  const handle = env.client.workflow.getHandle(id);
  const warningAt = (await handle.query(caseStateQuery)).active.find((a) => a.stepId === 'triage')?.sla?.warningAt;
  expect(warningAt).toBeDefined();
  await advanceCaseTo(env.server.clock, handle, Date.parse(warningAt ?? '') + 1000);

  const row = page.getByRole('row', { name: new RegExp(trackingNumber) });
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(row).toContainText('At risk');
  await expect(row).toContainText('Triage');
  await expect(row).toContainText('warning at');
  await expect(row.getByRole('cell').nth(5)).toHaveText('0');
  await expect(row).toContainText('unassigned');
  await expectAccessible(page);

  // Nothing ticked: refused with the error beside the list, nothing done.
  await chooseRadio(page, 'What to do', 'Reassign the task to');
  await page.getByLabel(/^Reassign to/).selectOption({ label: 'clerk (call-center)' });
  await page.getByRole('button', { name: 'Apply to the selected cases' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Select at least one case to reassign' })).toBeVisible();
  await expectAccessible(page);

  await row.locator('label.usa-checkbox__label').click();
  await chooseRadio(page, 'What to do', 'Reassign the task to');
  await page.getByLabel(/^Reassign to/).selectOption({ label: 'clerk (call-center)' });
  await page.getByRole('button', { name: 'Apply to the selected cases' }).click();
  await expect(page.getByRole('heading', { name: 'Reassign the task: 1 done, 0 refused' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Result per case' })).toHaveText(`${trackingNumber}: reassigned`);
  await expect(page.getByRole('row', { name: new RegExp(trackingNumber) })).toContainText('clerk');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'supervise-at-risk');
  const task = (await env.t.db('tasks').where({ case_id: id, step_id: 'triage' }).first()) as {
    assignee_id: string | null;
  };
  expect(task.assignee_id).toBe(env.userIds.clerk);

  const csv = (
    await downloaded(page, () => page.getByRole('link', { name: 'Download this list as CSV' }).click())
  ).toString('utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe(
    'trackingNumber,definitionId,departmentId,stepId,stepTitle,stage,thresholdAt,warningAt,dueAt,lateSeconds,escalationLevel,nextEscalationAt,assigneeId',
  );
  const line = lines.find((l) => l.startsWith(`${trackingNumber},`));
  expect(line).toContain(',service-complaint,call-center,triage,');
  expect(line).toContain(',warning,');
  expect(line?.endsWith(`,${env.userIds.clerk}`)).toBe(true);
  const exported = await env.t
    .db('audit_entries')
    .where({ case_id: '_platform', event_type: 'reports.exported' })
    .select('details');
  expect(
    exported.some(
      (e: { details: { report: string; caseIds: string[] } }) =>
        e.details.report === 'at-risk' && e.details.caseIds.includes(id),
    ),
  ).toBe(true);
});

test('pause, resume and extend the statutory clock in bulk, with a result per case', async ({ page, platform }) => {
  const { env } = platform;
  const started = [];
  for (let i = 0; i < 2; i++) {
    const response = await env.http
      .post('/api/v1/cases')
      .set(auth(env.tokens.permitClerk))
      .send({ definitionId: 'building-permit', data: NEW_HOME_PERMIT_APPLICATION });
    expect(response.status).toBe(201);
    started.push((response.body as { case: { id: string; trackingNumber: string } }).case);
  }
  for (const { id } of started) {
    const handle = env.client.workflow.getHandle(id);
    const warningAt = (await handle.query(caseStateQuery)).active.find((a) => a.stepId === 'intake-review')?.sla
      ?.warningAt;
    await advanceCaseTo(env.server.clock, handle, Date.parse(warningAt ?? '') + 1000);
  }
  const [first, second] = started as [(typeof started)[number], (typeof started)[number]];
  await signIn(page, 'permitSupervisor');
  await page.goto('/supervise/at-risk');
  const rowOf = (trackingNumber: string) => page.getByRole('row', { name: new RegExp(trackingNumber) });
  await expect(async () => {
    await page.reload();
    await expect(rowOf(first.trackingNumber)).toBeVisible({ timeout: 1000 });
    await expect(rowOf(second.trackingNumber)).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expectAccessible(page);

  // Pause only the first: the second, not ticked, keeps running.
  await rowOf(first.trackingNumber).locator('label.usa-checkbox__label').click();
  await chooseRadio(page, 'What to do', 'Pause the statutory clock');
  await page
    .getByLabel(/^Why the clock is paused/)
    .selectOption({ label: 'Waiting for information from the applicant' });
  await page.getByRole('button', { name: 'Apply to the selected cases' }).click();
  await expect(page.getByRole('list', { name: 'Result per case' })).toHaveText(`${first.trackingNumber}: paused`);
  await expectAccessible(page);
  const paused = async (id: string) =>
    ((await env.t.db('cases').where({ id }).first()) as { statutory_clock_paused: boolean }).statutory_clock_paused;
  expect(await paused(first.id)).toBe(true);
  expect(await paused(second.id)).toBe(false);

  // Resume both: the running one is refused, the paused one resumes and its reason is on the case.
  await rowOf(first.trackingNumber).locator('label.usa-checkbox__label').click();
  await rowOf(second.trackingNumber).locator('label.usa-checkbox__label').click();
  await chooseRadio(page, 'What to do', 'Resume the statutory clock');
  await page.getByLabel(/^Reason \(to resume or extend\)/).fill('The applicant sent the plans');
  await page.getByRole('button', { name: 'Apply to the selected cases' }).click();
  await expect(page.getByRole('heading', { name: 'Resume the statutory clock: 1 done, 1 refused' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Result per case' })).toContainText(`${first.trackingNumber}: resumed`);
  await expect(page.getByRole('list', { name: 'Result per case' })).toContainText(
    `${second.trackingNumber}: refused: the statutory clock is not paused`,
  );
  await expectAccessible(page);
  expect(await paused(first.id)).toBe(false);
  const comments = await env.t
    .db('audit_entries')
    .where({ case_id: first.id })
    .where('event_type', 'comment-added')
    .select('details');
  expect(JSON.stringify(comments)).toContain('Statutory clock resumed: The applicant sent the plans');

  // Extend the second with one of the process's reasons.
  await rowOf(second.trackingNumber).locator('label.usa-checkbox__label').click();
  await chooseRadio(page, 'What to do', 'Extend the statutory deadline');
  await page.getByLabel(/^Extend by/).fill('10 working days');
  await page.getByLabel(/^Reason for the extension/).selectOption({ value: 'applicant-agreed' });
  const before = ((await env.t.db('cases').where({ id: second.id }).first()) as { statutory_due_at: Date })
    .statutory_due_at;
  await page.getByRole('button', { name: 'Apply to the selected cases' }).click();
  await expect(page.getByRole('list', { name: 'Result per case' })).toHaveText(`${second.trackingNumber}: extended`);
  await expectAccessible(page);
  const after = ((await env.t.db('cases').where({ id: second.id }).first()) as { statutory_due_at: Date })
    .statutory_due_at;
  expect(after.getTime()).toBeGreaterThan(before.getTime());
});

// The pages count whole days in the agency's time zone (America/Los_Angeles): 1 March 00:00 PST to 1 April 00:00 PDT.
const LA_MARCH = { from: '2025-03-01T08:00:00.000Z', to: '2025-04-01T07:00:00.000Z' };

test('the dashboard shows, for a seeded period, the figures in the database, as tables, CSV and PDF', async ({
  page,
  platform,
}, testInfo) => {
  const db = platform.env.t.db;
  await seedReportPeriod(db);
  await signIn(page, 'supervisor');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel(/^First day/).fill('2025-03-01');
  await page.getByLabel(/^Last day/).fill('2025-03-31');
  await page.getByRole('button', { name: 'Show this period' }).click();
  await expect(page).toHaveURL(/from=2025-03-01&to=2025-03-31/);
  await expectAccessible(page);
  // Reflow (WCAG 1.4.10): at 320 CSS px the charts shrink and the tables scroll inside their own box.
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 800 });
  await expectNoHorizontalScroll(page);
  await page.goto('/supervise/at-risk');
  await expectNoHorizontalScroll(page);
  await page.goBack();
  if (wide) await page.setViewportSize(wide);

  const expected = await expectedTables(db, LA_MARCH, ['call-center'], LA_MARCH.to);
  for (const [tableId, rows] of Object.entries(expected)) {
    const table = page.locator(`#${tableId}-table`);
    const shown = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').trim())),
      );
    const want =
      rows.length === 0
        ? [['No cases in this period.']]
        : rows.map((row) => Object.values(row).map((v) => (v === null ? '' : String(v))));
    expect(shown, tableId).toEqual(want);
    await expect(page.locator(`#${tableId}-chart`)).toHaveAttribute('role', 'img');
  }
  await screenshot(page, testInfo, 'supervise-dashboard');
  // Not two empty sides compared: the seed shows.
  await expect(page.locator('#sla-by-service-table')).toContainText('66.7');
  await expect(page.locator('#sla-by-service-chart svg')).toBeVisible();

  const csv = (
    await downloaded(page, () => page.getByRole('link', { name: 'Download “SLA met by service” as CSV' }).click())
  ).toString('utf8');
  const headings = await page.locator('#sla-by-service-table thead th').allTextContents();
  const cells = await page.locator('#sla-by-service-table tbody tr').evaluateAll((trs) =>
    trs.map((tr) =>
      Array.from(tr.querySelectorAll('th, td'))
        .map((cell) => (cell.textContent ?? '').trim())
        .join(','),
    ),
  );
  expect(csv).toBe([headings.join(','), ...cells].join('\r\n') + '\r\n');

  const pdf = await downloaded(page, () =>
    page.getByRole('link', { name: 'Download the compliance report (PDF)' }).click(),
  );
  const { text } = await pdfText(pdf);
  const lines = text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
  for (const rows of Object.values(expected))
    for (const row of rows)
      expect(lines).toContain(
        Object.values(row)
          .filter((v) => v !== null)
          .map(String)
          .join(' '),
      );

  // A date that is not one: the error beside the field, the default period shown meanwhile.
  await page.goto('/supervise/dashboard?from=2025-02-30&to=2025-03-31');
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'The first day must be a real date written like 2026-11-30' }),
  ).toBeVisible();
  await expectAccessible(page);
});
