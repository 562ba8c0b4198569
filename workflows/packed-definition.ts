/**
 * A definition as it travels in a case's start input: its JSON, raw DEFLATE, base64, with the hash
 * beside it. The definition is most of a start input (23 KB of JSON for service-complaint, 5 KB
 * packed), and the start input stays in the case's history for the case's whole life: in the Temporal
 * store, in the embedded server's memory while the case is open, in every full history a worker
 * replays. Pure and deterministic, so the workflow unpacks it in its sandbox.
 */
import { fromByteArray, toByteArray } from 'base64-js';
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { CompiledDefinition } from '../domain/definition';

export interface PackedDefinition {
  /** The definition's content hash: a worker that already holds this version need not unpack it. */
  readonly hash: string;
  /** base64 of the raw DEFLATE of the definition's JSON. */
  readonly deflated: string;
}

export function packDefinition(definition: CompiledDefinition): PackedDefinition {
  return { hash: definition.hash, deflated: fromByteArray(deflateSync(strToU8(JSON.stringify(definition)))) };
}

export function unpackDefinition(packed: PackedDefinition): CompiledDefinition {
  const definition = JSON.parse(strFromU8(inflateSync(toByteArray(packed.deflated)))) as CompiledDefinition;
  if (definition.hash !== packed.hash)
    throw new Error(`the packed definition's hash is ${definition.hash}, not the ${packed.hash} it travels with`);
  return definition;
}
