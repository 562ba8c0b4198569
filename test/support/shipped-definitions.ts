/**
 * The shipped process definitions, compiled once per test run. Compiling one (YAML, the JSON Schema
 * and the static checks) costs a file about half a second, most of it ajv compiling its validators,
 * and jest gives every file its own module registry, so every file paid it again. Files that need
 * only the compiled definition read it from the run's directory (TEST_BUNDLE_DIR, see
 * workflow-bundle-cache.ts); the loader itself is tested beside it and in test/process-definitions.
 * Outside a run with that directory (the unit project) this compiles the file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CompiledDefinition } from '../../domain/definition';
import { formatProblems, loadDefinitionFileSync } from '../../process-definitions/loader';
import { BUNDLE_DIR_VARIABLE } from './workflow-bundle-cache';

export type ShippedDefinitionId = 'building-permit' | 'service-complaint' | 'benefit-application';

export function shippedYaml(id: ShippedDefinitionId): string {
  return path.join(__dirname, '..', '..', 'process-definitions', `${id}.yaml`);
}

function compile(file: string): CompiledDefinition {
  const result = loadDefinitionFileSync(file);
  if (!result.compiled) throw new Error(`${file} does not compile:\n${formatProblems(result.problems)}`);
  return result.compiled;
}

export function shippedDefinition(id: ShippedDefinitionId): CompiledDefinition {
  const file = shippedYaml(id);
  const dir = process.env[BUNDLE_DIR_VARIABLE];
  if (!dir) return compile(file);
  // Named by the file's content: an edit between two runs of a watch session compiles anew.
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
  const cached = path.join(dir, `definition-${id}-${hash}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as CompiledDefinition;
  const compiled = compile(file);
  // Renamed into place whole, so another worker never reads half of it (the same content wins either way).
  const partial = `${cached}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(partial, JSON.stringify(compiled));
  renameSync(partial, cached);
  return compiled;
}
