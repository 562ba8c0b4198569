/**
 * The jest `integration` project's global setup: the run's template database and bundle directory
 * (run-setup.ts), and the case workflow bundle built here, once, when a selected file uses it, so that
 * no test file pays for it inside its own timeout (under load the first file to build it used to time out).
 */
import path from 'node:path';
import { caseBundle } from '../case/support/case-harness';
import { ensureBundleDirectory, ensureTemplateDatabase } from './run-setup';
import { selectionUses } from './selected-tests';

export default async function integrationSetup(): Promise<void> {
  ensureBundleDirectory();
  await ensureTemplateDatabase();
  if (selectionUses(path.resolve(__dirname, '..', 'case', 'support', 'case-harness.ts'))) await caseBundle();
}
