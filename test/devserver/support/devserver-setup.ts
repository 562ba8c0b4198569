/**
 * The jest `devserver` project's global setup: the run's bundle directory (test/support/run-setup.ts)
 * and, when a selected file uses the harness, the conformance workflows' bundle built there once, before
 * any file's timeout starts. These tests need no template database.
 */
import path from 'node:path';
import { ensureBundleDirectory } from '../../support/run-setup';
import { selectionUses } from '../../support/selected-tests';
import { workflowBundle } from './devserver-harness';

export default async function devserverSetup(): Promise<void> {
  ensureBundleDirectory();
  if (selectionUses(path.resolve(__dirname, 'devserver-harness.ts'))) await workflowBundle();
}
