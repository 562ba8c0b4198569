/**
 * Case history written straight into the read model (no workflow): closed and open cases of a
 * published definition with chosen category, channel, council district, instants — and personal
 * values, so tests can prove none of them reaches a public page. For the analytics tests
 * (predictions, demand forecast, public performance), which read rows, not workflows.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { getLatestPublishedDefinition } from '../../db';

export interface SeededCase {
  category?: string;
  channel?: string;
  councilDistrict?: number;
  createdAt: Date;
  closedAt?: Date;
  slaDueAt?: Date;
  departmentId?: string;
  /** Personal case data (description, address, residentName …) kept on the row as intake would. */
  personal?: Record<string, string>;
}

export async function seedCaseHistory(db: Knex, definitionId: string, cases: readonly SeededCase[]): Promise<string[]> {
  const definition = await getLatestPublishedDefinition(db, definitionId);
  if (!definition) throw new Error(`${definitionId} is not published`);
  const ids: string[] = [];
  for (let start = 0; start < cases.length; start += 500) {
    const rows = cases.slice(start, start + 500).map((c) => {
      const id = randomUUID();
      ids.push(id);
      const closed = c.closedAt !== undefined;
      return {
        id,
        definition_id: definition.id,
        definition_version: definition.version,
        definition_hash: definition.contentHash,
        status: closed ? 'closed' : 'open',
        resident_status: closed ? 'resolved' : 'received',
        current_steps: JSON.stringify(
          closed
            ? []
            : [{ stepId: 'triage', title: 'Triage and route', kind: 'human', enteredAt: c.createdAt.toISOString() }],
        ),
        department_id: c.departmentId ?? 'sanitation',
        case_data: JSON.stringify({
          ...(c.category !== undefined ? { category: c.category } : {}),
          channel: c.channel ?? 'call',
          ...(c.councilDistrict !== undefined ? { councilDistrict: c.councilDistrict } : {}),
          description: 'Seeded request',
          ...c.personal,
        }),
        sla_due_at: c.slaDueAt ?? null,
        outcome: closed ? 'resolved' : null,
        created_at: c.createdAt,
        updated_at: c.closedAt ?? c.createdAt,
        closed_at: c.closedAt ?? null,
      };
    });
    await db('cases').insert(rows);
  }
  return ids;
}
