/**
 * Starts a case on the newest published version of its process: the compiled definition and its
 * hash travel in the workflow input, so the case keeps that version whatever is published later.
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { CompiledDefinition } from '../domain/definition';
import { DbError, getLatestPublishedDefinition } from '../db';
import type { CaseWorkflowInput } from '../workflows/case-contract';
import { startCaseWorkflow, type CaseHandle } from './case-client';

export async function startCaseOnLatestVersion(
  client: Client,
  db: Knex,
  definitionId: string,
  input: Omit<CaseWorkflowInput, 'definition' | 'resume'>,
  options: { taskQueue?: string } = {},
): Promise<{ handle: CaseHandle; definition: CompiledDefinition }> {
  const published = await getLatestPublishedDefinition(db, definitionId);
  if (!published)
    throw new DbError('DEFINITION_NOT_FOUND', `no published version of ${definitionId}`, { id: definitionId });
  // Stored by the publisher from the loader's output (it carries its own content hash).
  const definition = published.compiled as CompiledDefinition;
  return { handle: await startCaseWorkflow(client, { ...input, definition }, options), definition };
}
