/**
 * The jest `devserver` project's global setup: the run's bundle directory (test/support/run-setup.ts)
 * and, when a selected file uses them, the conformance and crash workflows' bundles built there once,
 * before any file's timeout starts. These tests need no template database.
 */
import path from 'node:path';
import { ensureBundleDirectory } from '../../support/run-setup';
import { selectionUses } from '../../support/selected-tests';
import { crashBundle } from '../fixtures/crash-scenario';
import { workflowBundle } from './devserver-harness';

export default async function devserverSetup(): Promise<void> {
  ensureBundleDirectory();
  if (selectionUses(path.resolve(__dirname, 'devserver-harness.ts'))) await workflowBundle();
  if (selectionUses(path.resolve(__dirname, '..', 'fixtures', 'crash-scenario.ts'))) await crashBundle();
}
