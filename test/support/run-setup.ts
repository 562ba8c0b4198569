/**
 * Runs once per jest or Playwright run, before any test file: migrates one template database that
 * every file's database copies, and names a directory for the run's workflow bundles (see
 * test/db/support/test-database.ts and test/support/workflow-bundle-cache.ts). Playwright uses the
 * default export; the jest projects use their own setups built from the two steps below, which do
 * nothing when an earlier project's setup in the same run did them already.
 * Environment variables set here reach the test workers, which the runner starts afterwards.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTemplateDatabase, TEMPLATE_DATABASE_VARIABLE } from '../db/support/test-database';
import { BUNDLE_DIR_VARIABLE } from './workflow-bundle-cache';

export function ensureBundleDirectory(): void {
  process.env[BUNDLE_DIR_VARIABLE] ??= mkdtempSync(path.join(os.tmpdir(), 'civicflow-test-bundles-'));
}

export async function ensureTemplateDatabase(): Promise<void> {
  process.env[TEMPLATE_DATABASE_VARIABLE] ??= await createTemplateDatabase();
}

export default async function globalSetup(): Promise<void> {
  ensureBundleDirectory();
  await ensureTemplateDatabase();
}
