/**
 * Pure views of the interpreter state: the summary the API queries and the snapshot projected into
 * the read model. Both come from the same state, so a query and the database never disagree.
 */
import type { CaseRegistration } from '../domain/case';
import type { CompiledDefinition, JsonValue } from '../domain/definition';
import type { ActiveStep, CaseState } from '../interpreter/case-model';
import type { CaseProjectionWrite, CompletedStepWrite, TaskWrite } from './case-activities';
import type { CaseStepView, CaseSummary, ResidentContactInput } from './case-contract';

function stepView(definition: CompiledDefinition, active: ActiveStep): CaseStepView {
  return {
    stepId: active.stepId,
    title: definition.steps[active.stepId]?.title ?? active.stepId,
    type: active.type,
    token: active.token,
    enteredAt: active.enteredAt,
    ...(active.role ? { role: active.role } : {}),
    ...(active.department ? { department: active.department } : {}),
    ...(active.assignee ? { assignee: active.assignee } : {}),
    ...(active.priority ? { priority: active.priority } : {}),
    ...(active.sla
      ? { slaDueAt: active.sla.dueAt, warned: active.sla.warned, escalationLevel: active.sla.escalationLevel }
      : {}),
    ...(active.timeoutAt ? { timeoutAt: active.timeoutAt } : {}),
    ...(active.incident ? { incident: active.incident } : {}),
  };
}

function openPause(state: CaseState) {
  const pauses = state.clock?.pauses ?? [];
  const last = pauses[pauses.length - 1];
  return last && last.to === undefined ? last : undefined;
}

export function caseSummary(definition: CompiledDefinition, state: CaseState, busy: boolean): CaseSummary {
  const clock = state.clock;
  const pause = openPause(state);
  const outcome = state.outcome;
  return {
    caseId: state.caseId,
    definition: state.definition,
    lifecycle: state.lifecycle,
    ...(state.status
      ? { status: state.status, statusLabel: definition.statuses[state.status]?.label ?? state.status }
      : {}),
    priority: state.priority,
    data: state.data,
    steps: state.active.filter((a) => a.type !== 'parallel').map((a) => stepView(definition, a)),
    ...(clock
      ? {
          statutoryClock: {
            dueAt: clock.dueAt,
            paused: pause !== undefined,
            ...(pause ? { pauseReason: pause.reason } : {}),
            extensions: clock.extensions.length,
            warned: clock.warned,
            breached: clock.breached,
            ...(clock.stoppedAt ? { stoppedAt: clock.stoppedAt } : {}),
            ...(clock.metDeadline !== undefined ? { metDeadline: clock.metDeadline } : {}),
          },
        }
      : {}),
    ...(outcome
      ? {
          outcome: {
            id: outcome.id,
            label: definition.outcomes[outcome.id]?.label ?? outcome.id,
            retention: outcome.retention,
            at: outcome.at,
          },
        }
      : {}),
    ...(state.reopen ? { reopenUntil: state.reopen.until } : {}),
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    sequence: state.sequence,
    busy,
  };
}

/** Read-model status: open, awaiting-applicant (clock paused), closed or withdrawn. */
function lifecycleStatus(definition: CompiledDefinition, state: CaseState): string {
  if (state.lifecycle === 'closed')
    return state.outcome?.id === definition.withdrawal?.outcome ? 'withdrawn' : 'closed';
  return openPause(state) ? 'awaiting-applicant' : 'open';
}

function earliest(instants: (string | undefined)[]): string | null {
  const present = instants.filter((i): i is string => typeof i === 'string').sort();
  return present[0] ?? null;
}

/** Step visits that ended between `before` and `after` (by token), for SLA reports. */
function completedSteps(before: CaseState | undefined, after: CaseState): CompletedStepWrite[] {
  if (!before) return [];
  const still = new Set(after.active.map((a) => a.token));
  const done: CompletedStepWrite[] = [];
  for (const active of before.active) {
    if (still.has(active.token) || (active.type !== 'human' && active.type !== 'wait')) continue;
    const completion = after.completions[active.stepId];
    const byThisEvent = completion !== undefined && completion.at === after.updatedAt;
    done.push({
      stepId: active.stepId,
      enteredAt: active.enteredAt,
      completedAt: after.updatedAt,
      ...(active.sla ? { dueAt: active.sla.dueAt } : {}),
      ...(active.department ? { departmentId: active.department } : {}),
      ...(active.role ? { role: active.role } : {}),
      ...(byThisEvent ? { completedBy: completion.by } : {}),
      action: byThisEvent
        ? (completion.action ?? 'completed')
        : active.type === 'wait'
          ? 'event-or-timeout'
          : 'cancelled',
    });
  }
  return done;
}

export function caseProjection(
  definition: CompiledDefinition,
  before: CaseState | undefined,
  state: CaseState,
  extra: { residentContact?: ResidentContactInput; registration?: CaseRegistration } = {},
): CaseProjectionWrite {
  const humans = state.active.filter((a) => a.type === 'human');
  const tasks: TaskWrite[] = humans.map((a) => ({
    stepId: a.stepId,
    role: a.role ?? '',
    ...(a.department ? { departmentId: a.department } : {}),
    ...(a.assignee ? { assigneeId: a.assignee } : {}),
    ...(a.sla ? { dueAt: a.sla.dueAt } : {}),
    escalationLevel: a.sla?.escalationLevel ?? 0,
    warned: a.sla?.warned ?? false,
  }));
  const closed = state.lifecycle === 'closed';
  return {
    caseId: state.caseId,
    sequence: state.sequence,
    ...(extra.registration ? { registration: extra.registration } : {}),
    definitionId: state.definition.id,
    definitionVersion: state.definition.version,
    definitionHash: state.definition.hash,
    status: lifecycleStatus(definition, state),
    residentStatus: state.status ?? 'received',
    currentSteps: state.active
      .filter((a) => a.type !== 'parallel')
      .map((a) => ({
        stepId: a.stepId,
        title: definition.steps[a.stepId]?.title ?? a.stepId,
        kind: a.type,
        enteredAt: a.enteredAt,
        token: a.token,
        ...(a.role ? { role: a.role } : {}),
        ...(a.department ? { department: a.department } : {}),
        ...(a.assignee ? { assignee: a.assignee } : {}),
        ...(a.sla ? { dueAt: a.sla.dueAt } : {}),
      })),
    assigneeId: humans.find((a) => a.assignee)?.assignee ?? null,
    // Keep the last department once no task is open, so department scoping still finds the case.
    ...(humans[0]?.department ? { departmentId: humans[0].department } : {}),
    priority: state.priority,
    slaDueAt: earliest(state.active.map((a) => a.sla?.dueAt)),
    statutoryDueAt: state.clock?.dueAt ?? null,
    statutoryClockPaused: openPause(state) !== undefined,
    escalationLevel: Math.max(0, ...state.active.map((a) => a.sla?.escalationLevel ?? 0)),
    caseData: state.data,
    ...(extra.residentContact ? { residentContact: extra.residentContact } : {}),
    outcome: state.outcome?.id ?? null,
    retentionClass: state.outcome?.retention ?? null,
    ...(before ? {} : { title: definition.title }),
    tasks,
    completedSteps: completedSteps(before, state),
    updatedAt: state.updatedAt,
    closedAt: closed ? (state.outcome?.at ?? state.updatedAt) : null,
  };
}

/** The applicant's contact: what the creator gave, else the case-data fields that hold it. */
export function applicantContact(
  definition: CompiledDefinition,
  data: Record<string, JsonValue>,
  given?: ResidentContactInput,
): ResidentContactInput {
  const properties = definition.caseData.schema.properties;
  const fieldOf = (test: (name: string, format?: string) => boolean) =>
    Object.entries(properties).find(([name, schema]) => test(name.toLowerCase(), schema.format))?.[0];
  const text = (field: string | undefined) =>
    field && typeof data[field] === 'string' && data[field].trim() !== '' ? data[field].trim() : undefined;
  const email = given?.email ?? text(fieldOf((name, format) => format === 'email' || name.endsWith('email')));
  const phone = given?.phone ?? text(fieldOf((name) => name.endsWith('phone')));
  const name = given?.name ?? text(fieldOf((name) => name.endsWith('name') && !name.includes('user')));
  return {
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(given?.address ? { address: given.address } : {}),
    ...(given?.preferredChannel ? { preferredChannel: given.preferredChannel } : {}),
  };
}

/** Roles that count as a department's supervisor: "…supervisor" roles, else "…manager" roles. */
export function supervisorRoles(definition: CompiledDefinition): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const department of Object.keys(definition.departments)) {
    const roles = Object.values(definition.roles).filter((r) => r.department === department);
    const supervisors = roles.filter((r) => r.id.includes('supervisor'));
    result[department] = (supervisors.length > 0 ? supervisors : roles.filter((r) => r.id.includes('manager'))).map(
      (r) => r.id,
    );
  }
  return result;
}
