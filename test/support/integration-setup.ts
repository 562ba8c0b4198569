/**
 * The jest `integration` project's global setup: the run's template database and bundle directory
 * (run-setup.ts), and the case workflow bundle built here, once, so that no test file pays for it
 * inside its own timeout (under load the first file to build it used to time out).
 */
import { caseBundle } from '../case/support/case-harness';
import { ensureBundleDirectory, ensureTemplateDatabase } from './run-setup';

export default async function integrationSetup(): Promise<void> {
  ensureBundleDirectory();
  await ensureTemplateDatabase();
  await caseBundle();
}
