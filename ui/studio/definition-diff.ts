/**
 * A readable comparison of two compiled versions: steps, actions, fields, SLAs and roles added,
 * removed or changed. Pure; the version-change rules (what a successor may not do) stay in the
 * loader's compare-versions, this is what a person reads before publishing.
 */
import type { CompiledDefinition, CompiledStep } from '../../domain/definition';

export interface DefinitionChange {
  kind: 'added' | 'removed' | 'changed';
  area: 'step' | 'action' | 'field' | 'SLA' | 'role';
  what: string;
  detail?: string;
}

function keyed<T>(
  older: Readonly<Record<string, T>>,
  newer: Readonly<Record<string, T>>,
  area: DefinitionChange['area'],
  name: (id: string) => string,
): DefinitionChange[] {
  return [
    ...Object.keys(newer)
      .filter((id) => !(id in older))
      .map((id): DefinitionChange => ({ kind: 'added', area, what: name(id) })),
    ...Object.keys(older)
      .filter((id) => !(id in newer))
      .map((id): DefinitionChange => ({ kind: 'removed', area, what: name(id) })),
  ];
}

const slaOf = (step: CompiledStep): string => ('sla' in step && step.sla.kind === 'sla' ? step.sla.due.source : 'none');

function stepChanges(id: string, before: CompiledStep, after: CompiledStep): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  const changed = (area: DefinitionChange['area'], what: string, from: string, to: string) => {
    if (from !== to) changes.push({ kind: 'changed', area, what, detail: `${from} → ${to}` });
  };
  changed('step', `step ${id} type`, before.type, after.type);
  changed('step', `step ${id} title`, before.title, after.title);
  changed(
    'step',
    `step ${id} role`,
    'role' in before ? (before.role ?? '—') : '—',
    'role' in after ? (after.role ?? '—') : '—',
  );
  changed(
    'step',
    `step ${id} department`,
    'department' in before ? (before.department ?? '—') : '—',
    'department' in after ? (after.department ?? '—') : '—',
  );
  changed('SLA', `step ${id} SLA`, slaOf(before), slaOf(after));
  if (before.type === 'human' && after.type === 'human') {
    changes.push(...keyed(before.actions, after.actions, 'action', (action) => `${id}.${action}`));
    for (const [action, then] of Object.entries(before.actions)) {
      const now = after.actions[action];
      if (now) changed('action', `${id}.${action} leads to`, then.next, now.next);
    }
  }
  return changes;
}

export function definitionDiff(older: CompiledDefinition, newer: CompiledDefinition): DefinitionChange[] {
  const changes = keyed(older.steps, newer.steps, 'step', (id) => `step ${id}`);
  for (const [id, step] of Object.entries(older.steps)) {
    const after = newer.steps[id];
    if (after) changes.push(...stepChanges(id, step, after));
  }
  changes.push(
    ...keyed(
      older.caseData.schema.properties ?? {},
      newer.caseData.schema.properties ?? {},
      'field',
      (id) => `field ${id}`,
    ),
  );
  changes.push(...keyed(older.roles, newer.roles, 'role', (id) => `role ${id}`));
  for (const [id, role] of Object.entries(older.roles)) {
    const after = newer.roles[id];
    if (after && after.department !== role.department)
      changes.push({
        kind: 'changed',
        area: 'role',
        what: `role ${id} department`,
        detail: `${role.department} → ${after.department}`,
      });
  }
  return changes;
}
