/**
 * Starts test/support/identity-provider/provider-process.ts (a real oidc-provider) as a child process
 * on a free port and waits until it listens. `setAccount` adds or changes an account (groups,
 * disabled) at the provider, as an agency's identity team would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface TestAccount {
  id: string;
  name: string;
  email?: string;
  groups: string[];
  disabled?: boolean;
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  setAccount(account: TestAccount): Promise<void>;
  stop(): Promise<void>;
}

export interface TestIdentityProviderOptions {
  /** The CivicFlow PUBLIC_URL the client is registered for. */
  publicUrl: string;
  clientId?: string;
  clientSecret?: string;
}

const ROOT = path.join(__dirname, '..', '..', '..');

export async function startTestIdentityProvider(options: TestIdentityProviderOptions): Promise<TestIdentityProvider> {
  const clientId = options.clientId ?? 'civicflow';
  const clientSecret = options.clientSecret ?? 'civicflow-test-client-secret-0123456789';
  const args = {
    port: 0,
    clientId,
    clientSecret,
    redirectUri: `${options.publicUrl}/sign-in/oidc/callback`,
    postLogoutRedirectUri: `${options.publicUrl}/sign-in?signedOut=1`,
  };
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'provider-process.ts'), JSON.stringify(args)],
    {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`identity provider exited (${code}): ${errors}`)));
  });
  return {
    issuer,
    clientId,
    clientSecret,
    async setAccount(account) {
      const response = await fetch(`${issuer}/test-admin/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(account),
      });
      if (response.status !== 204) throw new Error(`setAccount: ${response.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
