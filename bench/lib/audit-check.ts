/**
 * Issue 12's check that the audit trail survives the load: after a bench has written through the API,
 * every chain is recomputed link by link. A broken chain fails the bench (its figures would describe
 * a platform that loses or corrupts audit entries); an intact one is reported as a figure.
 */
import type { Knex } from 'knex';
import { verifyAuditChain } from '../../db';

export const AUDIT_FIGURE = 'audit chains verified after the run';

/** Run only once nothing appends any more: an append between reading a chain and its head reads as a break. */
export async function verifiedAuditChains(db: Knex): Promise<string> {
  const verification = await verifyAuditChain(db);
  if (!verification.ok)
    throw new Error(`the audit trail does not verify after the bench: ${JSON.stringify(verification.brokenLink)}`);
  return `ok: ${verification.casesChecked} chains, ${verification.entriesChecked} entries`;
}
