/**
 * `npm start` never hangs on a fatal error: it logs what went wrong and exits non-zero, so a
 * supervisor (compose's `restart: on-failure`, systemd, Kubernetes) can restart it. Spawns
 * scripts/start.ts with a port that is already taken, and with a database that cannot be reached.
 * The bound below is generous for a loaded CI box; it only stops a hang from running forever.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..', '..');
const HANG_BOUND_MS = 240_000;

function runStart(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; output: string }> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    SEED_DEMO_DATA: 'false',
    INBOUND_SMTP_PORT: '0',
    ...env,
  };
  for (const name of [
    'TEMPORAL_ADDRESS',
    'TEMPORAL_DATA_DIR',
    'TEMPORAL_EMBEDDED_STORE',
    'NODE_ENV',
    'JWT_SECRET',
    'SMTP_URL',
    'SMTP_HOST',
    'SMS_PROVIDER_URL',
  ])
    delete childEnv[name];
  if (!('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/start.ts', ...args], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_BOUND_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('npm start on a fatal error', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'civicflow-fatal-'));
  let taken: Server;

  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // Accepts connections and never answers: a port in use, and a "database" that does not speak.
    taken = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => taken.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs and exits non-zero when its port is taken', async () => {
    const port = String((taken.address() as AddressInfo).port);
    const { code, output } = await runStart({ PORT: port, DATA_DIR: dataDir }, ['--no-worker']);
    expect(code).not.toBeNull();
    expect(code).not.toBe(0);
    expect(output).toMatch(/"level":"fatal".*EADDRINUSE/);
    // The port is bound first: the start stopped before it opened a database or a Temporal store.
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('logs and exits non-zero when the database cannot be reached', async () => {
    const port = String((taken.address() as AddressInfo).port);
    // The taken port speaks no Postgres; a refused or garbled connection is a lost database at start-up.
    // It never answers, so the connect fails by its timeout: a short one, not the 10 s default.
    // A data directory of its own: no embedded store from an earlier start, so the embedded Temporal
    // server's store is that database too, and its connections must time out as well.
    const freshDataDir = path.join(dataDir, 'unreachable-database');
    const { code, output } = await runStart(
      {
        PORT: '0',
        DATA_DIR: freshDataDir,
        DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/civicflow`,
        DATABASE_CONNECT_TIMEOUT_MS: '500',
      },
      ['--no-worker'],
    );
    expect(code).not.toBeNull();
    expect(code).not.toBe(0);
    expect(output).toMatch(/"level":"fatal".*database/i);
  });
});
