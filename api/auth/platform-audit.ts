/** Sign-in events go on the `_platform` audit chain, with the channel and address they came from. */
import type { Knex } from 'knex';
import { appendAuditEntry } from '../../db';
import { PLATFORM_AUDIT_STREAM, type JsonObject } from '../../domain/audit';
import { principalEntry } from '../services/case-access';
import type { RequestSource } from '../services/service-deps';

/** Where a sign-in came from: channel 'api' or 'web'. */
export type SignInSource = RequestSource;

/** Signing in is done by a person (a user principal, not yet signed in, hence only the id). */
export async function recordSignInEvent(
  deps: { db: Knex; clock: () => Date },
  actorId: string,
  eventType: string,
  details: JsonObject,
  source: SignInSource,
): Promise<void> {
  await appendAuditEntry(
    deps.db,
    principalEntry({ id: actorId, kind: 'user' }, source, deps.clock(), PLATFORM_AUDIT_STREAM, eventType, details),
  );
}
