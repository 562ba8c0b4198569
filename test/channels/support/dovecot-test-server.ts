/**
 * A real IMAP server for tests: Debian's dovecot run as a child process with its own configuration,
 * mail and state in a temporary directory, one user, plain-text login on 127.0.0.1 and a free port.
 * `.ci/run` installs dovecot-imapd when missing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '../../support/until';

export const DOVECOT_BINARY = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';

export interface DovecotTestServer {
  port: number;
  user: string;
  password: string;
  /** Stops the server (the mail stays until `close`). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  await waitFor(`dovecot listening on ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`);
    return new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
  });
}

export async function startDovecotTestServer(): Promise<DovecotTestServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'civicflow-dovecot-'));
  const port = await freePort();
  const user = 'agency';
  const password = 'inbox-password';
  await mkdir(path.join(dir, 'run'));
  await mkdir(path.join(dir, 'home', user), { recursive: true });
  // Mail is kept as the dovecot user (dovecot refuses root as a mail user); its processes read the files.
  const mailUid = Number(execFileSync('id', ['-u', 'dovecot']).toString().trim());
  const mailGid = Number(execFileSync('id', ['-g', 'dovecot']).toString().trim());
  await chmod(dir, 0o755);
  await chown(path.join(dir, 'home', user), mailUid, mailGid);
  await writeFile(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  await writeFile(
    path.join(dir, 'dovecot.conf'),
    [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/run`,
      `log_path = ${dir}/dovecot.log`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `passdb {\n  driver = passwd-file\n  args = ${dir}/passwd\n}`,
      `userdb {\n  driver = static\n  args = uid=dovecot gid=dovecot home=${dir}/home/%u\n}`,
      'mail_location = maildir:~/Maildir',
      'first_valid_uid = 1',
      `service imap-login {\n  inet_listener imap {\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      'service pop3-login {\n  inet_listener pop3 {\n    port = 0\n  }\n}',
      'service submission-login {\n  inet_listener submission {\n    port = 0\n  }\n}',
      '',
    ].join('\n'),
  );
  const child = spawn(DOVECOT_BINARY, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  await waitForPort(port, child);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    port,
    user,
    password,
    stop,
    async close() {
      await stop();
      if (process.env.KEEP_DOVECOT_DIR === undefined) await rm(dir, { recursive: true, force: true });
      else console.log(dir);
    },
  };
}
