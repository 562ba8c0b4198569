/**
 * Declarations nothing uses (a status no step sets, a template nothing sends, an event no wait step
 * accepts, an outcome no end reaches, a retention class no outcome keeps) are usually leftovers or
 * typos elsewhere; they are warnings.
 */
import type { EscalationDocument } from '../../../domain/definition';
import type { CheckContext } from '../check-context';
import { stepEntries } from '../step-graph';

export function checkUsage(ctx: CheckContext): void {
  const { doc } = ctx;
  const used = {
    statuses: new Set<string>(),
    templates: new Set<string>(),
    events: new Set<string>(),
    outcomes: new Set<string>(),
    retentionClasses: new Set<string>(),
  };
  const escalations = (list: EscalationDocument[] | undefined) =>
    list?.forEach((e) => e.template !== undefined && used.templates.add(e.template));
  for (const status of Object.values(doc.statuses))
    if (status.template !== undefined) used.templates.add(status.template);
  for (const outcome of Object.values(doc.outcomes)) {
    used.retentionClasses.add(outcome.retention);
    if (outcome.status !== undefined) used.statuses.add(outcome.status);
  }
  for (const rule of [doc.withdrawal, doc.cancellation]) {
    if (!rule) continue;
    used.outcomes.add(rule.outcome);
    if (rule.status !== undefined) used.statuses.add(rule.status);
  }
  for (const [, step] of stepEntries(doc)) {
    if (step.status !== undefined) used.statuses.add(step.status);
    if ((step.type === 'human' || step.type === 'wait') && step.sla !== 'none') escalations(step.sla.escalations);
    if (step.type === 'wait') step.on.forEach((handler) => used.events.add(handler.event));
    if (step.type === 'automated' && step.notify) used.templates.add(step.notify.template);
    if (step.type === 'end') {
      used.outcomes.add(step.outcome);
      if (step.retention !== undefined) used.retentionClasses.add(step.retention);
      if (step.notify) used.templates.add(step.notify.template);
    }
  }
  const report = (section: keyof typeof used, kind: string, ids: string[]): void => {
    for (const id of ids) {
      if (!used[section].has(id))
        ctx.sink.warning('DECLARATION_UNUSED', [section, id], `${kind} "${id}" is declared but nothing uses it`, {
          key: true,
        });
    }
  };
  report('statuses', 'status', Object.keys(doc.statuses));
  report('templates', 'template', Object.keys(doc.templates ?? {}));
  report('events', 'event', Object.keys(doc.events ?? {}));
  report('outcomes', 'outcome', Object.keys(doc.outcomes));
  report('retentionClasses', 'retention class', Object.keys(doc.retentionClasses));
}
