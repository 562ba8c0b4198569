/**
 * Messages to residents. Plain language: short sentences, what happened, what happens next, how to
 * reach the agency, and the tracking number in every message.
 */
import { formatDate, sentence } from '../message-format';
import { agency, flag, instant, requireField, text, textList, url } from '../template-fields';
import { blocks, defineTemplate, facts, heading, link, list, paragraph, residentFooter } from './define-template';

const commonFields = {
  agency: agency('the agency name and how to reach it').required(),
  serviceName: text('what the resident asked for, e.g. "building permit application"').required(),
  trackingNumber: text('the case tracking number the resident quotes').required(),
};

export const caseReceived = defineTemplate({
  id: 'case-received',
  audience: 'resident',
  description: 'Confirms a new request with its tracking number, verification code and status link.',
  fields: {
    ...commonFields,
    verificationCode: text('the code that, with the tracking number, opens the status page').required(),
    statusUrl: url('the public status page of the case').required(),
    receivedAt: instant('when the request was received').required(),
    expectedBy: instant('when the agency aims to finish').optional(),
    nextStep: text('what the agency does next, in one or two sentences').optional(),
  },
  compose: (d) => ({
    subject: `We received your ${d.serviceName}. Tracking number ${d.trackingNumber}`,
    blocks: blocks(
      paragraph(`Thank you. We received your ${d.serviceName} on ${formatDate(d.receivedAt, d.agency)}.`),
      facts(['Tracking number', d.trackingNumber], ['Verification code', d.verificationCode]),
      paragraph('Keep the verification code private. You need it, with the tracking number, to see your case online.'),
      link('Check the status of your case', d.statusUrl),
      heading('What happens next'),
      paragraph(d.nextStep ?? 'A staff member will review your request. We will write to you when its status changes.'),
      d.expectedBy && paragraph(`We aim to finish by ${formatDate(d.expectedBy, d.agency)}.`),
      residentFooter(d.agency, d.trackingNumber),
    ),
    sms: `${d.agency.name}: we received your ${d.serviceName}. Tracking number ${d.trackingNumber}, verification code ${d.verificationCode}. Status: ${d.statusUrl}`,
  }),
});

export const statusChanged = defineTemplate({
  id: 'status-changed',
  audience: 'resident',
  description: 'Tells the resident the case moved to a new status.',
  fields: {
    ...commonFields,
    statusLabel: text('the new status in plain words, e.g. "Under review"').required(),
    statusDescription: text('what the status means for the resident').optional(),
    statusUrl: url('the public status page of the case').required(),
    changedAt: instant('when the status changed').optional(),
    nextStep: text('what happens next, in one or two sentences').optional(),
  },
  compose: (d) => ({
    subject: `Update on your ${d.serviceName} (${d.trackingNumber}): ${d.statusLabel}`,
    blocks: blocks(
      paragraph(`There is news about your ${d.serviceName}. Its status is now: ${d.statusLabel}.`),
      d.changedAt && paragraph(`This changed on ${formatDate(d.changedAt, d.agency)}.`),
      d.statusDescription !== undefined && paragraph(d.statusDescription),
      heading('What happens next'),
      paragraph(d.nextStep ?? 'You do not need to do anything now. We will write to you again when there is news.'),
      link('See your case', d.statusUrl),
      residentFooter(d.agency, d.trackingNumber),
    ),
    sms: `${d.agency.name}: your ${d.serviceName} ${d.trackingNumber} is now "${d.statusLabel}". Details: ${d.statusUrl}`,
  }),
});

export const informationRequested = defineTemplate({
  id: 'information-requested',
  audience: 'resident',
  description: 'Asks the applicant for missing information or documents.',
  fields: {
    ...commonFields,
    items: textList('what the agency needs, one item each').required(),
    replyUrl: url('where the resident sends documents or a reply').required(),
    respondBy: instant('the date the agency needs the reply by').optional(),
    clockPaused: flag('whether the legal deadline is paused until the reply arrives').optional(),
    consequence: text('what happens without a reply, e.g. "your application expires"').optional(),
  },
  compose: (d) => ({
    subject: `Action needed: we need more information for your ${d.serviceName} (${d.trackingNumber})`,
    blocks: blocks(
      paragraph(`We need more information before we can continue with your ${d.serviceName}.`),
      heading('What we need'),
      list(d.items),
      heading('What to do'),
      paragraph(d.respondBy ? `Please send it by ${formatDate(d.respondBy, d.agency)}.` : 'Please send it as soon as you can.'),
      link('Send documents or a reply', d.replyUrl),
      d.clockPaused === true &&
        paragraph('Our legal deadline to decide is paused until we receive it. The deadline starts again when we have what we need.'),
      (d.consequence !== undefined || d.respondBy !== undefined) &&
        paragraph(`If we do not receive it${d.respondBy ? ' by then' : ''}, ${d.consequence ?? 'we may have to close your request'}.`),
      paragraph('If you need help getting any of these, contact us. We will help you.'),
      residentFooter(d.agency, d.trackingNumber),
    ),
    sms: `${d.agency.name}: we need more information for your ${d.serviceName} ${d.trackingNumber}${d.respondBy ? ` by ${formatDate(d.respondBy, d.agency)}` : ''}. Details: ${d.replyUrl}`,
  }),
});

export const decision = defineTemplate({
  id: 'decision',
  audience: 'resident',
  description: 'The decision with its reasons, and appeal rights with the deadline when it can be appealed.',
  fields: {
    ...commonFields,
    outcomeLabel: text('the decision in plain words, e.g. "Permit denied"').required(),
    decidedAt: instant('when the decision was made').required(),
    reasons: textList('why the agency decided this, one reason each').required(),
    statusUrl: url('the public status page of the case').required(),
    appealable: flag('whether the decision can be appealed').required(),
    appealDeadline: instant('the last day an appeal is accepted; required when appealable').optional(),
    appealHow: text('how to appeal, e.g. "Fill in form A-1 and send it to ..."').optional(),
    appealUrl: url('where to file an appeal').optional(),
    nextStep: text('what happens next, e.g. "Book your first inspection"').optional(),
  },
  compose: (d) => {
    const deadline = d.appealable ? requireAppealDeadline(d.appealDeadline) : undefined;
    return {
      subject: `Decision on your ${d.serviceName} (${d.trackingNumber}): ${d.outcomeLabel}`,
      blocks: blocks(
        paragraph(`We have made a decision on your ${d.serviceName}.`),
        facts(['Decision', d.outcomeLabel], ['Date of decision', formatDate(d.decidedAt, d.agency)], ['Tracking number', d.trackingNumber]),
        heading('Why we decided this'),
        list(d.reasons),
        d.nextStep !== undefined && [heading('What happens next'), paragraph(d.nextStep)],
        heading('If you disagree'),
        deadline
          ? blocks(
              paragraph(`You have the right to appeal this decision. Your appeal must reach us by ${formatDate(deadline, d.agency)}.`),
              paragraph(d.appealHow ?? 'To appeal, write to us. Say which decision you disagree with and why. Include your tracking number.'),
              d.appealUrl !== undefined && link('Appeal this decision', d.appealUrl),
            )
          : paragraph('This decision cannot be appealed. If you think we made a mistake, contact us.'),
        link('See your case', d.statusUrl),
        residentFooter(d.agency, d.trackingNumber),
      ),
      sms: `${d.agency.name}: decision on your ${d.serviceName} ${d.trackingNumber}: ${d.outcomeLabel}.${deadline ? ` You may appeal until ${formatDate(deadline, d.agency)}.` : ''} Details: ${d.statusUrl}`,
    };
  },
});

function requireAppealDeadline(value: Date | undefined): Date {
  return requireField('decision', 'appealDeadline', value, 'an appealable decision must state the appeal deadline');
}

export const caseClosed = defineTemplate({
  id: 'case-closed',
  audience: 'resident',
  description: 'The case is closed or resolved; says what was done and how to reopen it.',
  fields: {
    ...commonFields,
    closedAt: instant('when the case was closed').required(),
    resolution: text('what the agency found and did').optional(),
    reopenUntil: instant('the last day the resident can reopen the case').optional(),
    statusUrl: url('the public status page of the case, where it can be reopened').required(),
  },
  compose: (d) => ({
    subject: `Your ${d.serviceName} (${d.trackingNumber}) is closed`,
    blocks: blocks(
      paragraph(`We closed your ${d.serviceName} on ${formatDate(d.closedAt, d.agency)}.`),
      d.resolution !== undefined && paragraph(`What we found and did: ${sentence(d.resolution)}`),
      heading('If the problem is not solved'),
      paragraph(
        d.reopenUntil
          ? `You can reopen your request until ${formatDate(d.reopenUntil, d.agency)}. Use the link below or contact us.`
          : 'Contact us and we will look at it again.',
      ),
      link('See or reopen your case', d.statusUrl),
      residentFooter(d.agency, d.trackingNumber),
    ),
    sms: `${d.agency.name}: your ${d.serviceName} ${d.trackingNumber} is closed.${d.reopenUntil ? ` You can reopen it until ${formatDate(d.reopenUntil, d.agency)}.` : ''} Details: ${d.statusUrl}`,
  }),
});

export const staffReply = defineTemplate({
  id: 'staff-reply',
  audience: 'resident',
  description: "A staff member's answer to the resident's message, on the same email thread.",
  fields: {
    agency: agency('the agency name and how to reach it').required(),
    trackingNumber: text('the case tracking number the resident quotes').required(),
    subject: text("the resident's subject, answered with Re:").required(),
    message: text("the staff member's words").required(),
    statusUrl: url('the public status page of the case').required(),
  },
  compose: (d) => ({
    // The tracking number in the subject threads the resident's next reply to the case.
    subject: `Re: ${d.subject.replace(/^(re:\s*)+/i, '')}${d.subject.includes(d.trackingNumber) ? '' : ` (${d.trackingNumber})`}`,
    blocks: blocks(...d.message.split(/\n{2,}/).map((part) => paragraph(part)), link('See your case', d.statusUrl), residentFooter(d.agency, d.trackingNumber)),
    sms: `${d.agency.name} (${d.trackingNumber}): ${d.message}`,
  }),
});

export const caseReopened = defineTemplate({
  id: 'case-reopened',
  audience: 'resident',
  description: 'A closed case was reopened.',
  fields: {
    ...commonFields,
    reopenedAt: instant('when the case was reopened').required(),
    reason: text('why it was reopened').optional(),
    statusUrl: url('the public status page of the case').required(),
    nextStep: text('what happens next').optional(),
  },
  compose: (d) => ({
    subject: `Your ${d.serviceName} (${d.trackingNumber}) is open again`,
    blocks: blocks(
      paragraph(`We reopened your ${d.serviceName} on ${formatDate(d.reopenedAt, d.agency)}.`),
      d.reason !== undefined && paragraph(`Reason: ${sentence(d.reason)}`),
      heading('What happens next'),
      paragraph(d.nextStep ?? 'A staff member will look at it again. We will write to you when its status changes.'),
      link('See your case', d.statusUrl),
      residentFooter(d.agency, d.trackingNumber),
    ),
    sms: `${d.agency.name}: your ${d.serviceName} ${d.trackingNumber} is open again. Details: ${d.statusUrl}`,
  }),
});
