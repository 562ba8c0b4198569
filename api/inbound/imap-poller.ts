/**
 * IMAP polling of an existing agency mailbox: every message in the watched mailbox goes through the
 * intake pipeline and is then moved to the processed mailbox. A message is moved only after the
 * intake recorded it, and the intake knows every message by its key, so a restart at any point never
 * skips one (it is still in the inbox) and never handles one twice (the key is known; it is moved).
 * New mail is picked up at once where the server offers IDLE (imapflow idles between commands and
 * reports EXISTS), and by a periodic poll otherwise.
 */
import { ImapFlow } from 'imapflow';
import type { MailIntake } from './mail-intake';

export interface ImapPollerOptions {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
  processedMailbox: string;
  pollIntervalMs: number;
  /** Messages handled per round (a big backlog drains over several). */
  batchSize?: number;
  onError?: (error: unknown) => void;
}

export interface ImapPoller {
  /** Handles what is in the mailbox now; resolves with how many messages were taken. */
  drain(): Promise<number>;
  close(): Promise<void>;
}

/**
 * How long the connection stays quiet after a round before it idles. imapflow's default is 15 s, and
 * until IDLE starts the server tells nothing, so mail that came in just after a round waited up to
 * 15 s. This connection is the poller's alone and a round holds the mailbox lock from its first
 * command to its last, so no command of ours follows a round closely: idle almost at once.
 */
const IDLE_AFTER_ROUND_MS = 100;

export async function startImapPoller(intake: MailIntake, options: ImapPollerOptions): Promise<ImapPoller> {
  const client = new ImapFlow({
    host: options.host,
    port: options.port,
    secure: options.secure,
    auth: { user: options.user, pass: options.password },
    logger: false,
    autoIdleDelay: IDLE_AFTER_ROUND_MS,
  });
  await client.connect();
  const boxes = await client.list();
  if (!boxes.some((box) => box.path === options.processedMailbox)) await client.mailboxCreate(options.processedMailbox);
  await client.mailboxOpen(options.mailbox);

  let running: Promise<number> | undefined;
  let again = false;
  let closed = false;

  async function round(): Promise<number> {
    const lock = await client.getMailboxLock(options.mailbox);
    try {
      const count = client.mailbox ? client.mailbox.exists : 0;
      if (count === 0) return 0;
      const batch: { uid: number; source: Buffer }[] = [];
      for await (const message of client.fetch(`1:${Math.min(count, options.batchSize ?? 50)}`, {
        uid: true,
        source: true,
      })) {
        if (message.source) batch.push({ uid: message.uid, source: message.source });
      }
      for (const { uid, source } of batch) {
        await intake.receive(source, {});
        await client.messageMove(String(uid), options.processedMailbox, { uid: true });
      }
      return batch.length;
    } finally {
      lock.release();
    }
  }

  /** One round at a time; a request during a round runs one more after it. */
  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await round();
      } while (again && !closed);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  const report = (error: unknown) => options.onError?.(error);
  client.on('exists', () => void drain().catch(report));
  client.on('error', report);
  const timer = setInterval(() => void drain().catch(report), options.pollIntervalMs);
  timer.unref();
  void drain().catch(report);

  return {
    drain,
    async close() {
      closed = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
      await client.logout().catch(() => undefined);
    },
  };
}
