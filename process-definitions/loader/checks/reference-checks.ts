/**
 * Every name used in a definition must be declared: steps, roles, departments, fields, calendars,
 * templates, statuses, outcomes, retention classes, events and clock pause reasons.
 */
import { JOIN, type EscalationDocument, type RecipientText } from '../../../domain/definition';
import type { DefinitionProblemCode } from '../../../domain/errors';
import { type CheckContext, SYSTEM_PLACEHOLDERS } from '../check-context';
import { type DocPath, keysOf, suggest } from '../problems';
import { stepEntries, transitions } from '../step-graph';

export function checkReferences(ctx: CheckContext): void {
  const { doc } = ctx;
  const ref = (
    code: DefinitionProblemCode,
    kind: string,
    map: object | undefined,
    name: string | undefined,
    path: DocPath,
  ): void => {
    if (name === undefined || ctx.has(map, name)) return;
    ctx.sink.error(code, path, `unknown ${kind} "${name}"${suggest(name, keysOf(map))}`);
  };
  const field = (name: string, path: DocPath, code: DefinitionProblemCode = 'REF_FIELD_UNKNOWN'): void => {
    if (!ctx.fields.has(name))
      ctx.sink.error(code, path, `"${name}" is not a case-data field${suggest(name, ctx.fields)}`);
  };
  const fields = (names: readonly string[] | undefined, path: DocPath): void =>
    names?.forEach((name, i) => field(name, [...path, i]));
  const role = (name: string | undefined, path: DocPath): void =>
    ref('REF_ROLE_UNKNOWN', 'role', doc.roles, name, path);
  const status = (name: string | undefined, path: DocPath): void =>
    ref('REF_STATUS_UNKNOWN', 'status', doc.statuses, name, path);
  const template = (name: string | undefined, path: DocPath): void =>
    ref('REF_TEMPLATE_UNKNOWN', 'template', doc.templates, name, path);
  const calendar = (name: string | undefined, path: DocPath): void =>
    ref('REF_CALENDAR_UNKNOWN', 'calendar', doc.calendars, name, path);
  const recipients = (to: RecipientText | RecipientText[] | undefined, path: DocPath): void => {
    const list = to === undefined ? [] : Array.isArray(to) ? to : [to];
    list.forEach((recipient, i) => {
      if (recipient.startsWith('role:')) role(recipient.slice(5), Array.isArray(to) ? [...path, i] : path);
    });
  };
  const escalations = (list: EscalationDocument[] | undefined, path: DocPath): void => {
    list?.forEach((escalation, i) => {
      recipients(escalation.notify, [...path, i, 'notify']);
      role(escalation.reassign, [...path, i, 'reassign']);
      template(escalation.template, [...path, i, 'template']);
    });
  };

  ref('REF_STEP_UNKNOWN', 'step', doc.steps, doc.start, ['start']);
  role(doc.owner, ['owner']);
  ref('REF_CALENDAR_UNKNOWN', 'calendar', doc.calendars, doc.defaultCalendar, ['defaultCalendar']);
  for (const [departmentId, department] of Object.entries(doc.departments)) {
    role(department.supervisorRole, ['departments', departmentId, 'supervisorRole']);
  }
  for (const [roleId, definition] of Object.entries(doc.roles)) {
    ref('REF_DEPARTMENT_UNKNOWN', 'department', doc.departments, definition.department, [
      'roles',
      roleId,
      'department',
    ]);
    if (Array.isArray(definition.seesPersonalData))
      fields(definition.seesPersonalData, ['roles', roleId, 'seesPersonalData']);
  }
  for (const [statusId, definition] of Object.entries(doc.statuses))
    template(definition.template, ['statuses', statusId, 'template']);
  for (const [outcomeId, definition] of Object.entries(doc.outcomes)) {
    ref('REF_RETENTION_UNKNOWN', 'retention class', doc.retentionClasses, definition.retention, [
      'outcomes',
      outcomeId,
      'retention',
    ]);
    status(definition.status, ['outcomes', outcomeId, 'status']);
  }
  for (const [eventId, definition] of Object.entries(doc.events ?? {}))
    fields(definition.fields, ['events', eventId, 'fields']);
  if (doc.withdrawal) {
    ref('REF_OUTCOME_UNKNOWN', 'outcome', doc.outcomes, doc.withdrawal.outcome, ['withdrawal', 'outcome']);
    status(doc.withdrawal.status, ['withdrawal', 'status']);
  }
  if (doc.cancellation) {
    doc.cancellation.roles.forEach((name, i) => role(name, ['cancellation', 'roles', i]));
    ref('REF_OUTCOME_UNKNOWN', 'outcome', doc.outcomes, doc.cancellation.outcome, ['cancellation', 'outcome']);
    status(doc.cancellation.status, ['cancellation', 'status']);
  }
  const clock = doc.statutoryClock;
  if (clock) {
    calendar(clock.calendar, ['statutoryClock', 'calendar']);
    if (typeof clock.startsAt === 'object')
      ref('REF_STEP_UNKNOWN', 'step', doc.steps, clock.startsAt.step, ['statutoryClock', 'startsAt', 'step']);
  }
  for (const [templateId, definition] of Object.entries(doc.templates ?? {})) {
    for (const text of [definition.subject ?? '', definition.body]) {
      for (const match of text.matchAll(PLACEHOLDER)) {
        const name = match[1].trim();
        if (!ctx.fields.has(name) && !SYSTEM.has(name)) {
          ctx.sink.error(
            'TEMPLATE_PLACEHOLDER_UNKNOWN',
            ['templates', templateId, text === definition.body ? 'body' : 'subject'],
            `template "${templateId}" uses {{${name}}}, which is neither a case-data field nor a system value${suggest(name, [...ctx.fields, ...SYSTEM])}`,
          );
        }
      }
    }
  }

  for (const [id, step] of stepEntries(doc)) {
    const base: DocPath = ['steps', id];
    status(step.status, [...base, 'status']);
    if (step.pausesClock !== undefined) {
      if (!clock)
        ctx.sink.error(
          'CLOCK_MISSING',
          [...base, 'pausesClock'],
          `step "${id}" pauses the statutory clock, but the definition has no statutoryClock`,
        );
      else
        ref('REF_PAUSE_REASON_UNKNOWN', 'pause reason', clock.pauseReasons, step.pausesClock, [...base, 'pausesClock']);
    }
    for (const transition of transitions(id, step)) {
      if (transition.target === JOIN) {
        if (transition.kind !== 'next')
          ctx.sink.error(
            'REF_STEP_UNKNOWN',
            transition.path,
            `"${JOIN}" cannot be used here; it only ends a parallel branch`,
          );
        continue;
      }
      ref('REF_STEP_UNKNOWN', 'step', doc.steps, transition.target, transition.path);
    }
    switch (step.type) {
      case 'human': {
        role(step.role, [...base, 'role']);
        ref('REF_DEPARTMENT_UNKNOWN', 'department', doc.departments, step.department, [...base, 'department']);
        fields(step.form, [...base, 'form']);
        for (const [actionId, action] of Object.entries(step.actions)) {
          action.requires?.forEach((name, i) =>
            field(name, [...base, 'actions', actionId, 'requires', i], 'HUMAN_REQUIRED_FIELD_UNKNOWN'),
          );
          for (const key of Object.keys(action.set ?? {})) field(key, [...base, 'actions', actionId, 'set', key]);
        }
        step.assigners?.forEach((name, i) => role(name, [...base, 'assigners', i]));
        const others =
          step.notSameActorAs === undefined
            ? []
            : Array.isArray(step.notSameActorAs)
              ? step.notSameActorAs
              : [step.notSameActorAs];
        others.forEach((other, i) =>
          ref(
            'REF_STEP_UNKNOWN',
            'step',
            doc.steps,
            other,
            Array.isArray(step.notSameActorAs) ? [...base, 'notSameActorAs', i] : [...base, 'notSameActorAs'],
          ),
        );
        if (step.sla !== 'none') {
          calendar(step.sla.calendar, [...base, 'sla', 'calendar']);
          escalations(step.sla.escalations, [...base, 'sla', 'escalations']);
        }
        break;
      }
      case 'wait':
        role(step.role, [...base, 'role']);
        ref('REF_DEPARTMENT_UNKNOWN', 'department', doc.departments, step.department, [...base, 'department']);
        step.on.forEach((handler, i) =>
          ref('REF_EVENT_UNKNOWN', 'event', doc.events, handler.event, [...base, 'on', i, 'event']),
        );
        calendar(step.timeout?.calendar, [...base, 'timeout', 'calendar']);
        if (step.sla !== 'none') {
          calendar(step.sla.calendar, [...base, 'sla', 'calendar']);
          escalations(step.sla.escalations, [...base, 'sla', 'escalations']);
        }
        break;
      case 'automated':
        if (step.notify) {
          template(step.notify.template, [...base, 'notify', 'template']);
          recipients(step.notify.to, [...base, 'notify', 'to']);
        }
        fields(step.input, [...base, 'input']);
        fields(step.output, [...base, 'output']);
        break;
      case 'end':
        ref('REF_OUTCOME_UNKNOWN', 'outcome', doc.outcomes, step.outcome, [...base, 'outcome']);
        ref('REF_RETENTION_UNKNOWN', 'retention class', doc.retentionClasses, step.retention, [...base, 'retention']);
        if (step.notify) {
          template(step.notify.template, [...base, 'notify', 'template']);
          recipients(step.notify.to, [...base, 'notify', 'to']);
        }
        break;
      default:
        break;
    }
  }

  (doc.migrations ?? []).forEach((migration, i) => {
    for (const [from, to] of Object.entries(migration.steps)) {
      if (!ctx.has(doc.steps, to)) {
        ctx.sink.error(
          'MIGRATION_TARGET_UNKNOWN',
          ['migrations', i, 'steps', from],
          `migration maps "${from}" to unknown step "${to}"${suggest(to, Object.keys(doc.steps))}`,
        );
      }
    }
  });
}

const SYSTEM = new Set<string>(SYSTEM_PLACEHOLDERS);
/** `{{ name }}`; a character class without braces keeps matching linear on hostile text. */
export const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
