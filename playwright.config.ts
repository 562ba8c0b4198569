/**
 * Browser tests (test/browser/*.spec.ts): Debian's Chromium driven by @playwright/test, against the
 * real platform booted in process by test/browser/support/web-platform.ts. Nothing is downloaded:
 * CHROMIUM_PATH (default /usr/bin/chromium; `.ci/run` installs it when missing).
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  // Each worker boots a whole platform per file (Postgres database, Temporal server, worker). Two workers
  // took 17.3 min in CI against 18.2 with one, and 12.7 against 12.8-14.1 on 2026-12-06 (at a load of
  // 8-9): no gain on two cores worth the risk of timeouts, so one stays the default.
  workers: Number(process.env.PLAYWRIGHT_WORKERS ?? 1),
  fullyParallel: false,
  forbidOnly: true,
  // A failing test runs once more, recording a trace (each step's DOM, network and console) for
  // `npx playwright show-trace`; the run fails all the same, flaky or not. Recording every test, as
  // 'retain-on-failure' did, made the suite a quarter slower (380 s against 304, test/README.md).
  retries: 1,
  failOnFlakyTests: true,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  // The same once-per-run template database and workflow bundle directory as jest (test/README.md).
  globalSetup: './test/support/run-setup.ts',
  globalTeardown: './test/support/run-teardown.ts',
  outputDir: 'test-results/browser',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
  },
});
