/**
 * Whether the test files of this jest run use a given support module, directly or through other test
 * support files, so a global setup builds a workflow bundle only when a selected file will ask for it.
 * The selection comes from test/support/selection-sequencer.js; without it (another runner) the answer
 * is yes, and the setup builds as it did before.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const SELECTED_FILES_VARIABLE = 'TEST_SELECTED_FILES';

const TEST_ROOT = path.resolve(__dirname, '..');
// Relative specifiers of static imports, re-exports, require() and import(); application code never
// imports test code (dependency-cruiser), so only files under test/ are followed past the first.
const RELATIVE_IMPORT = /(?:\bfrom|\bimport|\brequire\s*\(|\bimport\s*\()\s*['"](\.{1,2}\/[^'"]+)['"]/g;

export function selectionUses(supportModule: string): boolean {
  const listed = process.env[SELECTED_FILES_VARIABLE];
  if (listed === undefined) return true;
  const seen = new Set<string>();
  const reaches = (file: string, first: boolean): boolean => {
    if (file === supportModule) return true;
    if (seen.has(file) || (!first && !file.startsWith(TEST_ROOT + path.sep))) return false;
    seen.add(file);
    return relativeImports(file).some((imported) => reaches(imported, false));
  };
  return (JSON.parse(listed) as string[]).some((file) => reaches(file, true));
}

function relativeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(RELATIVE_IMPORT)].flatMap(([, specifier]) => {
    const base = path.resolve(path.dirname(file), specifier);
    const found = [base + '.ts', base + '.tsx', path.join(base, 'index.ts'), base].find(
      (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
    );
    return found ? [found] : [];
  });
}
