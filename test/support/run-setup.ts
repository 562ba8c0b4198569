/**
 * Runs once per jest or Playwright run, before any test file: migrates one template database that
 * every file's database copies, and names a directory where the first file to need a workflow bundle
 * leaves it for the others (see test/db/support/test-database.ts and test/support/workflow-bundle-cache.ts).
 * Environment variables set here reach the test workers, which the runner starts afterwards.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTemplateDatabase, TEMPLATE_DATABASE_VARIABLE } from '../db/support/test-database';
import { BUNDLE_DIR_VARIABLE } from './workflow-bundle-cache';

export default async function globalSetup(): Promise<void> {
  process.env[BUNDLE_DIR_VARIABLE] = mkdtempSync(path.join(os.tmpdir(), 'civicflow-test-bundles-'));
  process.env[TEMPLATE_DATABASE_VARIABLE] = await createTemplateDatabase();
}
