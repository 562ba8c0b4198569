/** Spawns scripts/start.ts as `npm start` would and reads what it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { caseBundleFile } from '../../case/support/case-harness';

const ROOT = path.join(__dirname, '..', '..', '..');

export interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
  /** The embedded Temporal server's address, when the platform runs one. */
  temporalAddress?: string;
  apiKey: string;
  logins: { username: string; password: string }[];
}

function waitFor(
  child: ChildProcess,
  output: () => string,
  done: (text: string) => boolean,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start did not get ready in time:\n${output().slice(-3000)}`)),
      timeoutMs,
    );
    const check = () => {
      if (done(output())) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited early with ${code}:\n${output().slice(-3000)}`));
    });
    check();
  });
}

/** `detached`: the platform gets its own process group (so a test can SIGKILL the whole group). */
export async function start(
  dataDir: string,
  extraEnv: Record<string, string> = {},
  options: { detached?: boolean } = {},
): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    INBOUND_SMTP_PORT: '0',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
  };
  for (const name of [
    'DATABASE_URL',
    'TEMPORAL_ADDRESS',
    'NODE_ENV',
    'JWT_SECRET',
    'SMTP_URL',
    'SMTP_HOST',
    'SMS_PROVIDER_URL',
    'WORKFLOW_BUNDLE_PATH',
    'TEMPORAL_DATA_DIR',
    'TEMPORAL_EMBEDDED_STORE',
  ])
    delete env[name];
  // The run's case bundle, as a deployment's pre-built one: the platform does not bundle at every boot.
  const bundle = await caseBundleFile();
  if (bundle) env.WORKFLOW_BUNDLE_PATH = bundle;
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached === true,
  });
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const output = () => text;
  await waitFor(child, output, (t) => /^API key: \S+$/m.test(t), 200_000);
  const url = /CivicFlow is running at (http:\/\/\S+)/.exec(text)?.[1];
  const apiKey = /^API key: (\S+)$/m.exec(text)?.[1];
  const temporalAddress = /Temporal: embedded server at ([^\s,]+)/.exec(text)?.[1];
  const logins = [...text.matchAll(/^ {2}([a-z]+) +(civicflow-demo) +\S/gm)].map((m) => ({
    username: m[1],
    password: m[2],
  }));
  if (!url || !apiKey) throw new Error(`no URL or key printed:\n${text}`);
  return { child, output, url, ...(temporalAddress ? { temporalAddress } : {}), apiKey, logins };
}

export function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}
