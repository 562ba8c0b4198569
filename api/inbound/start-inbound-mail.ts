/**
 * Email in as configured (config.inboundMail): the embedded SMTP receiver (on by default with
 * `npm start`, port 2525) and, with IMAP_URL, polling of an existing mailbox — both feeding the one
 * intake pipeline. `close` stops both.
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { AppConfig } from '../../config';
import type { Logger } from '../../logging/logger';
import type { CaseService } from '../services';
import { startImapPoller, type ImapPoller } from './imap-poller';
import { createMailIntake, type MailIntakeConfig } from './mail-intake';
import { parseAddressList } from './mail-rules';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver';

export interface RunningInboundMail {
  /** Where the SMTP receiver listens, when it is on. */
  smtpPort?: number;
  close(): Promise<void>;
}

/** The intake's settings from the configuration (pure). */
export function mailIntakeConfig(config: Pick<AppConfig, 'inboundMail' | 'mailFrom' | 'publicUrl'>): MailIntakeConfig {
  const inbound = config.inboundMail;
  return {
    routes: new Map(Object.entries(inbound.routes)),
    defaultDefinitionId: inbound.defaultDefinitionId,
    // Mail from our own sender or our service addresses is our mail coming back.
    ownAddresses: new Set([...parseAddressList(config.mailFrom), ...Object.keys(inbound.routes)]),
    maxMessageBytes: inbound.maxMessageBytes,
    maxCasesPerSenderPerHour: inbound.maxCasesPerSenderPerHour,
    publicUrl: config.publicUrl,
  };
}

export async function startInboundMail(
  config: Pick<AppConfig, 'inboundMail' | 'mailFrom' | 'publicUrl'>,
  deps: { db: Knex; cases: CaseService; temporal: Client; clock: () => Date; logger: Logger },
): Promise<RunningInboundMail> {
  const intake = createMailIntake({
    db: deps.db,
    cases: deps.cases,
    temporal: deps.temporal,
    clock: deps.clock,
    config: mailIntakeConfig(config),
  });
  const inbound = config.inboundMail;
  const onError = (error: unknown) =>
    deps.logger.warn({
      msg: 'inbound mail not taken (it stays with the sender or in the mailbox)',
      error: error instanceof Error ? error.message : String(error),
    });
  let receiver: SmtpReceiver | undefined;
  let poller: ImapPoller | undefined;
  try {
    if (inbound.smtpPort !== undefined) {
      receiver = await startSmtpReceiver(intake, {
        port: inbound.smtpPort,
        host: inbound.smtpHost,
        maxMessageBytes: inbound.maxMessageBytes,
        onError,
      });
      deps.logger.info({ msg: 'email in: SMTP receiver listening', host: inbound.smtpHost, port: receiver.port });
    }
    if (inbound.imap) {
      poller = await startImapPoller(intake, { ...inbound.imap, onError });
      deps.logger.info({
        msg: 'email in: polling IMAP mailbox',
        host: inbound.imap.host,
        mailbox: inbound.imap.mailbox,
      });
    }
  } catch (error) {
    await receiver?.close();
    throw error;
  }
  return {
    ...(receiver ? { smtpPort: receiver.port } : {}),
    async close() {
      await poller?.close();
      await receiver?.close();
    },
  };
}
