/**
 * Compiles a checked definition document into the runtime form: defaults filled in, references
 * resolved, durations parsed, expressions compiled to AST, then content-hashed. Only called after the
 * static checks found no errors, so every parse here succeeds.
 */
import {
  DEFINITION_FORMAT,
  type CompiledDefinition,
  type CompiledEscalation,
  type CompiledSla,
  type CompiledStep,
  type DefinitionDocument,
  type JoinRule,
  type Recipient,
  type RecipientText,
  type SlaDocument,
  type StepDocument,
  type Threshold,
} from '../../domain/definition';
import { type DurationSpec, parseDuration } from '../../domain/durations';
import { type CompiledExpression, parseExpression } from '../../domain/expressions';
import { contentHash } from './content-hash';
import { PLACEHOLDER } from './checks/reference-checks';
import { analyseBranches } from './step-graph';

class CompileError extends Error {}

function duration(text: string): DurationSpec {
  const result = parseDuration(text);
  if (!result.ok) throw new CompileError(result.message);
  return result.duration;
}

function expression(source: string): CompiledExpression {
  const result = parseExpression(source);
  if (!result.ok) throw new CompileError(result.message);
  return result.compiled;
}

function threshold(text: string): Threshold {
  if (text.endsWith('%')) return { kind: 'fraction', fraction: Number(text.slice(0, -1)) / 100, source: text };
  return { kind: 'duration', duration: duration(text) };
}

function recipients(to: RecipientText | RecipientText[] | undefined, fallback: Recipient[] = []): Recipient[] {
  if (to === undefined) return fallback;
  return (Array.isArray(to) ? to : [to]).map((text): Recipient => {
    if (text.startsWith('role:')) return { kind: 'role', role: text.slice(5) };
    if (text === 'applicant' || text === 'assignee' || text === 'supervisor') return { kind: text };
    throw new CompileError(`unknown recipient ${text}`);
  });
}

function calendarFor(doc: DefinitionDocument, explicit: string | undefined): string | undefined {
  if (explicit !== undefined) return explicit;
  if (doc.defaultCalendar !== undefined) return doc.defaultCalendar;
  const ids = Object.keys(doc.calendars ?? {});
  return ids.length === 1 ? ids[0] : undefined;
}

function sla(doc: DefinitionDocument, spec: SlaDocument): CompiledSla {
  if (spec === 'none') return { kind: 'none' };
  const escalations: CompiledEscalation[] = (spec.escalations ?? []).map((escalation, i) => ({
    level: i + 1,
    at: threshold(escalation.at),
    notify: recipients(escalation.notify),
    reassign: escalation.reassign,
    raisePriority: escalation.raisePriority,
    template: escalation.template,
  }));
  return {
    kind: 'sla',
    due: duration(spec.due),
    variants: (spec.variants ?? []).map((variant) => ({ when: expression(variant.when), due: duration(variant.due) })),
    calendar: calendarFor(doc, spec.calendar),
    warning: spec.warning === undefined ? undefined : threshold(spec.warning),
    escalations,
  };
}

function joinRule(join: 'all' | 'any' | { quorum: number }): JoinRule {
  if (join === 'all' || join === 'any') return { kind: join };
  return { kind: 'quorum', quorum: join.quorum };
}

function step(doc: DefinitionDocument, id: string, source: StepDocument): CompiledStep {
  const base = { id, title: source.title ?? id, status: source.status, pausesClock: source.pausesClock };
  switch (source.type) {
    case 'human':
      return {
        ...base,
        type: 'human',
        role: source.role,
        department: source.department ?? doc.roles[source.role].department,
        form: source.form ?? [],
        actions: Object.fromEntries(
          Object.entries(source.actions).map(([actionId, action]) => [
            actionId,
            {
              id: actionId,
              label: action.label ?? actionId,
              requires: action.requires ?? [],
              when: action.when === undefined ? undefined : expression(action.when),
              set: action.set ?? {},
              requiresComment: action.requiresComment ?? false,
              next: action.next,
            },
          ]),
        ),
        notSameActorAs:
          source.notSameActorAs === undefined
            ? []
            : Array.isArray(source.notSameActorAs)
              ? source.notSameActorAs
              : [source.notSameActorAs],
        assigners: source.assigners ?? [],
        priority: source.priority,
        sla: sla(doc, source.sla),
      };
    case 'choice':
      return {
        ...base,
        type: 'choice',
        choices: source.choices.map((choice) => ({ when: expression(choice.when), next: choice.next })),
        default: source.default,
      };
    case 'parallel':
      return {
        ...base,
        type: 'parallel',
        branches: Object.fromEntries(
          Object.entries(source.branches).map(([branchId, branch]) => [
            branchId,
            { id: branchId, start: branch.start, title: branch.title ?? branchId },
          ]),
        ),
        join: joinRule(source.join),
        next: source.next,
      };
    case 'wait':
      return {
        ...base,
        type: 'wait',
        role: source.role,
        department: source.department ?? (source.role === undefined ? undefined : doc.roles[source.role].department),
        on: source.on.map((handler) => ({
          event: handler.event,
          next: handler.next,
          when: handler.when === undefined ? undefined : expression(handler.when),
        })),
        timeout:
          source.timeout === undefined
            ? undefined
            : {
                after: duration(source.timeout.after),
                next: source.timeout.next,
                calendar: calendarFor(doc, source.timeout.calendar),
              },
        sla: sla(doc, source.sla),
      };
    case 'automated':
      return {
        ...base,
        type: 'automated',
        task: source.notify
          ? { kind: 'notify', template: source.notify.template, to: recipients(source.notify.to) }
          : {
              kind: 'activity',
              activity: source.activity ?? '',
              ...(source.connection !== undefined ? { connection: source.connection } : {}),
              input: source.input ?? [],
              output: source.output ?? [],
            },
        retry: {
          maxAttempts: source.retry?.maxAttempts ?? 3,
          initialInterval: duration(source.retry?.initialInterval ?? 'PT10S'),
          backoff: source.retry?.backoff ?? 2,
        },
        next: source.next,
        onFailure: source.onFailure,
      };
    case 'end': {
      const outcome = doc.outcomes[source.outcome];
      return {
        ...base,
        status: source.status ?? outcome.status,
        type: 'end',
        outcome: source.outcome,
        retention: source.retention ?? outcome.retention,
        notify:
          source.notify === undefined
            ? undefined
            : { template: source.notify.template, to: recipients(source.notify.to, [{ kind: 'applicant' }]) },
        reopen:
          source.reopen === undefined
            ? undefined
            : { within: duration(source.reopen.within), next: source.reopen.next },
      };
    }
  }
}

export function compileDefinition(doc: DefinitionDocument): CompiledDefinition {
  const properties = doc.caseData.properties;
  const branches = analyseBranches(doc);
  const clock = doc.statutoryClock;
  const withoutHash: Omit<CompiledDefinition, 'hash'> = {
    format: DEFINITION_FORMAT,
    id: doc.id,
    version: doc.version,
    title: doc.title,
    effectiveFrom: doc.effectiveFrom,
    caseData: {
      schema: doc.caseData,
      fields: Object.keys(properties),
      personalFields: Object.keys(properties).filter((field) => properties[field].personal === true),
      required: doc.caseData.required ?? [],
    },
    departments: Object.fromEntries(
      Object.entries(doc.departments).map(([id, d]) => [id, { id, title: d.title, supervisorRole: d.supervisorRole }]),
    ),
    roles: Object.fromEntries(
      Object.entries(doc.roles).map(([id, role]) => [
        id,
        {
          id,
          title: role.title,
          department: role.department,
          groups: role.groups ?? [],
          seesPersonalData: role.seesPersonalData ?? false,
        },
      ]),
    ),
    calendars: Object.fromEntries(
      Object.entries(doc.calendars ?? {}).map(([id, calendar]) => [id, { id, ...calendar }]),
    ),
    defaultCalendar: calendarFor(doc, undefined),
    statuses: Object.fromEntries(
      Object.entries(doc.statuses).map(([id, s]) => [
        id,
        { id, label: s.label, informApplicant: s.informApplicant ?? false, template: s.template },
      ]),
    ),
    outcomes: Object.fromEntries(
      Object.entries(doc.outcomes).map(([id, o]) => [
        id,
        { id, label: o.label, retention: o.retention, appealable: o.appealable ?? false, status: o.status },
      ]),
    ),
    retentionClasses: Object.fromEntries(
      Object.entries(doc.retentionClasses).map(([id, r]) => [id, { id, keep: r.keep }]),
    ),
    templates: Object.fromEntries(
      Object.entries(doc.templates ?? {}).map(([id, t]) => [
        id,
        {
          id,
          channel: t.channel ?? 'email',
          subject: t.subject,
          body: t.body,
          placeholders: [...new Set([...`${t.subject ?? ''} ${t.body}`.matchAll(PLACEHOLDER)].map((m) => m[1].trim()))],
        },
      ]),
    ),
    events: Object.fromEntries(
      Object.entries(doc.events ?? {}).map(([id, e]) => [id, { id, from: e.from, fields: e.fields ?? [] }]),
    ),
    statutoryClock: clock && {
      limit: duration(clock.limit),
      variants: (clock.variants ?? []).map((variant) => ({
        when: expression(variant.when),
        limit: duration(variant.limit),
      })),
      calendar: calendarFor(doc, clock.calendar),
      startsAt:
        clock.startsAt === undefined || clock.startsAt === 'created'
          ? { kind: 'created' }
          : { kind: 'step', step: clock.startsAt.step },
      warning: clock.warning === undefined ? undefined : threshold(clock.warning),
      pauseReasons: Object.fromEntries(
        Object.entries(clock.pauseReasons).map(([id, r]) => [id, { id, label: r.label }]),
      ),
      extensions: {
        maxCount: clock.extensions?.maxCount ?? 0,
        maxEach: clock.extensions?.maxEach === undefined ? undefined : duration(clock.extensions.maxEach),
        maxTotal: clock.extensions?.maxTotal === undefined ? undefined : duration(clock.extensions.maxTotal),
        reasons: Object.keys(clock.extensions?.reasons ?? {}),
      },
    },
    withdrawal: doc.withdrawal && {
      outcome: doc.withdrawal.outcome,
      status: doc.withdrawal.status ?? doc.outcomes[doc.withdrawal.outcome].status,
    },
    cancellation: doc.cancellation && {
      roles: doc.cancellation.roles,
      outcome: doc.cancellation.outcome,
      status: doc.cancellation.status ?? doc.outcomes[doc.cancellation.outcome].status,
      requiresComment: doc.cancellation.requiresComment ?? true,
    },
    ...(doc.portal ? { portal: { public: doc.portal.public === true } } : {}),
    ...(doc.i18n ? { i18n: doc.i18n } : {}),
    defaultPriority: doc.defaultPriority ?? 'normal',
    start: doc.start,
    steps: Object.fromEntries(Object.entries(doc.steps).map(([id, source]) => [id, step(doc, id, source)])),
    branchOf: Object.fromEntries(
      [...branches.memberOf].map(([id, m]) => [id, { parallel: m.parallel, branch: m.branch }]),
    ),
    migrations: (doc.migrations ?? []).map((migration) => ({ from: migration.from, steps: migration.steps })),
    scenarios: doc.scenarios ?? [],
  };
  // Drop undefined members so the runtime form is exactly what JSON round-trips to.
  const plain = JSON.parse(JSON.stringify(withoutHash)) as Omit<CompiledDefinition, 'hash'>;
  return { ...plain, hash: contentHash(plain) };
}
