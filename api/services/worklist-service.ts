/** Worklists: my tasks, my team's queue, and the supervisor's overdue and escalated views. */
import { listWorklistWithFingerprint, type PageFingerprint, type WorklistFilter, type WorklistItem } from '../../db';
import { can, departmentScope, type Permission } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import type { ServiceDeps } from './service-deps';

export type WorklistKind = 'mine' | 'team' | 'overdue' | 'escalated';

const WORKLIST_PERMISSION: Record<WorklistKind, Permission> = {
  mine: 'worklist:mine',
  team: 'worklist:team',
  overdue: 'worklist:supervise',
  escalated: 'worklist:supervise',
};

export interface WorklistEntry {
  caseId: string;
  trackingNumber: string;
  caseTitle: string | null;
  definitionId: string;
  caseStatus: string;
  priority: string;
  stepId: string;
  role: string;
  departmentId: string | null;
  assigneeId: string | null;
  dueAt: string | null;
  escalationLevel: number;
  overdue: boolean;
}

function toEntry(item: WorklistItem, now: Date): WorklistEntry {
  return {
    caseId: item.caseId,
    trackingNumber: item.trackingNumber,
    caseTitle: item.caseTitle,
    definitionId: item.definitionId,
    caseStatus: item.caseStatus,
    priority: item.priority,
    stepId: item.stepId,
    role: item.role,
    departmentId: item.departmentId ?? null,
    assigneeId: item.assigneeId ?? null,
    dueAt: item.dueAt ? item.dueAt.toISOString() : null,
    escalationLevel: item.escalationLevel,
    overdue: item.dueAt !== undefined && item.dueAt.getTime() < now.getTime(),
  };
}

/** The tasks a worklist shows, for this principal at `now`; FORBIDDEN without the worklist's permission. */
export function worklistFilter(principal: Principal, kind: WorklistKind, now: Date): Omit<WorklistFilter, 'limit'> {
  const permission = WORKLIST_PERMISSION[kind];
  if (!can(principal, permission))
    throw new ApiError('FORBIDDEN', `this needs the ${permission} permission`, { permission });
  const scope = departmentScope(principal);
  const departments = scope === undefined ? {} : { departmentIds: scope };
  switch (kind) {
    case 'mine':
      return { assigneeId: principal.id };
    case 'team':
      return { ...departments, roles: principal.roles };
    case 'overdue':
      return { ...departments, dueBefore: now };
    case 'escalated':
      return { ...departments, minEscalationLevel: 1 };
  }
}

export function createWorklistService(deps: Pick<ServiceDeps, 'db' | 'clock'>) {
  return {
    /** The caller's worklist; `fingerprint` describes the rows read, for its tag (list-change-tag.ts). */
    async worklist(
      principal: Principal,
      kind: WorklistKind,
      limit = 200,
    ): Promise<{ items: WorklistEntry[]; fingerprint: PageFingerprint }> {
      const now = deps.clock();
      const { items, fingerprint } = await listWorklistWithFingerprint(
        deps.db,
        { ...worklistFilter(principal, kind, now), limit },
        now,
      );
      return { items: items.map((item) => toEntry(item, now)), fingerprint };
    },
  };
}
