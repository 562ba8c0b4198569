/**
 * A real SMTP server for tests (the smtp-server package) on port 0. Every accepted message is parsed
 * with mailparser before the server answers DATA, so when sendMail resolves the message is here.
 * Replies can be scripted: the next N recipients get a given SMTP error.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  envelopeTo: string[];
  envelopeFrom: string;
  mail: ParsedMail;
}

export interface SmtpTestServer {
  port: number;
  received: ReceivedEmail[];
  /** The next `times` RCPT TO commands are answered with `code message`. */
  failRecipients(times: number, code: number, message: string): void;
  /** The next message's DATA gets no answer until the server closes (a stuck server). */
  stallNextData(): void;
  /** How many messages are stalled right now. */
  stalled(): number;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/** `port`: listen there (a server brought back on the address its clients know); default any free port. */
export async function startSmtpTestServer(options: { port?: number } = {}): Promise<SmtpTestServer> {
  const received: ReceivedEmail[] = [];
  const failures: { code: number; message: string }[] = [];
  let stallNext = false;
  const stalled = new Set<(error?: Error | null) => void>();
  const server = new SMTPServer({
    authOptional: true,
    // No STARTTLS: the test talks plain SMTP on localhost, as nodemailer does when it is not offered.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const failure = failures.shift();
      if (failure) callback(smtpError(failure.code, failure.message));
      else callback();
    },
    onData(stream, session, callback) {
      if (stallNext) {
        stallNext = false;
        stalled.add(callback);
        stream.on('end', () => undefined);
        stream.resume();
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          received.push({
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            mail,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  // A client that vanishes mid-session (a sender killed with SIGKILL) resets its connection; smtp-server
  // reports that as an 'error' on the server, which must not become an uncaught exception in the test.
  // What a message did or did not deliver is what the tests assert, through `received`.
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    failRecipients(times, code, message) {
      for (let i = 0; i < times; i += 1) failures.push({ code, message });
    },
    stallNextData() {
      stallNext = true;
    },
    stalled: () => stalled.size,
    close: () => {
      for (const callback of stalled) callback(smtpError(421, 'Shutting down'));
      stalled.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
