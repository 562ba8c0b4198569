/**
 * One copy of each definition version per workflow thread, shared by every case workflow on it.
 *
 * A case receives its pinned definition in its start input, so without this each cached case workflow
 * holds its own copy as objects (a few hundred KB): ten thousand open cases, ten thousand copies. The
 * worker preloads this module (SHARED_WORKFLOW_MODULES in worker/case-worker.ts), which is what makes
 * its map shared between workflows. Sharing cannot change a case's behaviour: the content hash names
 * the content, so every copy with one hash is the same definition, and the shared copy is frozen so
 * no case can change it under another.
 */
import type { CompiledDefinition } from '../domain/definition';
import { unpackDefinition, type PackedDefinition } from './packed-definition';

/** Far more versions than a worker runs at once; past it the map starts again rather than grow. */
const MAX_SHARED_VERSIONS = 512;
const byHash = new Map<string, CompiledDefinition>();

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/** The thread's shared, frozen copy of `definition` (it becomes that copy when it is the first). */
export function sharedDefinition(definition: CompiledDefinition): CompiledDefinition {
  if (typeof definition.hash !== 'string' || definition.hash === '') return definition;
  const known = byHash.get(definition.hash);
  if (known) return known;
  deepFreeze(definition);
  if (byHash.size >= MAX_SHARED_VERSIONS) byHash.clear();
  byHash.set(definition.hash, definition);
  return definition;
}

/** The shared copy of a packed definition's version, unpacked only when the thread does not hold it yet. */
export function sharedPackedDefinition(packed: PackedDefinition): CompiledDefinition {
  return byHash.get(packed.hash) ?? sharedDefinition(unpackDefinition(packed));
}
