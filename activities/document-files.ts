/** Removes disk-stored document content under the document directory (config DOCUMENT_DIR). */
import { rm } from 'node:fs/promises';
import * as path from 'node:path';

/** Removes each file; refuses a path that leaves the directory. Already gone is fine (a repeat after a crash). */
export async function removeDocumentFiles(
  documentDir: string | undefined,
  relativePaths: readonly string[],
): Promise<void> {
  if (relativePaths.length === 0) return;
  if (documentDir === undefined)
    throw new Error('document files must be removed but the worker has no document directory configured');
  const root = path.resolve(documentDir);
  for (const relative of relativePaths) {
    const target = path.resolve(root, relative);
    if (!target.startsWith(root + path.sep)) throw new Error(`document path ${relative} leaves the document directory`);
    await rm(target, { force: true });
  }
}
