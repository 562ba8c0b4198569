/**
 * The case workflow's argument from a start input: the definition without its scenarios, packed
 * (workflows/packed-definition.ts). Each version is packed once per process, as a process starts
 * many cases on few versions.
 */
import type { CompiledDefinition } from '../domain/definition';
import { definitionForCase, type CaseWorkflowArgs, type CaseWorkflowInput } from '../workflows/case-contract';
import { packDefinition, type PackedDefinition } from '../workflows/packed-definition';

const MAX_PACKED_VERSIONS = 64;
const packedByHash = new Map<string, PackedDefinition>();

function packedForCase(definition: CompiledDefinition): PackedDefinition {
  const known = packedByHash.get(definition.hash);
  if (known) return known;
  const packed = packDefinition(definitionForCase(definition));
  if (!definition.hash) return packed;
  if (packedByHash.size >= MAX_PACKED_VERSIONS) packedByHash.clear();
  packedByHash.set(definition.hash, packed);
  return packed;
}

export function caseWorkflowArgs(input: CaseWorkflowInput): CaseWorkflowArgs {
  const { definition, ...rest } = input;
  return { ...rest, packedDefinition: packedForCase(definition) };
}
