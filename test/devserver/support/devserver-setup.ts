/**
 * The jest `devserver` project's global setup: the run's bundle directory (test/support/run-setup.ts)
 * and the conformance workflows' bundle built there once, before any file's timeout starts. These
 * tests need no template database.
 */
import { ensureBundleDirectory } from '../../support/run-setup';
import { workflowBundle } from './devserver-harness';

export default async function devserverSetup(): Promise<void> {
  ensureBundleDirectory();
  await workflowBundle();
}
