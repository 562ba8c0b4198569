/**
 * `letter` notices become letters: the recipient resolution picks the postal address for a letter
 * template (or a resident who chose post), delivery renders a PDF per notice and queues it for
 * printing once, and the PDF, opened with pdf-parse, reads as the notice: letterhead, address block,
 * subject and plain-language text with the tracking number.
 */
import { createNotificationActivities } from '../../activities/notification.activities';
import { createRecipientActivities } from '../../activities/case-recipients.activities';
import { getLetter, getNotificationByKey, listLetters, markLetterPrinted } from '../../db';
import { createTestDatabase, type TestDatabase } from '../db/support/test-database';
import { pdfText } from '../support/pdf-text';
import { AGENCY } from './template-fixtures';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

const applicant = {
  name: 'Jamal Applicant',
  email: 'jamal@example.org',
  address: '1200 W 7th St, Apt 4\nLos Angeles, CA 90017',
};
const denial = {
  subject: 'Notice of action: your food assistance application is denied',
  body: 'Your application is denied because we did not receive: {{verificationsRequested}}\n\nYou have the right to a state fair hearing: ask within 90 days.',
  channel: 'letter' as const,
};

describe('letters', () => {
  it('addresses a letter template, or a resident who chose post, to the postal address', async () => {
    const recipients = createRecipientActivities({ db: t.db });
    const prepareNotification = (input: Parameters<typeof recipients.prepareNotification>[0]) =>
      recipients.prepareNotification(input);
    const base = {
      caseId: 'case-l1',
      key: 'case-l1:7:0',
      template: 'notice-denied-verification',
      builtIn: false,
      recipients: [{ kind: 'applicant' as const }],
      supervisorRoles: {},
      variables: { trackingNumber: 'CF-2026-000777' },
    };
    const [letter] = await prepareNotification({ ...base, definitionTemplate: denial, applicant });
    expect(letter).toMatchObject({ channel: 'letter', to: applicant.address, recipientName: 'Jamal Applicant' });
    const [email] = await prepareNotification({
      ...base,
      definitionTemplate: { ...denial, channel: 'email' },
      applicant,
    });
    expect(email).toMatchObject({ channel: 'email', to: 'jamal@example.org' });
    const [post] = await prepareNotification({
      ...base,
      definitionTemplate: { ...denial, channel: 'email' },
      applicant: { ...applicant, preferredChannel: 'post' },
    });
    expect(post).toMatchObject({ channel: 'letter' });
    // No postal address: a letter template falls back to what the resident can receive.
    const [fallback] = await prepareNotification({
      ...base,
      definitionTemplate: denial,
      applicant: { name: 'Omar', email: 'omar@example.org' },
    });
    expect(fallback).toMatchObject({ channel: 'email', to: 'omar@example.org' });
  });

  it('renders one PDF per notice, queued for printing, that reads as the notice', async () => {
    const { deliverNotification } = createNotificationActivities({
      db: t.db,
      agency: AGENCY,
      now: () => new Date('2026-03-02T17:00:00Z'),
    });
    const input = {
      idempotencyKey: 'case-l1:7:0:letter:1200 w 7th st',
      caseId: 'case-l1',
      channel: 'letter' as const,
      recipient: applicant.address,
      template: 'notice-denied-verification',
      definitionTemplate: { subject: denial.subject, body: denial.body },
      data: {
        trackingNumber: 'CF-2026-000777',
        statusUrl: 'https://springfield.example/status/CF-2026-000777',
        recipientName: 'Jamal Applicant',
        verificationsRequested: ['Proof of income', 'Proof of address'],
      },
    };
    const result = await deliverNotification(input);
    expect(result).toMatchObject({ status: 'sent' });
    expect(await deliverNotification(input)).toMatchObject({ status: 'already-sent' });
    const letters = await listLetters(t.db);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      caseId: 'case-l1',
      recipientName: 'Jamal Applicant',
      subject: denial.subject,
      printedAt: null,
    });
    expect((await getNotificationByKey(t.db, input.idempotencyKey))?.providerMessageId).toBe(`letter:${letters[0].id}`);

    const text = (await pdfText((await getLetter(t.db, letters[0].id))!.pdf)).text.replace(/\s+/g, ' ');
    expect(text).toContain(AGENCY.name);
    expect(text).toContain('Jamal Applicant 1200 W 7th St, Apt 4 Los Angeles, CA 90017');
    expect(text).toContain('March 2, 2026');
    expect(text).toContain(denial.subject);
    expect(text).toContain('we did not receive');
    expect(text).toContain('Proof of income');
    expect(text).toContain('CF-2026-000777');

    const printed = await markLetterPrinted(t.db, letters[0].id, 'clerk-1', new Date('2026-03-03T16:00:00Z'));
    expect(printed).toMatchObject({ printedBy: 'clerk-1', printedAt: new Date('2026-03-03T16:00:00Z') });
    // The first mark stands.
    expect(await markLetterPrinted(t.db, letters[0].id, 'clerk-2', new Date())).toMatchObject({ printedBy: 'clerk-1' });
  });

  it('dates a letter in the language of the resident it is written for', async () => {
    const { deliverNotification } = createNotificationActivities({
      db: t.db,
      agency: AGENCY,
      now: () => new Date('2026-03-02T17:00:00Z'),
    });
    const input = {
      idempotencyKey: 'case-l2:7:0:letter:1200 w 7th st',
      caseId: 'case-l2',
      channel: 'letter' as const,
      recipient: applicant.address,
      template: 'notice-denied-verification',
      definitionTemplate: { subject: 'Aviso de acción', body: 'Su solicitud fue negada.' },
      data: { trackingNumber: 'CF-2026-000778', recipientName: 'Jamal Applicant', language: 'es' },
    };
    expect(await deliverNotification(input)).toMatchObject({ status: 'sent' });
    const letter = (await listLetters(t.db)).find((l) => l.caseId === 'case-l2');
    const text = (await pdfText((await getLetter(t.db, letter!.id))!.pdf)).text.replace(/\s+/g, ' ');
    expect(text).toContain('2 de marzo de 2026');
    expect(text).not.toContain('March 2, 2026');
  });
});
