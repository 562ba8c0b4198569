/**
 * Email in by IMAP from a real server (dovecot, run by the test): messages in the inbox open cases
 * and are moved to the processed mailbox; a restart in the middle of a batch (after a message was
 * handled, before it was moved) loses nothing and opens nothing twice; new mail is picked up through
 * IDLE without waiting for a poll; a reply threads to its case; an auto-reply opens nothing.
 */
import { ImapFlow } from 'imapflow';
import { getCase, listCaseMessages } from '../../db';
import { startImapPoller, type ImapPoller, type ImapPollerOptions } from '../../api/inbound/imap-poller';
import type { MailIntake } from '../../api/inbound/mail-intake';
import { startDovecotTestServer, type DovecotTestServer } from './support/dovecot-test-server';
import { startMailIntakeEnv, type MailIntakeEnv } from './support/mail-intake-env';
import { waitFor } from '../support/until';

let env: MailIntakeEnv;
let imap: DovecotTestServer;
let mailbox: ImapFlow;
let options: ImapPollerOptions;

beforeAll(async () => {
  [env, imap] = await Promise.all([startMailIntakeEnv(), startDovecotTestServer()]);
  mailbox = new ImapFlow({
    host: '127.0.0.1',
    port: imap.port,
    secure: false,
    auth: { user: imap.user, pass: imap.password },
    logger: false,
  });
  await mailbox.connect();
  // No timer-driven polls in this test: only drains it asks for and IDLE notifications.
  options = {
    host: '127.0.0.1',
    port: imap.port,
    secure: false,
    user: imap.user,
    password: imap.password,
    mailbox: 'INBOX',
    processedMailbox: 'Processed',
    pollIntervalMs: 3_600_000,
  };
}, 120_000);
afterAll(async () => {
  await mailbox?.logout();
  await imap?.close();
  await env?.close();
});

const db = () => env.api.t.db;
const message = (id: string, from: string, subject: string, body: string, headers = '') =>
  `From: ${from}\r\nTo: 311@springfield.example\r\nSubject: ${subject}\r\nMessage-ID: <${id}>\r\nDate: Fri, 4 Dec 2026 10:00:00 +0000\r\n${headers}Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;
interface InboundRow {
  outcome: string | null;
  reason: string | null;
  case_id: string | null;
}
const outcome = async (id: string) =>
  db()('inbound_messages')
    .where({ dedupe_key: `email:<${id}>` })
    .first<InboundRow>();
async function count(box: string): Promise<number> {
  const status = await mailbox.status(box, { messages: true });
  return status === false ? 0 : (status.messages ?? 0);
}
/** Polls the shared helper with room for dovecot and the poller on a loaded machine. */
const until = async (check: () => Promise<boolean>): Promise<void> => {
  await waitFor('the mailbox to catch up', check, 120_000);
};

describe('email in by IMAP', () => {
  it('handles every message once across a restart in the middle of a batch', async () => {
    await mailbox.append(
      'INBOX',
      message(
        'imap-1@example.org',
        'Ana <ana@example.org>',
        'Graffiti on the library wall',
        'Fresh graffiti on the east wall.',
      ),
    );
    await mailbox.append(
      'INBOX',
      message(
        'imap-2@example.org',
        'Ben <ben@example.org>',
        'Pothole on Main St',
        'A deep pothole in front of no. 40.',
      ),
    );
    await mailbox.append(
      'INBOX',
      message(
        'imap-3@example.org',
        'away@example.org',
        'Automatic reply',
        'I am away.',
        'Auto-Submitted: auto-replied\r\n',
      ),
    );

    // The first poller "crashes" right after the intake handled the second message, before moving it.
    let handled = 0;
    const crashing: MailIntake = {
      receive: async (raw, envelope) => {
        const result = await env.intake.receive(raw, envelope);
        handled += 1;
        if (handled === 2) throw new Error('worker killed');
        return result;
      },
    };
    const first = await startImapPoller(crashing, options);
    await expect(first.drain()).rejects.toThrow('worker killed');
    await first.close();
    expect(await count('INBOX')).toBe(2);
    expect(await count('Processed')).toBe(1);

    const second: ImapPoller = await startImapPoller(env.intake, options);
    try {
      await until(async () => (await count('INBOX')) === 0);
      expect(await count('Processed')).toBe(3);
      expect(await outcome('imap-1@example.org')).toMatchObject({ outcome: 'case-created' });
      expect(await outcome('imap-2@example.org')).toMatchObject({ outcome: 'case-created' });
      expect(await outcome('imap-3@example.org')).toMatchObject({ outcome: 'ignored', reason: 'auto-reply' });
      const emailCases = await db()('cases')
        .where({ channel: 'email' })
        .select<{ id: string; tracking_number: string }[]>('id', 'tracking_number');
      expect(emailCases).toHaveLength(2);

      // New mail arrives while the poller idles: IDLE tells it, no poll needed.
      await mailbox.append(
        'INBOX',
        message(
          'imap-4@example.org',
          'Cleo <cleo@example.org>',
          'Dead animal on 5th',
          'A dead raccoon on the pavement.',
        ),
      );
      await until(async () => (await outcome('imap-4@example.org'))?.outcome === 'case-created');

      // A reply with the tracking number threads to its case.
      const ana = await getCase(db(), (await outcome('imap-1@example.org'))?.case_id ?? 'missing');
      await mailbox.append(
        'INBOX',
        message(
          'imap-5@example.org',
          'ana@example.org',
          `Re: ${ana!.trackingNumber}`,
          'It has been painted over, thank you.',
        ),
      );
      await until(async () => (await outcome('imap-5@example.org'))?.outcome === 'reply-attached');
      expect((await listCaseMessages(db(), ana!.id)).map((m) => m.body)).toEqual([
        'It has been painted over, thank you.',
      ]);
      await until(async () => (await count('INBOX')) === 0);
      expect(await db()('cases').where({ channel: 'email' }).count('* as n').first()).toEqual({ n: '3' });
    } finally {
      await second.close();
    }
  });
});
