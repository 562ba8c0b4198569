/**
 * The Playwright fixture: the real platform in this process — a fresh Postgres database, the embedded
 * Temporal server on port 0, the real case worker, the three shipped processes published, staff of
 * several roles and departments (all from test/api/support/api-harness.ts) — and the web app
 * listening on port 0. One platform per test file (see `test` below), torn down after.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base, expect, type Page } from '@playwright/test';
import { buildWebApp } from '../../../ui/web-app';
import { auth, PASSWORD, startApiEnv, type ApiEnv, type StaffName } from '../../api/support/api-harness';

export interface WebPlatform {
  env: ApiEnv;
  baseURL: string;
}

export interface WebPlatformOptions {
  /**
   * Extra configuration, given the address the app will answer on (it listens before it is built, so
   * e.g. an identity provider can register this PUBLIC_URL's callback). Set, PUBLIC_URL is that address.
   */
  env?: (baseURL: string) => Promise<Record<string, string>>;
}

export async function startWebPlatform(
  options: WebPlatformOptions = {},
): Promise<{ platform: WebPlatform; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseURL = `http://127.0.0.1:${port}`;
  const extra = options.env ? { PUBLIC_URL: baseURL, ...(await options.env(baseURL)) } : undefined;
  const env = await startApiEnv({
    build: buildWebApp,
    definitions: ['service-complaint', 'building-permit', 'benefit-application'],
    ...(extra ? { env: extra } : {}),
  });
  server.on('request', env.app.callback());
  return { platform: { env, baseURL }, server };
}

interface Running {
  file: string;
  platform: WebPlatform;
  stop(): Promise<void>;
}

async function stopRunning(running: Running): Promise<void> {
  await running.stop();
}

/**
 * `platform` is one platform per test FILE: Playwright has worker and test scopes only, so a
 * worker-scoped holder keeps the running platform and a test-scoped fixture replaces it when the
 * test's file changes (tests in one file share it; a new file gets a fresh database and server).
 */
export const test = base.extend<{ platform: WebPlatform }, { holder: { running?: Running } }>({
  holder: [
    async ({}, use) => {
      const holder: { running?: Running } = {};
      try {
        await use(holder);
      } finally {
        if (holder.running) await stopRunning(holder.running);
      }
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  platform: [
    async ({ holder }, use, testInfo) => {
      if (holder.running?.file !== testInfo.file) {
        if (holder.running) await stopRunning(holder.running);
        holder.running = undefined;
        const { platform, server } = await startWebPlatform();
        holder.running = {
          file: testInfo.file,
          platform,
          async stop() {
            server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
            await platform.env.close();
          },
        };
      }
      await use(holder.running.platform);
    },
    { timeout: 240_000 },
  ],
  baseURL: async ({ platform }, use) => use(platform.baseURL),
});

export { expect };

/** Signs in through the sign-in page as a person would and waits for the work page. */
export async function signIn(page: Page, username: StaffName, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/work$/);
}

/** A staff member's action on a case through the API (what the page test is not about), which must be accepted. */
export async function staffAct(
  platform: WebPlatform,
  who: StaffName,
  caseId: string,
  step: string,
  action: string,
  data?: Record<string, unknown>,
): Promise<void> {
  const response = await platform.env.http
    .post(`/api/v1/cases/${caseId}/actions`)
    .set(auth(platform.env.tokens[who]))
    .send({ step, action, ...(data ? { data } : {}) });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}
