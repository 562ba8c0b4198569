/**
 * Version pinning: a case started on building-permit 1.0.1 keeps running on 1.0.1 after 1.1.0 is
 * published (its rules, labels and hash), while cases started afterwards get 1.1.0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { getCase, publishDefinition, saveDefinitionDraft } from '../../db';
import type { CompiledDefinition } from '../../domain/definition';
import type { Actor } from '../../interpreter/case-model';
import { loadDefinitionText } from '../../process-definitions/loader';
import { startCaseOnLatestVersion } from '../../client/case-starter';
import { startCaseWorkflow } from '../../client/case-client';
import { waitForEventOutcome, waitUntilSettled } from './support/case-observe';
import { caseSummaryQuery, staffActionSignal, type CaseWorkflowArgs } from '../../workflows/case-contract';
import { unpackDefinition } from '../../workflows/packed-definition';
import { useRunningCaseWorker } from './support/case-harness';

const source = fs.readFileSync(path.join(__dirname, '..', '..', 'process-definitions', 'building-permit.yaml'), 'utf8');
// 1.1.0: the completeness check has a new name and the "submitted" status a new label.
const v2Source = source
  .replace(/^version: \S+$/m, 'version: 1.1.0')
  .replace('    title: Completeness check\n', '    title: Completeness and eligibility check\n')
  .replace('    label: Application received\n', '    label: Application received and queued\n');

function compile(text: string): CompiledDefinition {
  const result = loadDefinitionText(text, { file: 'building-permit.yaml' });
  if (!result.compiled) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.compiled;
}

const clerk: Actor = { id: 'carla', roles: ['permit-clerk'], kind: 'staff' };
const data = {
  applicantName: 'Nina Fence',
  applicantEmail: 'nina@example.org',
  propertyAddress: '704 E 43rd Pl, Los Angeles 90011',
  workType: 'alteration',
  projectDescription: 'Replace a fence like for like',
};

describe('a running case keeps the definition version it started on', () => {
  const world = useRunningCaseWorker({ startAt: Date.parse('2026-03-02T09:00:00-08:00'), frozen: true });

  async function publish(definition: CompiledDefinition, yamlSource: string) {
    await saveDefinitionDraft(world.db, {
      id: definition.id,
      version: definition.version,
      title: definition.title,
      contentHash: definition.hash,
      yamlSource,
      compiled: definition,
      createdBy: 'program-manager',
    });
    await publishDefinition(world.db, {
      id: definition.id,
      version: definition.version,
      publishedBy: 'program-manager',
    });
  }

  it('finishes the v1 case on v1 and starts new cases on v2', async () => {
    const v1 = compile(source);
    const v2 = compile(v2Source);
    expect(v2.hash).not.toBe(v1.hash);
    await publish(v1, source);

    const { handle: first } = await startCaseOnLatestVersion(
      world.env.client,
      world.db,
      'building-permit',
      { caseId: `bp-v1-${randomUUID().slice(0, 8)}`, data },
      { taskQueue: world.env.taskQueue },
    );
    const onV1 = await waitUntilSettled(first);
    expect(onV1).toMatchObject({
      definition: { version: '1.0.1', hash: v1.hash },
      statusLabel: 'Application received',
    });
    expect(onV1.steps[0]?.title).toBe('Completeness check');

    await publish(v2, v2Source);

    const { handle: second } = await startCaseOnLatestVersion(
      world.env.client,
      world.db,
      'building-permit',
      { caseId: `bp-v2-${randomUUID().slice(0, 8)}`, data },
      { taskQueue: world.env.taskQueue },
    );
    const onV2 = await waitUntilSettled(second);
    expect(onV2).toMatchObject({
      definition: { version: '1.1.0', hash: v2.hash },
      statusLabel: 'Application received and queued',
    });
    expect(onV2.steps[0]?.title).toBe('Completeness and eligibility check');

    // Both finish; the first one still on 1.0.1.
    for (const handle of [first, second]) {
      const eventId = randomUUID();
      await handle.signal(staffActionSignal, {
        eventId,
        actor: clerk,
        step: 'intake-review',
        action: 'no-permit-required',
        comment: 'Fences up to 7 ft are exempt.',
      });
      expect((await waitForEventOutcome(handle, eventId)).status).toBe('accepted');
    }
    expect(await first.result()).toMatchObject({ outcome: 'no-permit-required' });
    expect(await second.result()).toMatchObject({ outcome: 'no-permit-required' });
    expect(await first.query(caseSummaryQuery)).toMatchObject({
      lifecycle: 'closed',
      definition: { version: '1.0.1', hash: v1.hash },
    });
    expect(await getCase(world.db, first.workflowId)).toMatchObject({
      definitionVersion: '1.0.1',
      definitionHash: v1.hash,
      outcome: 'no-permit-required',
    });
    expect(await getCase(world.db, second.workflowId)).toMatchObject({
      definitionVersion: '1.1.0',
      definitionHash: v2.hash,
      outcome: 'no-permit-required',
    });
  });

  it('pins the version in the start input packed and without its scenarios, which a running case never reads', async () => {
    const v1 = compile(source);
    expect(v1.scenarios.length).toBeGreaterThan(0);
    const handle = await startCaseWorkflow(
      world.env.client,
      { caseId: `bp-input-${randomUUID().slice(0, 8)}`, definition: v1, data },
      { taskQueue: world.env.taskQueue },
    );
    await waitUntilSettled(handle);
    const history = await handle.fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
    if (!payload) throw new Error('the start event carries no input');
    const input = JSON.parse(Buffer.from(payload).toString('utf8')) as CaseWorkflowArgs;
    expect(input.definition).toBeUndefined();
    if (!input.packedDefinition) throw new Error('the start input carries no packed definition');
    expect(input.packedDefinition.hash).toBe(v1.hash);
    expect(input.packedDefinition.deflated.length).toBeLessThan(JSON.stringify(v1).length / 4);
    const carried = unpackDefinition(input.packedDefinition);
    expect(carried.hash).toBe(v1.hash);
    expect(carried.scenarios).toEqual([]);
    expect(carried.steps).toEqual(JSON.parse(JSON.stringify(v1.steps)));
  });
});
