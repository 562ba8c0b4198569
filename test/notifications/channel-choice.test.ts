/**
 * Notices follow the resident's channel choice (recipient resolution, against Postgres): email or
 * SMS as chosen even when the template was written for the other, a letter for post, nothing for
 * none but a formal notice written as a letter; without a choice the template's channel decides; a number that texted STOP gets email
 * instead (or nothing), never a text.
 */
import { createRecipientActivities } from '../../activities/case-recipients.activities';
import { recordSmsKeyword } from '../../db';
import type { ResidentContactInput } from '../../workflows/case-contract';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

const everything: ResidentContactInput = {
  name: 'Rosa Resident',
  email: 'rosa@example.org',
  phone: '+13105550100',
  address: '200 N Spring St\nLos Angeles, CA 90012',
};
const templates = {
  email: { subject: 'Update', body: 'Your request changed.', channel: 'email' as const },
  sms: { body: 'Your request changed.', channel: 'sms' as const },
  letter: { subject: 'Notice', body: 'Your request changed.', channel: 'letter' as const },
};

async function channelFor(applicant: ResidentContactInput, template: keyof typeof templates): Promise<string[]> {
  const recipients = createRecipientActivities({ db: t.db });
  const deliveries = await recipients.prepareNotification({
    caseId: 'case-c1',
    key: `case-c1:1:${template}`,
    template: 'update',
    builtIn: false,
    recipients: [{ kind: 'applicant' }],
    supervisorRoles: {},
    variables: { trackingNumber: 'CF-2026-000900' },
    definitionTemplate: templates[template],
    applicant,
  });
  return deliveries.map((d) => `${d.channel}:${d.to}`);
}

describe('notices follow the resident’s channel choice', () => {
  it.each([
    ['email', 'sms', ['email:rosa@example.org']],
    ['email', 'letter', ['email:rosa@example.org']],
    ['sms', 'email', ['sms:+13105550100']],
    ['sms', 'letter', ['sms:+13105550100']],
    ['post', 'email', ['letter:200 N Spring St\nLos Angeles, CA 90012']],
    ['post', 'sms', ['letter:200 N Spring St\nLos Angeles, CA 90012']],
    ['none', 'letter', ['letter:200 N Spring St\nLos Angeles, CA 90012']],
    ['none', 'email', []],
  ] as const)('chose %s, template for %s', async (preferredChannel, template, expected) => {
    expect(await channelFor({ ...everything, preferredChannel }, template)).toEqual(expected);
  });

  it('without a choice the template decides; a missing means falls back to what they can receive', async () => {
    expect(await channelFor(everything, 'sms')).toEqual(['sms:+13105550100']);
    expect(await channelFor(everything, 'email')).toEqual(['email:rosa@example.org']);
    expect(await channelFor(everything, 'letter')).toEqual(['letter:200 N Spring St\nLos Angeles, CA 90012']);
    expect(await channelFor({ name: 'Rosa', phone: '+13105550100', preferredChannel: 'email' }, 'email')).toEqual([
      'sms:+13105550100',
    ]);
    expect(
      await channelFor(
        { name: 'Rosa', email: 'rosa@example.org', address: everything.address, preferredChannel: 'sms' },
        'letter',
      ),
    ).toEqual(['email:rosa@example.org']);
    expect(await channelFor({ name: 'Rosa', preferredChannel: 'post' }, 'letter')).toEqual([]);
  });

  it('a number that texted STOP gets no text: email instead, or nothing', async () => {
    await recordSmsKeyword(t.db, '+13105550100', 'STOP', new Date());
    expect(await channelFor({ ...everything, preferredChannel: 'sms' }, 'sms')).toEqual(['email:rosa@example.org']);
    expect(await channelFor(everything, 'sms')).toEqual(['email:rosa@example.org']);
    expect(await channelFor({ name: 'Rosa', phone: '+13105550100', preferredChannel: 'sms' }, 'sms')).toEqual([]);
    await recordSmsKeyword(t.db, '+13105550100', 'START', new Date());
    expect(await channelFor({ ...everything, preferredChannel: 'sms' }, 'sms')).toEqual(['sms:+13105550100']);
  });
});
