/**
 * The working context of one interpreter step: a private copy of the state that the step mutates,
 * and the commands it collects. Discarded on rejection, so a rejected event leaves nothing behind.
 */
import type { Calendar } from '../domain/calendar';
import type { CompiledDefinition, JsonValue, Recipient } from '../domain/definition';
import type {
  ActiveStep,
  Actor,
  AuditEntry,
  WorkflowCommand,
  CaseState,
  DeadlinePurpose,
  NotifyRecipient,
  Rejection,
  RejectionCode,
} from './case-model';
import { describeRecipient } from './case-model';

/** Thrown inside a step to reject the event; caught by the dispatcher. */
export class RejectEvent extends Error {
  constructor(
    readonly code: RejectionCode,
    reason: string,
  ) {
    super(reason);
    this.name = 'RejectEvent';
  }

  toRejection(): Rejection {
    return { code: this.code, reason: this.message };
  }
}

export function reject(code: RejectionCode, reason: string): never {
  throw new RejectEvent(code, reason);
}

/** Programming or definition errors the interpreter cannot turn into a rejection. */
export class InterpreterError extends Error {
  constructor(
    readonly code: 'RUNAWAY_TRANSITIONS' | 'UNKNOWN_STEP' | 'DEFINITION_MISMATCH' | 'BAD_STATE',
    message: string,
  ) {
    super(message);
    this.name = 'InterpreterError';
  }
}

/** Automatic steps (choice, notify, …) one event may pass through before we call it a loop. */
const MAX_TRANSITIONS = 500;

export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toMs = (iso: string): number => Date.parse(iso);

type CommandBody = WorkflowCommand extends infer C ? (C extends WorkflowCommand ? Omit<C, 'key'> : never) : never;

export class Transition {
  readonly state: CaseState;
  readonly commands: WorkflowCommand[] = [];
  readonly now: string;
  /** Set when case data changed, so clock variants are re-evaluated once at the end. */
  dataChanged = false;
  /** The staff member whose action this is and the task they completed: a wait step entered next is theirs to follow up. */
  owner?: { userId: string; role?: string; department?: string };
  private transitions = 0;

  constructor(
    readonly definition: CompiledDefinition,
    state: CaseState,
    readonly nowMs: number,
    readonly actor?: Actor,
  ) {
    // JSON round trip: the state is plain JSON by contract, and this works inside the workflow sandbox.
    this.state = JSON.parse(JSON.stringify(state)) as CaseState;
    this.state.sequence += 1;
    this.now = toIso(nowMs);
    this.state.updatedAt = this.now;
  }

  emit(command: CommandBody): void {
    this.commands.push({ ...command, key: `${this.state.caseId}:${this.state.sequence}:${this.commands.length}` });
  }

  audit(entry: Omit<AuditEntry, 'at'> & { at?: string }): void {
    this.emit({
      type: 'audit',
      entry: { at: this.now, ...(this.actor && entry.actor === undefined ? { actor: this.actor.id } : {}), ...entry },
    });
  }

  arm(
    deadlineId: string,
    dueMs: number,
    purpose: DeadlinePurpose,
    extra: { token?: string; level?: number; step?: string } = {},
  ): void {
    const dueAt = toIso(dueMs);
    this.state.deadlines[deadlineId] = {
      dueAt,
      purpose,
      ...(extra.token ? { token: extra.token } : {}),
      ...(extra.level ? { level: extra.level } : {}),
    };
    this.emit({ type: 'arm-deadline', deadlineId, dueAt, purpose, ...(extra.step ? { step: extra.step } : {}) });
  }

  cancel(deadlineId: string): void {
    if (!this.state.deadlines[deadlineId]) return;
    delete this.state.deadlines[deadlineId];
    this.emit({ type: 'cancel-deadline', deadlineId });
  }

  cancelWhere(predicate: (id: string, token?: string) => boolean): void {
    for (const [id, deadline] of Object.entries(this.state.deadlines))
      if (predicate(id, deadline.token)) this.cancel(id);
  }

  calendar(id?: string): Calendar | undefined {
    const calendarId = id ?? this.definition.defaultCalendar;
    return calendarId ? this.definition.calendars[calendarId] : undefined;
  }

  newToken(): string {
    this.state.nextToken += 1;
    return `t${this.state.nextToken}`;
  }

  /** Guards against a definition that loops through automatic steps forever. */
  step(): void {
    this.transitions += 1;
    if (this.transitions > MAX_TRANSITIONS) {
      throw new InterpreterError(
        'RUNAWAY_TRANSITIONS',
        `more than ${MAX_TRANSITIONS} automatic transitions in one event: the definition loops`,
      );
    }
  }

  setData(field: string, value: JsonValue): void {
    const before = this.state.data[field];
    if (JSON.stringify(before) === JSON.stringify(value)) return;
    this.state.data[field] = value;
    this.dataChanged = true;
  }

  /** `informApplicant: false` when a notice that says more (e.g. the decision) goes out anyway. */
  setStatus(statusId: string | undefined, informApplicant = true): void {
    if (!statusId || this.state.status === statusId) return;
    const status = this.definition.statuses[statusId];
    if (!status) throw new InterpreterError('DEFINITION_MISMATCH', `unknown status "${statusId}"`);
    const from = this.state.status;
    this.state.status = statusId;
    this.emit({
      type: 'change-status',
      status: statusId,
      label: status.label,
      informApplicant: status.informApplicant,
    });
    this.audit({ type: 'status-changed', status: statusId, ...(from ? { detail: { from } } : {}) });
    if (status.informApplicant && informApplicant) {
      this.notify(status.template ?? 'status-changed', !status.template, [{ kind: 'applicant' }], undefined, {
        status: statusId,
        statusLabel: status.label,
      });
    }
  }

  notify(
    template: string,
    builtIn: boolean,
    wanted: NotifyRecipient[],
    step: string | undefined,
    context: Record<string, JsonValue> = {},
  ): void {
    // Recipients that resolve to nobody (a role-less step's "assignee") are dropped; duplicates too.
    const seen = new Set<string>();
    const recipients = wanted.filter((r) => {
      const id = describeRecipient(r);
      if ((r.kind === 'role' && !r.role) || (r.kind === 'supervisor' && !r.department) || seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (recipients.length === 0) {
      this.audit({
        type: 'notification',
        template,
        ...(step ? { step } : {}),
        reason: 'no recipient',
        detail: { recipients: [] },
      });
      return;
    }
    this.emit({
      type: 'notify',
      template,
      builtIn,
      recipients,
      ...(step ? { step } : {}),
      context: { caseId: this.state.caseId, ...context },
    });
    this.audit({
      type: 'notification',
      template,
      ...(step ? { step } : {}),
      detail: { recipients: recipients.map(describeRecipient) },
    });
  }

  /** Resolves a definition recipient against the step it concerns. */
  recipient(recipient: Recipient, active?: ActiveStep): NotifyRecipient {
    switch (recipient.kind) {
      case 'applicant':
        return { kind: 'applicant' };
      case 'assignee':
        if (active?.assignee) return { kind: 'user', userId: active.assignee };
        return { kind: 'role', role: active?.role ?? '', department: active?.department ?? '' };
      case 'supervisor':
        return { kind: 'supervisor', department: active?.department ?? '' };
      case 'role':
        return {
          kind: 'role',
          role: recipient.role,
          department: this.definition.roles[recipient.role]?.department ?? '',
        };
    }
  }
}
