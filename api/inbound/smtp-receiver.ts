/**
 * The embedded SMTP receiver: mail sent to the agency's addresses (directly, or relayed by the
 * agency's mail server) goes to the intake pipeline. The message is answered 250 only after the
 * intake recorded it, so a sender whose connection drops sends again and the key makes that harmless;
 * a failure inside is a 451 (try later), an oversized message a 552.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { MailIntake } from './mail-intake';

export interface SmtpReceiverOptions {
  port: number;
  host: string;
  maxMessageBytes: number;
  /** Logs a message that could not be taken (the sender retries). */
  onError?: (error: unknown) => void;
}

export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpReceiver(intake: MailIntake, options: SmtpReceiverOptions): Promise<SmtpReceiver> {
  const server = new SMTPServer({
    authOptional: true,
    // Residents' mail arrives unauthenticated; a relay in front may add TLS.
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxMessageBytes,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let length = 0;
      stream.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length <= options.maxMessageBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || length > options.maxMessageBytes) {
          callback(smtpError(552, 'Message exceeds the size limit'));
          return;
        }
        const to = session.envelope.rcptTo.map((recipient) => recipient.address);
        intake
          .receive(Buffer.concat(chunks), { to })
          .then(() => callback())
          .catch((error: unknown) => {
            options.onError?.(error);
            callback(smtpError(451, 'Temporary failure, please try again later'));
          });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  // Errors on live connections are the sender's problem; they must not bring the platform down.
  server.on('error', (error) => options.onError?.(error));
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
