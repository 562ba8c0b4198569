/**
 * The definition studio in a real browser: a program manager opens the building permit, introduces
 * an error and sees its diagnostic at the right line, fixes it, leaves the editor with Tab, saves
 * 1.1.0 (renamed step + migrations map), publishes it and moves the open 1.0.1 case, which then
 * continues on the new step. axe on every state, with the editor focused too.
 */
import { auth } from '../api/support/api-harness';
import { jsonBody } from '../api/support/json-body';
import type { CaseView, StartedCase } from '../../api/services';
import { BUILDING_PERMIT_SOURCE, renamedBuildingPermit } from '../support/building-permit-versions';
import { expectAccessible } from './support/axe';
import { expect, signIn, test } from './support/web-platform';

/** The text with one step's SLA (its first `due: N working days`) set to `days`. */
function withSla(text: string, step: string, days: number): string {
  const at = text.indexOf(`\n  ${step}:\n`);
  const due = text.indexOf('      due: ', at);
  const end = text.indexOf('\n', due);
  return `${text.slice(0, due)}      due: ${days} working days${text.slice(end)}`;
}

const PERMIT = {
  applicantName: 'Omar Deck',
  applicantEmail: 'omar@example.org',
  propertyAddress: '9 Elm St, Los Angeles 90004',
  workType: 'alteration',
  projectDescription: 'A new deck',
};

// Thirteen pages checked by axe, the editor's among them: over two minutes on a loaded machine.
test.describe.configure({ timeout: 300_000 });

test('a program manager edits, publishes 1.1.0 and moves the open 1.0.1 case', async ({ page, browser, platform }) => {
  const created = await platform.env.http
    .post('/api/v1/cases')
    .set(auth(platform.env.tokens.permitClerk))
    .send({ definitionId: 'building-permit', data: PERMIT });
  expect(created.status).toBe(201);
  const { case: openCase, trackingNumber } = jsonBody<StartedCase>(created);

  await signIn(page, 'manager');
  await page.getByRole('link', { name: 'Definitions' }).click();
  await expect(page.getByRole('heading', { name: 'Definitions', level: 1 })).toBeVisible();
  const v1Row = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: '1.0.1' }) })
    .first();
  await expect(v1Row).toContainText('published');
  await expectAccessible(page);

  await page.getByRole('link', { name: "Calendars and next year's working days" }).click();
  await expect(page.getByRole('heading', { name: /\(la-city\)/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'All definitions' }).click();
  await page.getByRole('link', { name: /^Edit Building/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-editor', 'ready');
  // The test platform stores its versions without their YAML: paste the shipped text and save it as a working draft.
  const editor = page.getByRole('textbox', { name: 'Definition YAML' });
  await editor.focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(BUILDING_PERMIT_SOURCE);
  await page.getByRole('button', { name: 'Save working draft' }).click();
  await expect(page.getByText('Saved your working draft.')).toBeVisible();
  await expect(page.getByText(/Your working draft, saved/)).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-editor', 'ready');
  await expect(page.getByRole('group', { name: /Diagram of/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Step outline' })).toContainText('Completeness check');
  await expectAccessible(page);

  // Keyboard only: into the editor, break a line, see the server's diagnostic at that line.
  await editor.focus();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText('nonsenseKey: 1');
  await expect(page.locator('#diagnostics-list')).toContainText(/^2:\d+ error/);
  await expect(page.locator('.cm-lint-marker-error').first()).toBeVisible();
  await expectAccessible(page);

  // Fix it and change the zoning review's SLA in the new version (pasted as one text): a scenario fails.
  const v11 = renamedBuildingPermit('1.1.0', true);
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(withSla(v11, 'zoning-review', 12));
  await expect(page.locator('#diagnostics-summary')).toHaveText('No problems found.', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Run scenarios' }).click();
  await expect(page.locator('.cf-scenarios [role=status]')).toHaveText(/^(\d+) of \d+ scenario\(s\) passed\.$/);
  await expect(page.getByText('Failed: slow-zoning-review-escalated-clock-extended')).toBeVisible();
  await expectAccessible(page);

  // Fixed: the SLA change goes to the fire review instead, and every scenario passes.
  await expect(page.locator('html')).toHaveAttribute('data-editor', 'ready');
  await editor.focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(withSla(v11, 'fire-review', 12));
  await page.getByRole('button', { name: 'Run scenarios' }).click();
  await expect(page.locator('.cf-scenarios [role=status]')).toHaveText(/^(\d+) of \1 scenario\(s\) passed\.$/);
  await expectAccessible(page);
  await expect(page.locator('html')).toHaveAttribute('data-editor', 'ready');
  await editor.focus();
  // Tab leaves the editor (no keyboard trap).
  await page.keyboard.press('Tab');
  await expect(editor).not.toBeFocused();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Save as a version draft' }).click();
  await expect(page.getByText('Saved the version draft.')).toBeVisible();
  await page.getByRole('link', { name: 'Compare and publish 1.1.0' }).click();
  const changes = page.getByRole('table', { name: 'What 1.1.0 changes' });
  await expect(changes).toContainText('step completeness-check');
  await expect(changes.getByRole('row').filter({ hasText: 'step fire-review SLA' })).toContainText(
    '10 working days → 12 working days',
  );
  await expect(
    page.getByText('1 open case(s) stay on 1.0.1; the migration could move 1 of them to 1.1.0 after publishing.'),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Publish 1.1.0' }).click();
  await expect(page.getByRole('link', { name: 'Confirm that you have read the changes' })).toBeVisible();
  await expectAccessible(page);
  await page.locator('label[for="confirm"]').click();
  await page.getByRole('button', { name: 'Publish 1.1.0' }).click();
  await expect(page.getByText('Published.')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Move open cases of 1.0.1 to 1.1.0' }).click();
  const caseRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: trackingNumber }) });
  await expect(caseRow).toContainText('Can move: intake-review → completeness-check');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Move the selected cases' }).click();
  await expect(page.getByRole('row').filter({ has: page.getByRole('link', { name: trackingNumber }) })).toContainText(
    'Moved: intake-review → completeness-check',
  );
  await expectAccessible(page);

  // The clerk sees the case on its new version with its history, then acts on the new step.
  const clerkContext = await browser.newContext({ baseURL: platform.baseURL });
  const clerkPage = await clerkContext.newPage();
  await signIn(clerkPage, 'permitClerk');
  await clerkPage.goto(`/cases/${openCase.id}`);
  await expect(clerkPage.getByText('Case migrated: version 1.0.1 → 1.1.0')).toBeVisible();
  await expect(clerkPage.getByText(/^Case created/).first()).toBeVisible();
  await expectAccessible(clerkPage);
  await clerkContext.close();
  // The case continues on the new version's step, acted on through the API by the clerk.
  await expect
    .poll(
      async () =>
        jsonBody<CaseView>(
          await platform.env.http.get(`/api/v1/cases/${openCase.id}`).set(auth(platform.env.tokens.permitClerk)),
        ).definition.version,
    )
    .toBe('1.1.0');
  const acted = await platform.env.http
    .post(`/api/v1/cases/${openCase.id}/actions`)
    .set(auth(platform.env.tokens.permitClerk))
    .send({ step: 'completeness-check', action: 'no-permit-required', comment: 'Decks under 30 in are exempt.' });
  expect(acted.status, acted.text).toBeLessThan(300);
});
