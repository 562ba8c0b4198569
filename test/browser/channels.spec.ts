/**
 * The channel pages in a real browser (issue 11): a case with an email thread and a notice the outbox
 * gave up on (messages, the "not delivered" warning, a reply refused then sent), and the letters page
 * (waiting letter, mark printed) — axe with 0 violations on every state.
 */
import { createNotificationActivities } from '../../activities/notification.activities';
import { addCaseMessage, enqueueNotification } from '../../db';
import { auth } from '../api/support/api-harness';
import { jsonBody } from '../api/support/json-body';
import type { StartedCase } from '../../api/services';
import { AGENCY, TEMPLATE_FIXTURES } from '../notifications/template-fixtures';
import { expectAccessible } from './support/axe';
import { expect, signIn, test } from './support/web-platform';

test('staff read the resident’s messages, see an undelivered notice, reply, and mark a letter printed', async ({
  page,
  platform,
}) => {
  const db = platform.env.t.db;
  const created = await platform.env.http
    .post('/api/v1/cases')
    .set(auth(platform.env.tokens.clerk))
    .send({
      definitionId: 'service-complaint',
      data: { category: 'bulky-items', channel: 'email', description: 'Sofa on the kerb', address: '12 Elm St' },
      residentContact: { name: 'Rosa', email: 'rosa@example.org', address: '12 Elm St\nLos Angeles, CA 90012' },
    });
  expect(created.status).toBe(201);
  const started = jsonBody<StartedCase>(created);
  await addCaseMessage(db, {
    caseId: started.case.id,
    direction: 'in',
    channel: 'email',
    sender: 'rosa@example.org',
    subject: `Re: ${started.trackingNumber}`,
    body: 'It is still there.',
    externalId: 'email:<b1@example.org>',
    verifiedSender: true,
  });
  await addCaseMessage(db, {
    caseId: started.case.id,
    direction: 'in',
    channel: 'email',
    sender: 'someone@else.example',
    subject: 'Hello',
    body: 'Who is this?',
    externalId: 'email:<b2@example.org>',
  });
  const { agency: _agency, ...data } = TEMPLATE_FIXTURES['status-changed'];
  const past = new Date(Date.now() - 1000);
  await enqueueNotification(db, {
    idempotencyKey: `${started.case.id}:lost`,
    caseId: started.case.id,
    channel: 'email',
    recipient: 'rosa@example.org',
    template: 'status-changed',
    payload: { data },
    maxAttempts: 1,
    giveUpAt: past,
    availableAt: past,
  });
  const notices = createNotificationActivities({ db, agency: AGENCY });
  await notices.deliverDueNotifications(500);
  await notices.deliverNotification({
    idempotencyKey: `${started.case.id}:letter`,
    caseId: started.case.id,
    channel: 'letter',
    recipient: '12 Elm St\nLos Angeles, CA 90012',
    template: 'pickup-letter',
    definitionTemplate: { subject: 'Your bulky item pickup', body: 'We will collect it on Monday.' },
    data: {
      trackingNumber: started.trackingNumber,
      statusUrl: 'https://springfield.example/status',
      recipientName: 'Rosa',
    },
  });

  await signIn(page, 'clerk');
  await page.goto(`/cases/${started.case.id}`);
  await expect(page.getByRole('heading', { name: 'A notice could not be delivered' })).toBeVisible();
  await expect(page.getByText('It is still there.')).toBeVisible();
  await expect(page.getByText("Not the resident's address")).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Send reply by email' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(page.locator('#reply-text-error')).toContainText('Enter your reply to the resident');
  await expectAccessible(page);
  await page.getByLabel('Reply to the resident').fill('Thank you, the crew comes on Monday.');
  await page.getByRole('button', { name: 'Send reply by email' }).click();
  await expect(page.getByText('Your reply is on its way to the resident by email.')).toBeVisible();
  await expect(page.getByText('Thank you, the crew comes on Monday.')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Letters to print' }).click();
  await expect(page.getByText('1 letter is waiting to be printed.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: /Mark printed: Your bulky item pickup/ }).click();
  await expect(page.getByText('The letter is marked printed.')).toBeVisible();
  await expect(page.getByText('0 letters are waiting to be printed.')).toBeVisible();
  await expectAccessible(page);
});
