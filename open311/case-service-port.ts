/**
 * What the Open311 routes need from the API's case service, declared here because nothing imports
 * api/: the API passes its `createCaseService(...)` result, which fits this shape.
 */
import type { CaseRecord } from '../domain/case';
import type { CompiledDefinition, JsonValue } from '../domain/definition';
import type { Actor } from '../interpreter/case-model';
import type { ResidentContactInput } from '../workflows/case-contract';

/** The API's Principal, as an API-key caller. */
export interface Open311Principal {
  kind: 'user' | 'api-key';
  id: string;
  roles: readonly string[];
  departmentId: string | null;
  grants: Record<string, unknown>;
  scopes: readonly string[];
}

export interface Open311StartCaseInput {
  definitionId: string;
  data: Record<string, JsonValue>;
  residentContact?: ResidentContactInput;
  actor?: Actor;
  open311?: CaseRecord['open311'];
}

export interface Open311CaseService {
  startCase(
    principal: Open311Principal,
    input: Open311StartCaseInput,
    source: { ip?: string; channel: string },
  ): Promise<{ trackingNumber: string; verificationCode: string }>;
  definitions: { get(id: string, version: string): Promise<CompiledDefinition> };
  /** The API's request hash for Idempotency-Key checks. */
  requestHash(method: string, path: string, body: unknown): string;
}

/** The API's `runIdempotent` bound to its database: Idempotency-Key semantics shared with the staff API. */
export type Open311Idempotency = (
  key: { scope: string; key: string; requestHash: string },
  run: () => Promise<{ status: number; body: JsonValue }>,
) => Promise<{ status: number; body: JsonValue; replayed: boolean }>;
