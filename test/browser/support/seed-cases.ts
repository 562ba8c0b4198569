/**
 * Open cases written straight into the read model (no workflow), for lists that only need rows:
 * paging in the work-list browser test and the work-list bench (10,000 cases). Real rows of a
 * published definition version, in one department, unassigned, at step `triage`, due dates spread
 * around `now` (a quarter already overdue). Batched inserts: seeding is not what is measured.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { getLatestPublishedDefinition } from '../../../db';

const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const HOUR_MS = 3_600_000;

export async function seedOpenCases(
  db: Knex,
  input: { count: number; departmentId: string; now: Date; definitionId?: string; batch?: number },
): Promise<void> {
  const definitionId = input.definitionId ?? 'service-complaint';
  const definition = await getLatestPublishedDefinition(db, definitionId);
  if (!definition) throw new Error(`${definitionId} is not published`);
  const batch = input.batch ?? 500;
  for (let start = 0; start < input.count; start += batch) {
    const rows = [];
    for (let i = start; i < Math.min(input.count, start + batch); i += 1) {
      const enteredAt = new Date(input.now.getTime() - (i % 72) * HOUR_MS);
      rows.push({
        id: randomUUID(),
        definition_id: definition.id,
        definition_version: definition.version,
        definition_hash: definition.contentHash,
        status: 'open',
        resident_status: 'received',
        current_steps: JSON.stringify([
          { stepId: 'triage', title: 'Triage and route', kind: 'human', enteredAt: enteredAt.toISOString() },
        ]),
        department_id: input.departmentId,
        priority: PRIORITIES[i % PRIORITIES.length],
        case_data: JSON.stringify({
          category: 'bulky-items',
          channel: 'call',
          description: `Seeded case ${i}`,
          address: `${100 + i} Main St`,
        }),
        sla_due_at: new Date(input.now.getTime() + ((i % 40) - 10) * HOUR_MS),
        created_at: enteredAt,
        updated_at: enteredAt,
      });
    }
    await db('cases').insert(rows);
  }
}
