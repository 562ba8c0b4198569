/** Removes what test/support/run-setup.ts made for this run. */
import { rmSync } from 'node:fs';
import { dropDatabase, TEMPLATE_DATABASE_VARIABLE } from '../db/support/test-database';
import { BUNDLE_DIR_VARIABLE } from './workflow-bundle-cache';

export default async function globalTeardown(): Promise<void> {
  const bundleDir = process.env[BUNDLE_DIR_VARIABLE];
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  const template = process.env[TEMPLATE_DATABASE_VARIABLE];
  if (template) await dropDatabase(template);
}
