/** Human-readable rendering of scenario reports: a timeline per scenario, then coverage. */
import type { CompiledDefinition } from '../domain/definition';
import type { AuditEntry } from '../interpreter/case-model';
import { formatLocalShort, zoneOf } from '../interpreter/local-time';
import type { ScenarioReport } from './scenario-runner';

export interface Coverage {
  steps: { covered: number; total: number; missed: string[] };
  actions: { covered: number; total: number; missed: string[] };
}

/** What coverage needs of a run: the simulator's reports, or runs through the real workflow (test/case). */
export type CoverageRun = Pick<ScenarioReport, 'stepsEntered' | 'actionsTaken'>;

export function coverageOf(definition: CompiledDefinition, reports: readonly CoverageRun[]): Coverage {
  const entered = new Set(reports.flatMap((r) => r.stepsEntered));
  const taken = new Set(reports.flatMap((r) => r.actionsTaken));
  const steps = Object.keys(definition.steps);
  const actions = Object.values(definition.steps).flatMap((step) =>
    step.type === 'human' ? Object.keys(step.actions).map((a) => `${step.id}.${a}`) : [],
  );
  return {
    steps: {
      covered: steps.filter((s) => entered.has(s)).length,
      total: steps.length,
      missed: steps.filter((s) => !entered.has(s)),
    },
    actions: {
      covered: actions.filter((a) => taken.has(a)).length,
      total: actions.length,
      missed: actions.filter((a) => !taken.has(a)),
    },
  };
}

function detail(entry: AuditEntry, key: string): string | undefined {
  const value = entry.detail?.[key];
  return value === undefined || value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
}

export function describeEntry(entry: AuditEntry, local: (iso: string) => string): string | undefined {
  const by = entry.actor ? ` by ${entry.actor}` : '';
  const due = (key = 'dueAt') => (detail(entry, key) ? local(detail(entry, key)!) : '?');
  switch (entry.type) {
    case 'case-created':
      return `case created (${detail(entry, 'definition')})`;
    case 'step-entered':
      return `→ step ${entry.step}`;
    case 'step-completed':
      return undefined;
    case 'action-taken':
      return `action ${entry.step}.${entry.action}${by}${entry.reason ? ` — "${entry.reason}"` : ''}`;
    case 'action-rejected':
      return `✗ rejected ${entry.step ? `${entry.step}.` : ''}${entry.action ?? detail(entry, 'event') ?? ''}${by}: ${detail(entry, 'code')} ${entry.reason}`;
    case 'status-changed':
      return `status: ${entry.status}`;
    case 'sla-warning':
      return `⚠ SLA warning on ${entry.step} (due ${due()})`;
    case 'sla-escalated':
      return `⚠ SLA escalation level ${entry.level} on ${entry.step}`;
    case 'sla-breached':
      return `⚠ SLA breached on ${entry.step}`;
    case 'task-reassigned': {
      const to = (entry.detail?.to ?? {}) as { role?: string; department?: string | null };
      return `  task ${entry.step} reassigned to role ${to.role ?? '?'}${to.department ? ` (${to.department})` : ''}`;
    }
    case 'task-claimed':
      return `  task ${entry.step} claimed${by}`;
    case 'task-assigned':
      return `  task ${entry.step} assigned to ${detail(entry, 'to')}${by}`;
    case 'comment-added':
      return `  comment${by}`;
    case 'document-attached':
      return `  document ${detail(entry, 'name') ?? detail(entry, 'documentId')} attached${by}`;
    case 'priority-raised':
      return `  priority raised to ${detail(entry, 'to')}`;
    case 'clock-started':
      return `⏱ statutory clock started: ${detail(entry, 'limit')}, due ${due()}`;
    case 'clock-paused':
      return `⏱ clock paused (${entry.reason})`;
    case 'clock-resumed':
      return `⏱ clock resumed (${entry.reason} over); due ${due()}`;
    case 'clock-extended':
      return `⏱ clock extended by ${detail(entry, 'by')} (${entry.reason ?? 'no reason'}); due ${due()}`;
    case 'clock-recomputed':
      return `⏱ clock limit now ${detail(entry, 'limit')}; due ${due()}`;
    case 'clock-warning':
      return `⏱ statutory deadline warning (due ${due()})`;
    case 'clock-breached':
      return `⏱ STATUTORY DEADLINE BREACHED (was due ${due()})`;
    case 'event-received':
      return `event received: ${detail(entry, 'event')}`;
    case 'timeout':
      return `timeout on ${entry.step}`;
    case 'notification':
      return `  notify ${entry.template} → ${((entry.detail?.recipients as string[] | undefined) ?? []).join(', ') || '(nobody: no recipient resolved)'}`;
    case 'activity-run':
      return `  run activity ${detail(entry, 'activity')}`;
    case 'activity-failed':
      return `  activity failed on ${entry.step}: ${entry.reason}`;
    case 'branch-completed':
      return `  branch ${detail(entry, 'branch')} of ${entry.step} done`;
    case 'choice-evaluated':
      return `  choice ${entry.step} → ${detail(entry, 'next')}`;
    case 'case-withdrawn':
      return `case withdrawn${by}`;
    case 'case-cancelled':
      return `case cancelled${by}${entry.reason ? ` — "${entry.reason}"` : ''}`;
    case 'case-reopened':
      return `case reopened${by}`;
    case 'case-finished':
      return `■ outcome ${entry.outcome} (retention ${detail(entry, 'retention')}${detail(entry, 'statutoryDeadlineMet') !== undefined ? `, statutory deadline met: ${detail(entry, 'statutoryDeadlineMet')}` : ''})`;
    default:
      return `${entry.type}${entry.step ? ` ${entry.step}` : ''}${by}`;
  }
}

/** Instants as the definition's office reads them (its default calendar's time zone). */
export function localTimeOf(definition: CompiledDefinition): (iso: string) => string {
  const zone = zoneOf(
    definition.defaultCalendar ? (definition.calendars[definition.defaultCalendar]?.timeZone ?? 'UTC') : 'UTC',
  );
  return (iso: string) => formatLocalShort(Date.parse(iso), zone);
}

/** A scenario's timeline in words (local time, what happened), the lines the CLI and the studio show. */
export function describeTimeline(
  definition: CompiledDefinition,
  report: ScenarioReport,
): { at: string; text: string }[] {
  const local = localTimeOf(definition);
  return report.timeline.flatMap((item) => {
    const text = describeEntry(item.entry, local);
    return text === undefined ? [] : [{ at: local(item.at), text }];
  });
}

export function formatReports(
  definition: CompiledDefinition,
  file: string,
  reports: readonly ScenarioReport[],
): string {
  const local = localTimeOf(definition);
  const lines: string[] = [`${file}: ${definition.id}@${definition.version} — ${reports.length} scenario(s)`];
  for (const report of reports) {
    lines.push('', `scenario ${report.name}: ${report.passed ? 'PASS' : 'FAIL'}`);
    const description = definition.scenarios.find((s) => s.name === report.name)?.description;
    if (description) lines.push(`  ${description.trim().replace(/\s+/g, ' ')}`);
    for (const item of describeTimeline(definition, report)) lines.push(`  ${item.at}  ${item.text}`);
    const clock = report.finalState?.clock;
    if (clock) {
      const paused = clock.pauses.reduce((sum, p) => sum + (p.pausedMs ?? 0), 0);
      const pausedText =
        clock.limit.basis === 'working'
          ? `${Math.round((paused / 3_600_000) * 10) / 10} working hours`
          : `${Math.round((paused / 3_600_000) * 10) / 10} hours`;
      const state = clock.stoppedAt
        ? `stopped, deadline ${clock.metDeadline ? 'met' : 'MISSED'}`
        : clock.breached
          ? 'running, BREACHED'
          : 'running';
      lines.push(
        `  statutory clock: ${clock.limit.source}, due ${local(clock.dueAt)}; paused ${clock.pauses.length}× (${pausedText}), extended ${clock.extensions.length}×; ${state}`,
      );
    }
    for (const failure of report.failures)
      lines.push(`  FAILED${failure.step ? ` at scenario step ${failure.step}` : ''}: ${failure.message}`);
  }
  const coverage = coverageOf(definition, reports);
  const passed = reports.filter((r) => r.passed).length;
  lines.push(
    '',
    `coverage: steps ${coverage.steps.covered}/${coverage.steps.total}${coverage.steps.missed.length ? ` (never entered: ${coverage.steps.missed.join(', ')})` : ''}`,
    `          actions ${coverage.actions.covered}/${coverage.actions.total}${coverage.actions.missed.length ? ` (never taken: ${coverage.actions.missed.join(', ')})` : ''}`,
    `${passed}/${reports.length} scenario(s) passed`,
  );
  return lines.join('\n');
}
