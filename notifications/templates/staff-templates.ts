/**
 * Messages to staff and supervisors: which case, which step, how late, what to do, and a link. Each
 * names the tracking number so it can be found in the worklist.
 */
import type { MessageBlock } from '../message-blocks';
import { formatDateTime, formatDuration, sentence } from '../message-format';
import { agency, count, type FieldsOutput, instant, text, textList, url } from '../template-fields';
import { blocks, defineTemplate, facts, heading, link, list, paragraph, staffFooter } from './define-template';

const caseFields = {
  agency: agency('the agency (its time zone is used for dates)').required(),
  trackingNumber: text('the case tracking number').required(),
  serviceName: text('the kind of case, e.g. "building permit application"').required(),
  caseUrl: url('the case in the staff application').required(),
};

export const taskAssigned = defineTemplate({
  id: 'task-assigned',
  audience: 'staff',
  description: 'A task was assigned to a staff member.',
  fields: {
    ...caseFields,
    stepTitle: text('the task, e.g. "Plan review"').required(),
    recipientName: text('the name of the person the task is for').optional(),
    assignedBy: text('who assigned it').optional(),
    dueAt: instant('when the task is due').optional(),
    priority: text('the case priority').optional(),
  },
  compose: (d) => ({
    subject: `New task: ${d.stepTitle} for ${d.trackingNumber}`,
    blocks: blocks(
      d.recipientName !== undefined && paragraph(`Hello ${d.recipientName},`),
      paragraph(`You have a new task: ${d.stepTitle}.`),
      facts(
        ['Case', d.trackingNumber],
        ['Type', d.serviceName],
        ['Task', d.stepTitle],
        ['Priority', d.priority],
        ['Due', d.dueAt && formatDateTime(d.dueAt, d.agency)],
        ['Assigned by', d.assignedBy],
      ),
      link('Open the case', d.caseUrl),
      paragraph('If you cannot work on it, release it so a colleague can take it.'),
      staffFooter(d.agency),
    ),
    sms: `New task: ${d.stepTitle} for ${d.trackingNumber}${d.dueAt ? `, due ${formatDateTime(d.dueAt, d.agency)}` : ''}. ${d.caseUrl}`,
  }),
});

export const slaWarning = defineTemplate({
  id: 'sla-warning',
  audience: 'staff',
  description: 'A step is close to its service-level target.',
  fields: {
    ...caseFields,
    stepTitle: text('the step that is due').required(),
    dueAt: instant('when the step is due').required(),
    assigneeName: text('who holds the task').optional(),
  },
  compose: (d) => ({
    subject: `Due soon: ${d.stepTitle} for ${d.trackingNumber}`,
    blocks: blocks(
      paragraph(
        `The step "${d.stepTitle}" of case ${d.trackingNumber} is due on ${formatDateTime(d.dueAt, d.agency)}. It is not finished yet.`,
      ),
      facts(
        ['Case', d.trackingNumber],
        ['Type', d.serviceName],
        ['Step', d.stepTitle],
        ['Assigned to', d.assigneeName ?? 'Nobody yet (the task is in the queue)'],
        ['Due', formatDateTime(d.dueAt, d.agency)],
      ),
      paragraph('Finish it before then, or ask your supervisor for help. If it is late, it will be escalated.'),
      link('Open the case', d.caseUrl),
      staffFooter(d.agency),
    ),
    sms: `Due soon: ${d.stepTitle} for ${d.trackingNumber}, by ${formatDateTime(d.dueAt, d.agency)}. ${d.caseUrl}`,
  }),
});

/** "3 days and 2 hours", or "not late yet (due in 4 hours)" when an escalation fires before the due time. */
function howLate(dueAt: Date, at: Date, stated: string | undefined): string {
  if (stated !== undefined) return stated;
  const ms = at.getTime() - dueAt.getTime();
  return ms >= 0 ? formatDuration(ms) : `not late yet (due in ${formatDuration(ms)})`;
}

function lateness(dueAt: Date, at: Date, stated: string | undefined): string {
  const amount = howLate(dueAt, at, stated);
  return amount.startsWith('not late') ? amount : `${amount} late`;
}

const lateFields = {
  ...caseFields,
  stepTitle: text('the step that is late').required(),
  dueAt: instant('when the step was due').required(),
  /** The instant of the breach or escalation; lateness is measured to it. */
  at: instant('when the step became late or was escalated').required(),
  overdueBy: text('how late in working time, e.g. "2 working days"; default: calendar time since dueAt').optional(),
  assigneeName: text('who holds the task').optional(),
  actionsTaken: textList('what the platform did, e.g. "Reassigned to the plan-check team"').optional(),
  nextEscalationAt: instant('when the next escalation happens if nothing is done').optional(),
};

function lateBlocks(d: FieldsOutput<typeof lateFields>, level?: number): MessageBlock[] {
  return blocks(
    facts(
      ['Case', d.trackingNumber],
      ['Type', d.serviceName],
      ['Step', d.stepTitle],
      ['Assigned to', d.assigneeName ?? 'Nobody (the task is in the queue)'],
      ['Was due', formatDateTime(d.dueAt, d.agency)],
      ['How late', howLate(d.dueAt, d.at, d.overdueBy)],
      ['Escalation level', level === undefined ? undefined : String(level)],
    ),
    d.actionsTaken !== undefined && [heading('What CivicFlow did'), list(d.actionsTaken)],
    heading('What to do'),
    paragraph(
      level === undefined
        ? 'Finish the step today, or ask your supervisor to reassign it.'
        : 'Check the case today. Help the person who holds it to finish it, or reassign it.',
    ),
    d.nextEscalationAt &&
      paragraph(`If nothing happens, it will be escalated again on ${formatDateTime(d.nextEscalationAt, d.agency)}.`),
    link('Open the case', d.caseUrl),
    staffFooter(d.agency),
  );
}

export const slaBreach = defineTemplate({
  id: 'sla-breach',
  audience: 'staff',
  description: 'A step passed its service-level target (to the assignee).',
  fields: lateFields,
  compose: (d) => ({
    subject: `Late: ${d.stepTitle} for ${d.trackingNumber}`,
    blocks: blocks(
      paragraph(`The step "${d.stepTitle}" of case ${d.trackingNumber} has passed its target.`),
      lateBlocks(d),
    ),
    sms: `Late: ${d.stepTitle} for ${d.trackingNumber}, was due ${formatDateTime(d.dueAt, d.agency)}. ${d.caseUrl}`,
  }),
});

export const slaEscalation = defineTemplate({
  id: 'sla-escalation',
  audience: 'staff',
  description: 'Escalation level N of a late step (usually to the supervisor): which case, which step, how late.',
  fields: { ...lateFields, level: count('the escalation level, 1 for the first', 1).required() },
  compose: (d) => ({
    subject: `Escalation level ${d.level}: ${d.stepTitle} for ${d.trackingNumber} is ${lateness(d.dueAt, d.at, d.overdueBy)}`,
    blocks: blocks(
      paragraph(
        `A case needs your attention. The step "${d.stepTitle}" of case ${d.trackingNumber} is escalated to level ${d.level}.`,
      ),
      lateBlocks(d, d.level),
    ),
    sms: `Escalation ${d.level}: ${d.stepTitle} for ${d.trackingNumber}, ${lateness(d.dueAt, d.at, d.overdueBy)}. ${d.caseUrl}`,
  }),
});

const clockFields = {
  ...caseFields,
  dueAt: instant('the statutory (legal) deadline').required(),
  stepTitle: text('the step the case is at').optional(),
  consequence: text('what the law says happens when the deadline is missed').optional(),
};

export const clockWarning = defineTemplate({
  id: 'clock-warning',
  audience: 'staff',
  description: 'The statutory deadline of a case is approaching.',
  fields: clockFields,
  compose: (d) => ({
    subject: `Legal deadline approaching: ${d.trackingNumber} must be decided by ${formatDateTime(d.dueAt, d.agency)}`,
    blocks: blocks(
      paragraph(
        `The legal deadline for case ${d.trackingNumber} is ${formatDateTime(d.dueAt, d.agency)}. The law sets this date. We must not miss it.`,
      ),
      facts(
        ['Case', d.trackingNumber],
        ['Type', d.serviceName],
        ['Current step', d.stepTitle],
        ['Legal deadline', formatDateTime(d.dueAt, d.agency)],
      ),
      d.consequence !== undefined && paragraph(`If we miss it: ${sentence(d.consequence)}`),
      paragraph(
        'Decide the case before then. If the law allows more time and you need it, extend the deadline in the case and record the reason.',
      ),
      link('Open the case', d.caseUrl),
      staffFooter(d.agency),
    ),
    sms: `Legal deadline for ${d.trackingNumber}: ${formatDateTime(d.dueAt, d.agency)}. ${d.caseUrl}`,
  }),
});

export const clockBreached = defineTemplate({
  id: 'clock-breached',
  audience: 'staff',
  description: 'The statutory deadline of a case passed before a decision.',
  fields: clockFields,
  compose: (d) => ({
    subject: `Legal deadline missed: ${d.trackingNumber}`,
    blocks: blocks(
      paragraph(
        `The legal deadline for case ${d.trackingNumber} passed on ${formatDateTime(d.dueAt, d.agency)}. The case is not decided.`,
      ),
      facts(
        ['Case', d.trackingNumber],
        ['Type', d.serviceName],
        ['Current step', d.stepTitle],
        ['Legal deadline', formatDateTime(d.dueAt, d.agency)],
      ),
      d.consequence !== undefined && paragraph(`What the law says now: ${sentence(d.consequence)}`),
      paragraph('Decide the case as soon as possible and record why it was late.'),
      link('Open the case', d.caseUrl),
      staffFooter(d.agency),
    ),
    sms: `Legal deadline missed: ${d.trackingNumber} (${formatDateTime(d.dueAt, d.agency)}). ${d.caseUrl}`,
  }),
});
