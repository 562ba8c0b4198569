/**
 * Records officers and auditors in a real browser (axe on every state): the auditor verifies a case's
 * chain, the test alters one row (trigger off, as a superuser would) and the page names the broken
 * entry; the records officer holds one case, approves disposition of the others (their closing moved
 * back past the retention period: the time skip), the held case survives, the others become
 * tombstones, and the auditor sees who approved. Then the public-records package is opened.
 */
import { PDFParse } from 'pdf-parse';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { createTestUser } from '../support/test-users';
import { auth, PASSWORD, SERVICE_COMPLAINT } from '../api/support/api-harness';
import { expectAccessible } from './support/axe';
import { expect, test, type WebPlatform } from './support/web-platform';

async function signInAs(page: Page, username: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

const people = new WeakMap<WebPlatform, true>();
async function ensurePeople(platform: WebPlatform): Promise<void> {
  if (people.has(platform)) return;
  await createTestUser(platform.env.t.db, {
    username: 'ines',
    displayName: 'Ines Auditor',
    password: PASSWORD,
    roles: ['auditor'],
    departmentId: 'call-center',
  });
  await createTestUser(platform.env.t.db, {
    username: 'rae',
    displayName: 'Rae Records',
    password: PASSWORD,
    roles: ['records-officer'],
    departmentId: 'call-center',
  });
  people.set(platform, true);
}

async function closedCase(
  platform: WebPlatform,
  data: Record<string, string>,
  comment?: string,
): Promise<{ id: string; trackingNumber: string }> {
  const created = await platform.env.http
    .post('/api/v1/cases')
    .set(auth(platform.env.tokens.clerk))
    .send({ definitionId: 'service-complaint', data: { ...SERVICE_COMPLAINT, ...data } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { case: started, trackingNumber } = created.body as { case: { id: string }; trackingNumber: string };
  if (comment !== undefined) {
    await expect
      .poll(
        async () =>
          (
            await platform.env.http
              .post(`/api/v1/cases/${started.id}/comments`)
              .set(auth(platform.env.tokens.clerk))
              .send({ text: comment })
          ).status,
        { timeout: 30_000 },
      )
      .toBe(200);
  }
  await expect
    .poll(
      async () =>
        (
          await platform.env.http
            .post(`/api/v1/cases/${started.id}/withdraw`)
            .set(auth(platform.env.tokens.clerk))
            .send({ reason: 'resident moved the items' })
        ).status,
      { timeout: 30_000 },
    )
    .toBe(200);
  await expect
    .poll(
      async () =>
        ((await platform.env.t.db('cases').where({ id: started.id }).first()) as { closed_at: Date | null })
          .closed_at !== null,
      { timeout: 30_000 },
    )
    .toBe(true);
  return { id: started.id, trackingNumber };
}

test('an auditor verifies a chain, and the page names the entry a changed row breaks', async ({ page, platform }) => {
  await ensurePeople(platform);
  const subject = await closedCase(platform, { residentName: 'Chain Subject' });
  await signInAs(page, 'ines');
  // An auditor reads no cases: sign-in lands on the audit, and the navigation offers it.
  await expect(page).toHaveURL(/\/audit$/);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit', exact: true }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Open a case's audit record").fill(subject.trackingNumber);
  await page.getByRole('button', { name: 'Open audit record' }).click();
  await expect(page.getByRole('heading', { name: `Audit record of ${subject.trackingNumber}` })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByRole('heading', { name: 'The chain holds' })).toBeVisible();
  await expectAccessible(page);

  const victim = (await platform.env.t
    .db('audit_entries')
    .where({ case_id: subject.id, event_type: 'case-withdrawn' })
    .first()) as { seq: number };
  await platform.env.t.db.transaction(async (trx) => {
    await trx.raw('alter table audit_entries disable trigger audit_entries_no_update_delete');
    await trx.raw(
      `update audit_entries set details = jsonb_set(details, '{reason}', '"altered"') where case_id = ? and seq = ?`,
      [subject.id, victim.seq],
    );
    await trx.raw('alter table audit_entries enable trigger audit_entries_no_update_delete');
  });
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByRole('heading', { name: `Entry ${victim.seq} breaks the chain` })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('content was changed');
  await expectAccessible(page);

  // Searching the platform audit by kind finds the checks the auditor just ran.
  await page.goto('/audit?kind=audit.chain-verified');
  await expect(page.getByRole('table')).toContainText('audit.chain-verified');
  await expectAccessible(page);
  await page.goto('/audit?from=yesterday');
  await expect(page.locator('#error-summary')).toContainText('Enter the start of the period');
  await expectAccessible(page);
});

test('a records officer holds one case and disposes of the others; the held case survives', async ({
  page,
  platform,
}) => {
  await ensurePeople(platform);
  const held = await closedCase(platform, { residentName: 'Hilda Held' });
  const others = [
    await closedCase(platform, { residentName: 'Olga Other' }),
    await closedCase(platform, { residentName: 'Otto Other' }),
  ];
  // The time skip: these cases closed two years ago, past their class's one-year retention.
  await platform.env.t
    .db('cases')
    .whereIn('id', [held.id, ...others.map((c) => c.id)])
    .update({ closed_at: platform.env.t.db.raw("now() - interval '2 years'") });

  await signInAs(page, 'rae');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Records', exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Legal holds' }).click();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Place hold' }).click();
  await expect(page.locator('#error-summary')).toContainText('Enter the reason for the hold');
  await expectAccessible(page);
  await page.getByLabel('Reason for the hold').fill('Litigation: Smith v. City (case 26-001)');
  await page.getByLabel('Tracking numbers').fill(held.trackingNumber);
  await page.getByRole('button', { name: 'Place hold' }).click();
  await expect(page.getByText('Litigation: Smith v. City (case 26-001)')).toBeVisible();
  await expectAccessible(page);

  await page.goto('/records');
  const queue = page.locator('#disposition-queue');
  await expect(queue.getByRole('row', { name: new RegExp(held.trackingNumber) })).toContainText('Under legal hold');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Approve disposal of the selected cases' }).click();
  await expect(page.locator('#error-summary')).toContainText('Select at least one case');
  await expectAccessible(page);
  // USWDS draws its own box over the visually hidden input: tick it through its label, as a person does.
  for (const other of others) await page.locator('label', { hasText: `Dispose of ${other.trackingNumber}` }).click();
  for (const other of others) await expect(page.getByLabel(`Dispose of ${other.trackingNumber}`)).toBeChecked();
  await page.getByRole('button', { name: 'Approve disposal of the selected cases' }).click();
  await expect(page.getByRole('heading', { name: /Disposition batch/ })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('status')).toContainText('Completed');
  }).toPass({ timeout: 60_000 });
  await expect(page.locator('#tombstones')).toContainText(others[0].trackingNumber);
  await expect(page.locator('#tombstones')).toContainText('Rae Records');
  await expectAccessible(page);

  const rows = await platform.env.t
    .db<{ id: string; case_data: Record<string, unknown>; disposed_at: Date | null }>('cases')
    .whereIn('id', [held.id, ...others.map((c) => c.id)])
    .select('id', 'case_data', 'disposed_at');
  const byId = new Map(rows.map((row) => [row.id, row]));
  expect(byId.get(held.id)?.disposed_at).toBeNull();
  expect(byId.get(held.id)?.case_data.residentName).toBe('Hilda Held');
  for (const other of others) {
    expect(byId.get(other.id)?.disposed_at).not.toBeNull();
    expect(byId.get(other.id)?.case_data).toEqual({});
  }
  expect(
    await platform.env.t
      .db('case_tombstones')
      .whereIn(
        'case_id',
        others.map((c) => c.id),
      )
      .count<{ count: string }[]>('* as count'),
  ).toEqual([{ count: '2' }]);

  // The case pages say so: the held case names its hold, a disposed one shows its tombstone.
  await page.goto(`/cases/${held.id}`);
  await expect(page.locator('#legal-hold-notice')).toContainText('Litigation: Smith v. City (case 26-001)');
  await expect(page.locator('#legal-hold-notice')).toContainText('Rae Records');
  await expectAccessible(page);
  await page.goto(`/cases/${others[0].id}`);
  await expect(page.locator('#disposed-notice')).toContainText('approved by Rae Records');
  await expect(page.getByText('Olga Other')).toHaveCount(0);
  await expectAccessible(page);

  // The auditor sees the disposal and who approved it; the personal values are hidden there too.
  await page.context().clearCookies();
  await signInAs(page, 'ines');
  await page.goto(`/audit?chain=${others[0].trackingNumber}`);
  const disposed = page.getByRole('row', { name: /case\.disposed/ });
  await expect(disposed).toContainText('staff');
  const approver = (await platform.env.t.db('users').where({ username: 'rae' }).first()) as { id: string };
  await expect(disposed).toContainText(approver.id);
  await expect(page.getByText('This case was disposed of')).toBeVisible();
  await expectAccessible(page);
});

test('a public-records package withholds personal data and logs what it withheld', async ({ page, platform }) => {
  await ensurePeople(platform);
  const personal = {
    residentName: 'Priya Private',
    residentEmail: 'priya.private@example.org',
    residentPhone: '+1 213 555 0199',
    address: '742 Evergreen Terrace, 90001',
    description: 'Fridge left by Priya at her gate',
  };
  const subject = await closedCase(platform, personal, 'Internal: Priya called twice');

  const photo = await platform.env.civic.serviceDeps.documents.save({
    caseId: subject.id,
    filename: 'crew-photo.txt',
    contentType: 'text/plain',
    content: Buffer.from('Fridge collected.'),
    uploadedBy: platform.env.userIds.clerk,
  });

  await signInAs(page, 'rae');
  // Released from the case page: the package then carries it.
  await page.goto(`/cases/${subject.id}`);
  await page.getByRole('button', { name: 'Mark crew-photo.txt releasable' }).click();
  await expect(page.getByText('The document is now released in public-records exports.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Withhold crew-photo.txt' })).toBeVisible();
  await expectAccessible(page);
  await page.goto('/records/export');
  await expectAccessible(page);
  await page.getByLabel('Tracking numbers').fill(subject.trackingNumber);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the package' }).click();
  const download = await downloading;
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const zip = await JSZip.loadAsync(Buffer.concat(chunks));

  const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as {
    files: { path: string; sha256: string }[];
    cases: string[];
  };
  expect(manifest.cases).toEqual([subject.trackingNumber]);
  expect(manifest.files.map((f) => f.path)).toEqual(
    expect.arrayContaining([
      'records.pdf',
      'records.json',
      'redaction-log.json',
      `documents/${photo.id}-crew-photo.txt`,
    ]),
  );
  for (const file of manifest.files) {
    const content = await zip.file(file.path)!.async('nodebuffer');
    expect(createHash('sha256').update(content).digest('hex')).toBe(file.sha256);
  }
  const json = await zip.file('records.json')!.async('string');
  const parser = new PDFParse({ data: await zip.file('records.pdf')!.async('uint8array') });
  const pdfText = (await parser.getText()).text;
  await parser.destroy();
  expect(pdfText).toContain(subject.trackingNumber);
  expect(json).toContain(subject.trackingNumber);
  for (const value of [
    ...Object.values(personal),
    'Priya',
    'Internal: Priya called twice',
    SERVICE_COMPLAINT.residentEmail,
  ]) {
    expect(json).not.toContain(value);
    expect(pdfText).not.toContain(value);
  }
  const log = JSON.parse(await zip.file('redaction-log.json')!.async('string')) as { item: string; kind: string }[];
  expect(log.map((entry) => entry.item)).toEqual(
    expect.arrayContaining([
      'caseData.residentName',
      'caseData.residentEmail',
      'caseData.address',
      'caseData.description',
    ]),
  );
  expect(log.some((entry) => entry.kind === 'internal-note')).toBe(true);
  expect(pdfText).toContain('Redaction log');

  // The export is audited on the case and on the platform chain.
  const exported = await platform.env.t
    .db('audit_entries')
    .where({ event_type: 'records.exported' })
    .whereIn('case_id', [subject.id, '_platform']);
  expect(exported).toHaveLength(2);
});
